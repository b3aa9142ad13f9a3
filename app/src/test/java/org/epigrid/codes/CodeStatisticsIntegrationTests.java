package org.epigrid.codes;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.health.CaseStatus;
import org.epigrid.shared.health.CaseStatusChanged;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Verifications are counted per day, division and result where they are made (C1), and
 * each user sees the counts of their jurisdiction only.
 */
@IntegrationTest
class CodeStatisticsIntegrationTests extends AdminApiTest {

	@Autowired
	CodeTokens tokens;

	@Autowired
	CodeStatisticsManagement statistics;

	@Autowired
	UserManagement users;

	@Test
	void verificationsAreCountedInTheGridOfTheGateByResult() {
		record Grid(String path, double lon, double lat) {
		}
		Grid grid = this.jdbc.sql("""
				SELECT path, centroid_lon, centroid_lat FROM division
				WHERE level = 'GRID' AND centroid_lon IS NOT NULL ORDER BY path DESC LIMIT 1
				""").query((rs, i) -> new Grid(rs.getString(1), rs.getDouble(2), rs.getDouble(3))).single();
		String gate = this.api.device(this.admin, "{\"kind\":\"GATE\",\"label\":\"统计测试闸机\",\"days\":30,\"lon\":"
				+ grid.lon() + ",\"lat\":" + grid.lat() + "}");
		long green = count(this.admin, grid.path(), "GREEN");
		long invalid = count(this.admin, grid.path(), "INVALID");

		long person = this.jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 950")
			.query(Long.class)
			.single();
		for (int i = 0; i < 2; i++) {
			Instant now = this.clock.instant();
			String code = this.tokens.issue(new Claims(person, "张*三", Colour.GREEN, false, now, now.plusSeconds(60),
					this.tokens.newTokenId(), Kind.DYNAMIC, null));
			assertThat(this.api.post(gate, "/api/v1/codes/verify", "{\"code\":\"" + code + "\"}")
				.json()
				.get("result")
				.asString()).isEqualTo("GREEN");
		}
		this.api.post(gate, "/api/v1/codes/verify", "{\"code\":\"not a code\"}");
		this.statistics.flush();
		assertThat(count(this.admin, grid.path(), "GREEN")).isEqualTo(green + 2);
		assertThat(count(this.admin, grid.path(), "INVALID")).isEqualTo(invalid + 1);

		// a grid worker elsewhere sees none of this grid's counts
		String otherGrid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' AND path <> :p LIMIT 1")
			.param("p", grid.path())
			.query(String.class)
			.single();
		String username = "gw-" + UUID.randomUUID().toString().substring(0, 8);
		this.users
			.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), otherGrid));
		String worker = this.api.token(username, "grid-worker-password");
		for (JsonNode row : this.api.get(worker, "/api/v1/codes/statistics/daily").json()) {
			assertThat(row.get("divisionPath").asString()).startsWith(otherGrid);
		}
		assertThat(count(worker, grid.path(), "GREEN")).isZero();

		Response backwards = this.api.get(this.admin, "/api/v1/codes/statistics/daily?from=2026-11-02&to=2026-11-01");
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.body()).contains("\"to\"");
	}

	@Test
	void aGridWorkerCountsTheColoursOfTheirOwnGridOnly() {
		List<String> grids = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path LIMIT 2")
			.query(String.class)
			.list();
		long inside = personIn(grids.get(0));
		long outside = personIn(grids.get(1));
		Instant now = this.clock.instant();
		this.tx.executeWithoutResult(s -> {
			this.events.publishEvent(new CaseStatusChanged(inside, CaseStatus.CONFIRMED, now));
			this.events.publishEvent(new CaseStatusChanged(outside, CaseStatus.CONFIRMED, now));
		});
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM code_status WHERE person_id IN (:a, :b) AND colour = 2")
				.param("a", inside)
				.param("b", outside)
				.query(Long.class)
				.single() == 2);

		String username = "gw-" + UUID.randomUUID().toString().substring(0, 8);
		this.users
			.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), grids.get(0)));
		String worker = this.api.token(username, "grid-worker-password");
		Response mine = this.api.get(worker, "/api/v1/codes/statistics/colours");
		assertThat(mine.status()).as(mine.body()).isEqualTo(200);
		for (String colour : List.of("RED", "GREEN", "YELLOW")) {
			long expected = this.jdbc.sql("""
					SELECT count(*) FROM code_status s JOIN person p ON p.id = s.person_id
					WHERE p.merged_into IS NULL AND p.path LIKE :grid || '%' AND s.colour = :rank
					""")
				.param("grid", grids.get(0))
				.param("rank", Colour.valueOf(colour).ordinal())
				.query(Long.class)
				.single();
			assertThat(mine.json().get(colour).asLong()).as(colour).isEqualTo(expected);
		}
		long everyone = this.api.get(this.admin, "/api/v1/codes/statistics/colours").json().get("RED").asLong();
		assertThat(mine.json().get("RED").asLong()).isPositive().isLessThan(everyone);
	}

	private long personIn(String grid) {
		return this.jdbc
			.sql("SELECT id FROM person WHERE merged_into IS NULL AND path LIKE :grid || '%' ORDER BY id DESC LIMIT 1")
			.param("grid", grid)
			.query(Long.class)
			.single();
	}

	private long count(String token, String path, String result) {
		long sum = 0;
		Response response = this.api.get(token, "/api/v1/codes/statistics/daily");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		for (JsonNode row : response.json()) {
			if (row.get("divisionPath").asString().equals(path) && row.get("kind").asString().equals("VERIFY")
					&& row.get("result").asString().equals(result)) {
				sum += row.get("count").asLong();
			}
		}
		return sum;
	}

}
