package org.epigrid.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The untested list (应检未检) of a generated round equals the truth computed here from the
 * population tables: the persons of the round's two grids, minus those sampled (random,
 * some by a second site), minus those exempted as away; per grid and over both; a grid
 * worker sees only their grid and full phones, a commander masked ones.
 */
@IntegrationTest
class UntestedListIntegrationTests extends AdminApiTest {

	@Autowired
	UserManagement users;

	@Test
	void theUntestedListEqualsTheTruthComputedFromThePopulation() {
		List<Grid> grids = this.jdbc.sql("""
				SELECT id, path FROM division WHERE level = 'GRID' ORDER BY id LIMIT 2 OFFSET 1""")
			.query((rs, n) -> new Grid(rs.getLong("id"), rs.getString("path")))
			.list();
		long site = created(this.api.post(this.admin, "/api/v1/testing/sites",
				"""
						{"name":"名单测试采样点","kind":"MOBILE","divisionId":%d,"address":"测试路3号","stations":2,"capacityPerHour":100}"""
					.formatted(grids.get(0).id)))
			.get("id")
			.asLong();
		long samplerId = this.users
			.create(new NewUser("untested-sampler", "采样员", "sampler-password", EnumSet.of(Role.SAMPLER), "/"))
			.id();
		this.api.put(this.admin, "/api/v1/testing/sites/" + site + "/staff/" + samplerId, "");
		String sampler = this.api.token("untested-sampler", "sampler-password");
		Instant now = this.clock.instant();
		long round = created(this.api.post(this.admin, "/api/v1/testing/rounds",
				"""
						{"name":"名单核对轮次","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":5,"divisionIds":[%d,%d]}"""
					.formatted(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(5)), grids.get(0).id,
							grids.get(1).id)))
			.get("id")
			.asLong();

		// sample a random 37 persons of either grid, exempt 3 others as away
		List<Long> everyone = new ArrayList<>();
		grids.forEach(g -> everyone.addAll(personsOf(g)));
		SplittableRandom random = new SplittableRandom(13);
		Set<Long> sampled = new HashSet<>();
		while (sampled.size() < 37) {
			sampled.add(everyone.get(random.nextInt(everyone.size())));
		}
		int tube = 0;
		int inTube = 5;
		for (long person : sampled) {
			if (inTube == 5) {
				created(this.api.post(sampler, "/api/v1/testing/tubes",
						"{\"barcode\":\"UL%d-%d\",\"roundId\":%d,\"siteId\":%d}".formatted(round, ++tube, round,
								site)));
				inTube = 0;
			}
			created(this.api.post(sampler, "/api/v1/testing/tubes/UL%d-%d/samples".formatted(round, tube),
					"{\"idNumber\":\"" + idNumber(person) + "\"}"));
			inTube++;
		}
		Set<Long> away = new HashSet<>();
		while (away.size() < 3) {
			long person = everyone.get(random.nextInt(everyone.size()));
			if (!sampled.contains(person)) {
				away.add(person);
			}
		}
		for (long person : away) {
			Response exempted = this.api.put(this.admin,
					"/api/v1/testing/rounds/%d/exemptions/%d".formatted(round, person),
					"{\"away\":true,\"evidence\":\"在外地务工，社区电话核实\"}");
			assertThat(exempted.status()).as(exempted.body()).isEqualTo(204);
		}
		Response noEvidence = this.api.put(this.admin,
				"/api/v1/testing/rounds/%d/exemptions/%d".formatted(round, everyone.get(0)), "{\"away\":true}");
		assertThat(noEvidence.status()).isEqualTo(400);
		assertThat(noEvidence.body()).contains("evidence");

		// the truth, from the population tables
		for (Grid grid : grids) {
			Set<Long> truth = new HashSet<>(personsOf(grid));
			truth.removeAll(sampled);
			truth.removeAll(away);
			assertThat(untested(this.admin, round, grid.id)).containsExactlyInAnyOrderElementsOf(truth);
		}
		Set<Long> all = new HashSet<>(everyone);
		all.removeAll(sampled);
		all.removeAll(away);
		assertThat(untested(this.admin, round, null)).containsExactlyInAnyOrderElementsOf(all);
		assertThat(this.api.get(this.admin, "/api/v1/testing/rounds/%d/lists/EXEMPTED".formatted(round))
			.json()
			.get("items")
			.valueStream()
			.map(i -> i.get("personId").asLong())
			.toList()).containsExactlyInAnyOrderElementsOf(away);

		// a grid worker: their grid only, phones in full; the commander's list masks them
		String worker = worker(grids.get(1));
		List<Long> workersList = untested(worker, round, null);
		Set<Long> secondGrid = new HashSet<>(personsOf(grids.get(1)));
		secondGrid.removeAll(sampled);
		secondGrid.removeAll(away);
		assertThat(workersList).containsExactlyInAnyOrderElementsOf(secondGrid);
		List<String> workerPhones = phones(worker, round, grids.get(1).id);
		assertThat(workerPhones).isNotEmpty().allMatch(p -> p.matches("1\\d{10}"));
		assertThat(
				this.api.get(worker, "/api/v1/testing/rounds/%d/untested?gridId=%d".formatted(round, grids.get(1).id))
					.json()
					.get("items")
					.get(0)
					.get("idNumber")
					.asString())
			.contains("*");
		assertThat(phones(this.admin, round, grids.get(1).id)).isNotEmpty().allMatch(p -> p.contains("*"));
		assertThat(
				this.api.get(worker, "/api/v1/testing/rounds/%d/untested?gridId=%d".formatted(round, grids.get(0).id))
					.json()
					.get("items"))
			.isEmpty();
		// every list view is audited
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM audit_log WHERE subject_type = 'TESTING_ROUND' AND subject_id = :r")
					.param("r", Long.toString(round))
					.query(Long.class)
					.single())
			.isGreaterThanOrEqualTo(4);
	}

	private List<Long> untested(String token, long round, Long grid) {
		List<Long> ids = new ArrayList<>();
		for (int page = 0;; page++) {
			Response answer = this.api.get(token, "/api/v1/testing/rounds/%d/untested?size=200&page=%d%s"
				.formatted(round, page, (grid == null) ? "" : "&gridId=" + grid));
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			answer.json().get("items").forEach(i -> ids.add(i.get("personId").asLong()));
			if (!answer.json().get("hasNext").asBoolean()) {
				return ids;
			}
		}
	}

	private List<String> phones(String token, long round, long grid) {
		return this.api.get(token, "/api/v1/testing/rounds/%d/untested?gridId=%d".formatted(round, grid))
			.json()
			.get("items")
			.valueStream()
			.filter(i -> i.get("phone") != null && !i.get("phone").isNull())
			.map(i -> i.get("phone").asString())
			.toList();
	}

	private String worker(Grid grid) {
		this.users
			.create(new NewUser("untested-worker", "网格员", "worker-password", EnumSet.of(Role.GRID_WORKER), grid.path));
		return this.api.token("untested-worker", "worker-password");
	}

	private List<Long> personsOf(Grid grid) {
		return this.jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL AND path >= :lo AND path < :hi")
			.param("lo", grid.path)
			.param("hi", grid.path.substring(0, grid.path.length() - 1) + "0")
			.query(Long.class)
			.list();
	}

	private String idNumber(long person) {
		return this.jdbc.sql("SELECT document_number FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
	}

	private static JsonNode created(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	record Grid(long id, String path) {
	}

}
