package org.epigrid.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.codes.Reason;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestingFixtures;
import org.epigrid.support.TestingFixtures.Grid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.support.TestingFixtures.created;
import static org.awaitility.Awaitility.await;

/**
 * The whole flow on the demo town over the API: a round with 10-in-1 pooling, sampling by
 * ID number, one positive pooled tube whose ten members are recalled (their codes turn
 * yellow within a second), single-tube retests of which one is positive (a
 * {@link PositiveResult}, a red code) and nine are cleared; the counts of the grid right
 * at every step, the refusals kept with their reasons.
 */
@IntegrationTest
class TestingFlowIntegrationTests extends AdminApiTest {

	@Autowired
	UserManagement users;

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	MissedRounds missed;

	@Autowired
	ConfigurableApplicationContext context;

	/** The positive results published while a test runs. */
	final List<PositiveResult> positives = new java.util.concurrent.CopyOnWriteArrayList<>();

	private ApplicationListener<PayloadApplicationEvent<PositiveResult>> listener;

	TestingFixtures fixtures;

	@BeforeEach
	void listen() {
		this.fixtures = new TestingFixtures(this.api, this.admin, this.jdbc, this.users);
		this.listener = event -> this.positives.add(event.getPayload());
		this.context.addApplicationListener(this.listener);
	}

	@AfterEach
	void stopListening() {
		this.context.removeApplicationListener(this.listener);
	}

	@Test
	void roundPooledPositiveRecallRetestAndPositiveResult() {
		Grid grid = this.fixtures.grid(4);
		List<Long> persons = this.fixtures.persons(grid);
		long site = this.fixtures.site(grid, "流程测试采样点");
		String sampler = this.fixtures.staff(site, "flow-sampler", Role.SAMPLER).token();
		Instant now = this.clock.instant();
		JsonNode round = created(this.api.post(this.admin, "/api/v1/testing/rounds", """
				{"name":"第1轮全员核酸（流程测试）","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":10,
				 "divisionIds":[%d]}""".formatted(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(6)),
				grid.id())));
		long roundId = round.get("id").asLong();
		assertThat(round.get("required").asLong()).isEqualTo(persons.size());
		assertThat(counts(roundId, grid)).containsExactly((long) persons.size(), 0L, (long) persons.size(), 0L, 0L, 0L);

