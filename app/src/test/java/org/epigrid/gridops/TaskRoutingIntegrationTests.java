package org.epigrid.gridops;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.shared.health.InboundFromRiskCity;
import org.epigrid.shared.health.TestingRoundMissed;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tasks at the door from the other modules' facts: a round's untested residents, new
 * close contacts and arrivals from risk cities become tasks for the micro-grid informant
 * of the person's home when the informant has an account, else for the grid worker —
 * exactly once, even when an event is delivered twice.
 */
@IntegrationTest
class TaskRoutingIntegrationTests extends AdminApiTest {

	@Autowired
	UserManagement users;

	@Test
	void factsBecomeTasksForTheRightInformantOrGridWorkerExactlyOnce() {
		// two micro-grids of one grid: A's informant has an account, B's (for this test)
		// none
		List<Object[]> micro = this.jdbc.sql("""
				SELECT m.id, m.path, g.path FROM division m JOIN division g ON g.id = m.parent_id
				 WHERE m.level = 'MICRO_GRID' AND g.level = 'GRID'
				   AND (SELECT count(*) FROM division s WHERE s.parent_id = g.id AND s.level = 'MICRO_GRID') >= 2
				 ORDER BY g.id DESC, m.id LIMIT 2""")
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getString(3) })
			.list();
		long microA = (Long) micro.get(0)[0];
		String pathA = (String) micro.get(0)[1];
		long microB = (Long) micro.get(1)[0];
		String pathB = (String) micro.get(1)[1];
		String grid = (String) micro.get(0)[2];
		String informant = this.jdbc
			.sql("SELECT username FROM grid_staff WHERE division_id = :a AND role = 'MICRO_GRID_INFORMANT' LIMIT 1")
			.param("a", microA)
			.query(String.class)
			.single();
		assertThat(informant).isNotNull();
		String informantB = this.jdbc
			.sql("SELECT username FROM grid_staff WHERE division_id = :b AND role = 'MICRO_GRID_INFORMANT' LIMIT 1")
			.param("b", microB)
			.query(String.class)
			.single();
		this.jdbc.sql("UPDATE grid_staff SET username = NULL WHERE division_id = :b AND role = 'MICRO_GRID_INFORMANT'")
			.param("b", microB)
			.update();
		List<Long> created = new java.util.ArrayList<>();
		try {
			long inA = person(pathA);
			long inB = person(pathB);
			created.add(inA);
			created.add(inB);
			routed(inA, inB, pathA, pathB, grid, informant);
		}
		finally {
			// the persons leave the grid again: other tests take "the grid's last
			// persons"
			this.jdbc
				.sql("UPDATE grid_staff SET username = :u WHERE division_id = :b AND role = 'MICRO_GRID_INFORMANT'")
				.param("u", informantB)
				.param("b", microB)
				.update();
			this.jdbc.sql("DELETE FROM gridops_task WHERE person_id IN (:ids)").param("ids", created).update();
			this.jdbc.sql("DELETE FROM person WHERE id IN (:ids)").param("ids", created).update();
		}
	}

	private void routed(long inA, long inB, String pathA, String pathB, String grid, String informant) {

		long round = System.nanoTime() % 1_000_000_000L;
		Instant deadline = this.clock.instant().minus(Duration.ofHours(1));
		TestingRoundMissed missed = new TestingRoundMissed(round, deadline, List.of(inA, inB));
		publish(missed);
		publish(missed);
		publish(new ContactStatusChanged(List.of(inA), ContactLevel.CLOSE, this.clock.instant()));
		publish(new ContactStatusChanged(List.of(inA), ContactLevel.CLOSE, this.clock.instant()));
		publish(new ContactStatusChanged(List.of(inB), ContactLevel.SECONDARY, this.clock.instant()));
		publish(new InboundFromRiskCity(List.of(new InboundFromRiskCity.Arrival(inB, "某市", this.clock.instant()))));
		await().atMost(Duration.ofSeconds(10)).until(() -> tasks(inA) == 2 && tasks(inB) == 2);
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> tasks(inA) == 2 && tasks(inB) == 2);

		assertThat(assignee(inA, "UNTESTED")).isEqualTo(pathA);
		assertThat(assignee(inA, "CLOSE_CONTACT")).isEqualTo(pathA);
		assertThat(assignee(inB, "UNTESTED")).isEqualTo(grid);
		assertThat(assignee(inB, "INBOUND_TRAVELLER")).isEqualTo(grid);
		// due from the kind's SLA: a round's untested 4 hours after its deadline
		assertThat(this.jdbc.sql("SELECT due_at FROM gridops_task WHERE person_id = :p AND kind = 'UNTESTED'")
			.param("p", inA)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant())
			.isCloseTo(deadline.plus(Duration.ofHours(4)), org.assertj.core.api.Assertions
				.within(java.time.Duration.ofMillis(1).toMillis(), java.time.temporal.ChronoUnit.MILLIS));

		// the informant sees A's tasks; the grid worker sees their own (B's) as "mine"
		// and
		// everything of the grid otherwise
		String informantToken = user(informant, pathA);
		String worker = user("gw" + System.nanoTime() % 1_000_000, grid);
		JsonNode informantTasks = list(informantToken, "mine=true");
		assertThat(informantTasks.toString()).contains("\"personId\":" + inA + ",")
			.doesNotContain("\"personId\":" + inB + ",");
		JsonNode workerMine = list(worker, "mine=true");
		assertThat(workerMine.toString()).contains("\"personId\":" + inB + ",")
			.doesNotContain("\"personId\":" + inA + ",");
		assertThat(list(worker, "mine=false").toString()).contains("\"personId\":" + inA + ",");
		// the close contact first: priority 1
		JsonNode first = informantTasks.get(0);
		assertThat(first.get("kind").asString()).isEqualTo("CLOSE_CONTACT");
		// the untested task is overdue? not yet: due in 3 hours
		long untested = this.jdbc.sql("SELECT id FROM gridops_task WHERE person_id = :p AND kind = 'UNTESTED'")
			.param("p", inA)
			.query(Long.class)
			.single();
		Response done = this.api.post(informantToken, "/api/v1/gridops/tasks/" + untested + "/outcome",
				"{\"status\":\"DONE\",\"outcome\":\"TESTED_AT_SITE\",\"note\":\"已到社区采样点\"}");
		assertThat(done.status()).as(done.body()).isEqualTo(200);
		assertThat(done.json().get("status").asString()).isEqualTo("DONE");
		// not B's informant's business, and a wrong status is named
		long bTask = this.jdbc.sql("SELECT id FROM gridops_task WHERE person_id = :p AND kind = 'UNTESTED'")
			.param("p", inB)
			.query(Long.class)
			.single();
		assertThat(this.api.post(informantToken, "/api/v1/gridops/tasks/" + bTask + "/outcome", "{\"status\":\"DONE\"}")
			.status()).isEqualTo(404);
		Response wrong = this.api.post(worker, "/api/v1/gridops/tasks/" + bTask + "/outcome", "{\"status\":\"MAYBE\"}");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.body()).contains("status");
	}

	private long person(String path) {
		return this.jdbc
			.sql("""
					INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at, updated_at)
					VALUES ('任务测试', 'RESIDENT_ID', :n, 'UNKNOWN', :path, 'RESIDENT', now(), now()) RETURNING id""")
			.param("n", org.epigrid.support.TestIds.valid())
			.param("path", path)
			.query(Long.class)
			.single();
	}

	private long tasks(long person) {
		return this.jdbc.sql("SELECT count(*) FROM gridops_task WHERE person_id = :p")
			.param("p", person)
			.query(Long.class)
			.single();
	}

	private String assignee(long person, String kind) {
		return this.jdbc.sql("SELECT assignee_path FROM gridops_task WHERE person_id = :p AND kind = :k")
			.param("p", person)
			.param("k", kind)
			.query(String.class)
			.single();
	}

	private String user(String username, String jurisdiction) {
		this.users
			.create(new NewUser(username, "网格人员", "grid-task-password", EnumSet.of(Role.GRID_WORKER), jurisdiction));
		return this.api.token(username, "grid-task-password");
	}

	private JsonNode list(String token, String query) {
		Response response = this.api.get(token, "/api/v1/gridops/tasks?" + query);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("items");
	}

}