		// two tubes of ten: the first will be positive
		List<Long> pooled = persons.subList(persons.size() - 10, persons.size());
		List<Long> cleared = persons.subList(persons.size() - 20, persons.size() - 10);
		String positiveTube = "FLOW-P-" + roundId;
		String negativeTube = "FLOW-N-" + roundId;
		fill(sampler, roundId, site, positiveTube, pooled, false);
		fill(sampler, roundId, site, negativeTube, cleared, false);
		// a full tube, the same person twice, an unknown tube: refused, nothing written
		Response full = sample(sampler, positiveTube, persons.get(0));
		assertThat(full.status()).isEqualTo(409);
		assertThat(full.body()).contains("barcode").contains("closed");
		String third = "FLOW-3-" + roundId;
		created(this.api.post(sampler, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(third, roundId, site)));
		Response twice = sample(sampler, third, pooled.get(0));
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.body()).contains("idNumber").contains("already sampled").contains(positiveTube);
		assertThat(sample(sampler, "FLOW-NONE-" + roundId, persons.get(0)).status()).isEqualTo(404);
		assertThat(this.api.get(sampler, "/api/v1/testing/tubes/" + third).json().get("samples").asInt()).isZero();
		assertThat(counts(roundId, grid)).containsExactly((long) persons.size(), 20L, persons.size() - 20L, 0L, 0L, 0L);

		// the lab: the pooled tube positive, the other negative
		String lab = this.api.device(this.admin, "{\"kind\":\"LAB\",\"label\":\"流程测试实验室\",\"days\":30}");
		JsonNode receipt = ok(this.api.post(lab, "/api/v1/testing/results",
				"[{\"barcode\":\"%s\",\"result\":\"POSITIVE\",\"ct\":28.5},{\"barcode\":\"%s\",\"result\":\"阴性\"}]"
					.formatted(positiveTube, negativeTube)));
		assertThat(receipt.get("accepted").asInt()).isEqualTo(2);
		assertThat(receipt.get("recalled").asLong()).isEqualTo(10);
		assertThat(receipt.get("negative").asLong()).isEqualTo(10);
		for (long person : pooled) {
			await().atMost(Duration.ofSeconds(1))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.codes.status(person).colour() == Colour.YELLOW);
			assertThat(this.codes.status(person).reasons()).extracting(Reason::code)
				.containsExactly("POOLED_POSITIVE_RECALL");
		}
		for (long person : cleared) {
			assertThat(this.codes.status(person).colour()).isEqualTo(Colour.GREEN);
		}
		assertThat(counts(roundId, grid)).containsExactly((long) persons.size(), 20L, persons.size() - 20L, 10L, 0L,
				10L);
		assertThat(listed(roundId, "RECALL", grid)).containsExactlyInAnyOrderElementsOf(pooled);

		// a second, conflicting result and an unknown tube: refused, kept with the reason
		JsonNode refused = ok(this.api.post(lab, "/api/v1/testing/results", """
				[{"barcode":"%s","result":"NEGATIVE"},{"barcode":"NO-SUCH-TUBE","result":"NEGATIVE"},
				 {"barcode":"%s","result":"NEGATIVE"}]""".formatted(positiveTube, negativeTube)));
		assertThat(refused.get("accepted").asInt()).isZero();
		assertThat(refused.get("duplicates").asInt()).isEqualTo(1);
		assertThat(refused.get("rejected").asInt()).isEqualTo(2);
		JsonNode kept = this.api
			.get(this.admin, "/api/v1/testing/result-rejections?batchId=" + refused.get("batchId").asLong())
			.json();
		assertThat(kept).hasSize(2);
		assertThat(kept.get(0).get("reason").asString()).contains("already has the result POSITIVE");
		assertThat(kept.get(1).get("reason").asString()).contains("unknown tube NO-SUCH-TUBE");
		assertThat(this.codes.status(pooled.get(0)).colour()).isEqualTo(Colour.YELLOW);

		// single-tube retests: a person not recalled is refused
		Response notRecalled = retest(sampler, roundId, site, "FLOW-R-X-" + roundId, cleared.get(0));
		assertThat(notRecalled.status()).isEqualTo(409);
		assertThat(notRecalled.body()).contains("not recalled");
		List<String> retests = new ArrayList<>();
		for (long person : pooled) {
			String tube = "FLOW-R" + retests.size() + "-" + roundId;
			assertThat(retest(sampler, roundId, site, tube, person).status()).isEqualTo(201);
			retests.add(tube);
		}
		assertThat(this.api.get(sampler, "/api/v1/testing/tubes/" + retests.get(0)).json().get("closedAt").isNull())
			.isFalse();
		StringBuilder results = new StringBuilder("[");
		for (int i = 0; i < retests.size(); i++) {
			results.append((i == 0) ? "" : ",")
				.append("{\"barcode\":\"%s\",\"result\":\"%s\"}".formatted(retests.get(i),
						(i == 3) ? "POSITIVE" : "NEGATIVE"));
		}
		JsonNode retested = ok(this.api.post(lab, "/api/v1/testing/results", results.append("]").toString()));
		assertThat(retested.get("positive").asLong()).isEqualTo(1);
		assertThat(retested.get("negative").asLong()).isEqualTo(9);
		long positive = pooled.get(3);
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(positive).colour() == Colour.RED);
		assertThat(this.codes.status(positive).reasons()).extracting(Reason::code).contains("POSITIVE_TEST");
		// the positive's household are close contacts of the case tracing opens (red):
		// the others of the tube are green again
		Long household = this.jdbc.sql("SELECT household_id FROM person WHERE id = :id")
			.param("id", positive)
			.query(Long.class)
			.single();
		for (long person : pooled) {
			boolean livesWith = household != null
					&& household.equals(this.jdbc.sql("SELECT household_id FROM person WHERE id = :id")
						.param("id", person)
						.query(Long.class)
						.single());
			if (person != positive && !livesWith) {
				await().atMost(Duration.ofSeconds(1))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> this.codes.status(person).colour() == Colour.GREEN);
			}
			else if (livesWith) {
				await().atMost(Duration.ofSeconds(5))
					.pollInterval(Duration.ofMillis(20))
					.until(() -> this.codes.status(person).colour() == Colour.RED);
			}
		}
		// PositiveResult published for tracing: the one person, with the tube and the lab
		assertThat(this.positives).hasSize(1);
		assertThat(this.positives.get(0).personId()).isEqualTo(positive);
		assertThat(this.positives.get(0).tubeBarcode()).isEqualTo(retests.get(3));
		assertThat(this.positives.get(0).lab()).isEqualTo("流程测试实验室");
		assertThat(this.positives.get(0).roundId()).isEqualTo(roundId);
		assertThat(counts(roundId, grid)).containsExactly((long) persons.size(), 20L, persons.size() - 20L, 0L, 1L,
				19L);
		assertThat(listed(roundId, "POSITIVE", grid)).containsExactly(positive);
		// drilled below the grid, into each micro-grid: its own negatives, not the grid's
		List<Long> negatives = new ArrayList<>(cleared);
		pooled.stream().filter(p -> p != positive).forEach(negatives::add);
		List<Division> microGrids = this.jdbc.sql("""
				SELECT id, path FROM population_division_place WHERE level = 'MICRO_GRID' AND path LIKE :grid || '%'""")
			.param("grid",
					this.jdbc.sql("SELECT path FROM population_division_place WHERE id = :id")
						.param("id", grid.id())
						.query(String.class)
						.single())
			.query((rs, n) -> new Division(rs.getLong("id"), rs.getString("path")))
			.list();
		assertThat(microGrids).hasSizeGreaterThan(1);
		for (Division micro : microGrids) {
			long truth = this.jdbc.sql("""
					SELECT count(*) FROM population_person_profile
					WHERE person_id = ANY(CAST(:ids AS bigint[])) AND path LIKE :path || '%'""")
				.param("ids", negatives.toArray(Long[]::new))
				.param("path", micro.path())
				.query(Long.class)
				.single();
			JsonNode total = this.api
				.get(this.admin, "/api/v1/testing/rounds/" + roundId + "/progress?divisionId=" + micro.id())
				.json()
				.get("total");
			assertThat(total.get("negative").asLong()).as("negatives in micro-grid " + micro.path()).isEqualTo(truth);
		}

		// untested: everyone due in the grid but the twenty sampled, as the database says
		Set<Long> expected = new HashSet<>(persons);
		pooled.forEach(expected::remove);
		cleared.forEach(expected::remove);
		assertThat(listed(roundId, "UNTESTED", grid)).containsExactlyInAnyOrderElementsOf(expected);
	}

	@Test
	void theUntestedOfAFinishedRoundTurnYellowOnce() {
		Grid grid = this.fixtures.grid(3);
		List<Long> persons = this.fixtures.persons(grid);
		long site = this.fixtures.site(grid, "截止测试采样点");
		String sampler = this.fixtures.staff(site, "deadline-sampler", Role.SAMPLER).token();
		Instant now = this.clock.instant();
		// running: two sampled
		JsonNode round = created(this.api.post(this.admin, "/api/v1/testing/rounds", """
				{"name":"截止测试","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":5,"divisionIds":[%d]}"""
			.formatted(now.minus(Duration.ofHours(2)), now.plus(Duration.ofHours(2)), grid.id())));
		long roundId = round.get("id").asLong();
		List<Long> sampled = persons.subList(0, 2);
		fill(sampler, roundId, site, "DEADLINE-" + roundId, sampled, true);
		// the deadline passes (the round's end moved before now, as a commander ending it
		// early would)
		this.jdbc.sql("UPDATE testing_round SET ends_at = :t WHERE id = :id")
			.param("t", java.sql.Timestamp.from(now.minus(Duration.ofMinutes(1))))
			.param("id", roundId)
			.update();
		this.missed.reportDue();
		assertThat(this.missed.reportDue()).isZero();
		long untested = persons.get(persons.size() - 1);
		// the codes learn it asynchronously (no time is promised for a missed round: the
		// bound only keeps a broken listener from hanging the test; 2 s once failed on a
		// busy CI machine)
		await().atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(untested).colour() == Colour.YELLOW);
		assertThat(this.codes.status(untested).reasons()).extracting(Reason::code).contains("MISSED_TESTING_ROUND");
		assertThat(this.codes.status(sampled.get(0)).reasons()).extracting(Reason::code)
			.doesNotContain("MISSED_TESTING_ROUND");
		// (one publication per listener: the codes and grid operations both hear it)
		long events = this.jdbc
			.sql("""
					SELECT count(DISTINCT serialized_event) FROM event_publication WHERE event_type LIKE '%TestingRoundMissed'
					AND serialized_event LIKE :round""")
			.param("round", "%\"roundId\":" + roundId + ",%")
			.query(Long.class)
			.single();
		assertThat(events).isEqualTo((persons.size() - 2 + 9_999) / 10_000);
	}

	@Test
	void boxesCarryClosedTubesFromSiteToCourierToLabAndEveryWrongScanIsRefused() {
		Grid grid = this.fixtures.grid(5);
		List<Long> persons = this.fixtures.persons(grid);
		long site = this.fixtures.site(grid, "转运测试采样点");
		String sampler = this.fixtures.staff(site, "box-sampler", Role.SAMPLER).token();
		String courier = this.fixtures.staff(site, "box-courier", Role.COURIER).token();
		Instant now = this.clock.instant();
		long roundId = created(this.api.post(this.admin, "/api/v1/testing/rounds",
				"""
						{"name":"转运测试","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":5,"divisionIds":[%d]}"""
					.formatted(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)), grid.id())))
			.get("id")
			.asLong();
		String closed = "BOX-T1-" + roundId;
		String open = "BOX-T2-" + roundId;
		fill(sampler, roundId, site, closed, persons.subList(0, 2), true);
		created(this.api.post(sampler, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(open, roundId, site)));
		String box = "BOX-A-" + roundId;
		String other = "BOX-B-" + roundId;
		created(this.api.post(sampler, "/api/v1/testing/boxes",
				"{\"barcode\":\"%s\",\"siteId\":%d}".formatted(box, site)));
		created(this.api.post(sampler, "/api/v1/testing/boxes",
				"{\"barcode\":\"%s\",\"siteId\":%d}".formatted(other, site)));
		// a courier may not pick up an open box; an open tube may not be packed
		assertThat(this.api.post(courier, "/api/v1/testing/boxes/" + box + "/pick-up", "{}").status()).isEqualTo(409);
		Response stillOpen = this.api.post(sampler, "/api/v1/testing/boxes/" + box + "/tubes",
				"{\"tube\":\"" + open + "\"}");
		assertThat(stillOpen.status()).isEqualTo(409);
		assertThat(stillOpen.body()).contains("tube").contains("still open");
		ok(this.api.post(sampler, "/api/v1/testing/boxes/" + box + "/tubes", "{\"tube\":\"" + closed + "\"}"));
		Response twice = this.api.post(sampler, "/api/v1/testing/boxes/" + other + "/tubes",
				"{\"tube\":\"" + closed + "\"}");
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.body()).contains("already in box " + box);
		ok(this.api.post(sampler, "/api/v1/testing/boxes/" + box + "/sealing", ""));
		assertThat(
				this.api.post(sampler, "/api/v1/testing/boxes/" + box + "/tubes", "{\"tube\":\"" + open + "\"}").body())
			.contains("sealed");
		// the hand-overs: a note too long is refused, naming it; then courier, then lab
		Response longNote = this.api.post(courier, "/api/v1/testing/boxes/" + box + "/pick-up",
				"{\"note\":\"" + "长".repeat(201) + "\"}");
		assertThat(longNote.status()).isEqualTo(400);
		assertThat(longNote.body()).contains("note");
		ok(this.api.post(courier, "/api/v1/testing/boxes/" + box + "/pick-up", "{\"note\":\"车牌苏E12345\"}"));
		String lab = this.api.device(this.admin, "{\"kind\":\"LAB\",\"label\":\"转运测试实验室\",\"days\":30}");
		JsonNode received = ok(this.api.post(lab, "/api/v1/testing/boxes/" + box + "/receipt", "{}"));
		assertThat(received.get("holder").asString()).isEqualTo("LAB");
		assertThat(received.get("tubeBarcodes")).hasSize(1);
		assertThat(received.get("handovers").valueStream().map(h -> h.get("to").asString()).toList())
			.containsExactly("COURIER", "LAB");
		assertThat(received.get("handovers").get(0).get("note").asString()).isEqualTo("车牌苏E12345");
		assertThat(this.api.post(lab, "/api/v1/testing/boxes/" + box + "/receipt", "{}").status()).isEqualTo(409);
		// the lab's token reads nothing else
		assertThat(this.api.get(lab, "/api/v1/testing/boxes/" + box).status()).isEqualTo(403);
	}

	private void fill(String sampler, long roundId, long site, String tube, List<Long> persons, boolean close) {
		created(this.api.post(sampler, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(tube, roundId, site)));
		JsonNode last = null;
		for (long person : persons) {
			last = created(sample(sampler, tube, person));
		}
		if (close) {
			assertThat(this.api.post(sampler, "/api/v1/testing/tubes/" + tube + "/closing", "").status())
				.isEqualTo(200);
		}
		else {
			assertThat(last.get("closed").asBoolean()).isTrue();
			assertThat(last.get("samples").asInt()).isEqualTo(persons.size());
		}
	}

	private Response retest(String sampler, long roundId, long site, String tube, long person) {
		created(this.api.post(sampler, "/api/v1/testing/tubes",
				"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d,\"retest\":true}".formatted(tube, roundId, site)));
		return sample(sampler, tube, person);
	}

	private Response sample(String sampler, String tube, long person) {
		String id = this.jdbc.sql("SELECT document_number FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
		return this.api.post(sampler, "/api/v1/testing/tubes/" + tube + "/samples", "{\"idNumber\":\"" + id + "\"}");
	}

	/** required, sampled, remaining, recall, positive, negative of the grid. */
	private List<Long> counts(long roundId, Grid grid) {
		JsonNode progress = this.api
			.get(this.admin, "/api/v1/testing/rounds/" + roundId + "/progress?divisionId=" + grid.parent())
			.json();
		JsonNode row = null;
		for (JsonNode r : progress.get("rows")) {
			if (r.get("divisionId").asLong() == grid.id()) {
				row = r;
			}
		}
		assertThat(row).as("the grid's row").isNotNull();
		return List.of(row.get("required").asLong(), row.get("sampled").asLong(), row.get("remaining").asLong(),
				row.get("recall").asLong(), row.get("positive").asLong(), row.get("negative").asLong());
	}

	private List<Long> listed(long roundId, String list, Grid grid) {
		List<Long> ids = new ArrayList<>();
		for (int page = 0;; page++) {
			JsonNode slice = this.api
				.get(this.admin,
						"/api/v1/testing/rounds/%d/lists/%s?gridId=%d&size=200&page=%d".formatted(roundId, list,
								grid.id(), page))
				.json();
			slice.get("items").forEach(i -> ids.add(i.get("personId").asLong()));
			if (!slice.get("hasNext").asBoolean()) {
				return ids;
			}
		}
	}

	private static JsonNode ok(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private record Division(long id, String path) {
	}

}
