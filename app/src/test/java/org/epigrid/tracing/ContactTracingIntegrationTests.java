package org.epigrid.tracing;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.testing.PositiveResult;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contacts computed from data, in hand-built scenarios: a household, venue stays that
 * overlap by exactly the minimum or a minute less, the crowded-venue rule, the look-back
 * window, secondary contacts on and off by protocol, re-runs that never duplicate, and a
 * close contact's code turning red.
 */
@IntegrationTest
class ContactTracingIntegrationTests extends AdminApiTest {

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	UserManagement users;

	@Test
	void aCasesHouseholdAreCloseContactsAndTheirCodesTurnRed() {
		List<Long> household = household(3);
		long patient = household.get(0);
		JsonNode opened = openCase(patient, this.clock.instant().minus(Duration.ofHours(6)));
		assertThat(opened.get("state").asString()).isEqualTo("REPORTED");
		assertThat(opened.get("source").asString()).isEqualTo("MANUAL");
		assertThat(opened.get("contactsRunAt").isNull()).isFalse();
		long caseId = opened.get("id").asLong();

		JsonNode contacts = contacts(caseId);
		assertThat(contacts).hasSize(2);
		for (JsonNode contact : contacts) {
			assertThat(household).contains(contact.get("personId").asLong());
			assertThat(contact.get("level").asString()).isEqualTo("CLOSE");
			assertThat(contact.get("viaPersonId").isNull()).isTrue();
			assertThat(contact.get("evidence")).hasSize(1);
			assertThat(contact.get("evidence").get(0).get("kind").asString()).isEqualTo("HOUSEHOLD");
			assertThat(contact.get("evidence").get(0).get("throughPersonId").asLong()).isEqualTo(patient);
			assertThat(contact.get("protocolVersion").asInt()).isPositive();
		}
		// the codes: the case red, its close contacts red, with their reasons
		await().atMost(Duration.ofSeconds(5))
			.until(() -> household.stream().allMatch(p -> this.codes.status(p).colour() == Colour.RED));
		assertThat(this.codes.status(household.get(1)).reasons()).extracting(r -> r.code()).contains("CLOSE_CONTACT");
		assertThat(this.codes.status(patient).reasons()).extracting(r -> r.code()).contains("CONFIRMED_CASE");
	}

	@Test
	void aPositiveResultOpensACaseWhoseCloseContactsTurnRed() {
		List<Long> household = household(2);
		long patient = household.get(0);
		long colleague = household(1).get(0);
		long office = venue("OFFICE", "ORDINARY");
		Instant sampled = this.clock.instant().minus(Duration.ofHours(20));
		checkIn(office, patient, sampled.minus(Duration.ofDays(1)));
		checkIn(office, colleague, sampled.minus(Duration.ofDays(1)).plus(Duration.ofMinutes(30)));
		publish(new PositiveResult(patient, 1, 77, "TUBE-TR-" + patient, 1, sampled, this.clock.instant(),
				new java.math.BigDecimal("24.5"), "测试实验室"));

		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.codes.status(colleague).colour() == Colour.RED
					&& this.codes.status(household.get(1)).colour() == Colour.RED);
		TracingCase opened = this.jdbc.sql("SELECT id FROM tracing_case WHERE person_id = :p")
			.param("p", patient)
			.query(Long.class)
			.optional()
			.map(id -> this.api.get(this.admin, "/api/v1/tracing/cases/" + id).json())
			.map(json -> new TracingCase(json.get("id").asLong(), patient, null, null, null,
					CaseState.valueOf(json.get("state").asString()), null,
					Instant.parse(json.get("firstPositiveAt").asString()),
					CaseSource.valueOf(json.get("source").asString()), json.get("sourceNote").asString(), null, null,
					json.get("openedBy").asString(), null, null, null))
			.orElseThrow();
		assertThat(opened.source()).isEqualTo(CaseSource.POSITIVE_RESULT);
		assertThat(Duration.between(sampled, opened.firstPositiveAt()).abs()).isLessThan(Duration.ofMillis(1));
		assertThat(opened.sourceNote()).contains("TUBE-TR-" + patient);
		assertThat(opened.openedBy()).isEqualTo("system");
		assertThat(level(contacts(opened.id()), colleague)).isEqualTo("CLOSE");
		// a second positive of the same person opens nothing more
		publish(new PositiveResult(patient, 1, 78, "TUBE-TR2-" + patient, 1, this.clock.instant(), this.clock.instant(),
				null, "测试实验室"));
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(2))
			.until(() -> this.jdbc.sql("SELECT count(*) FROM tracing_case WHERE person_id = :p")
				.param("p", patient)
				.query(Long.class)
				.single() == 1);
	}

	@Test
	void venueStaysOverlappingByTheMinimumAreCloseAndAMinuteLessIsGeneral() {
		long patient = household(1).get(0);
		List<Long> others = household(1);
		others.addAll(household(1));
		others.addAll(household(1));
		others.addAll(household(1));
		// a bank: ordinary, a stay counts 20 minutes; close at 15 minutes together
		long bank = venue("BANK", "ORDINARY");
		Instant t = this.clock.instant().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		// four visits of the case, two hours apart (the others do not meet each other)
		checkIn(bank, patient, t);
		// 15 minutes together
		checkIn(bank, others.get(0), t.plus(Duration.ofMinutes(5)));
		Instant t2 = t.plus(Duration.ofHours(2));
		checkIn(bank, patient, t2);
		// 14
		checkIn(bank, others.get(1), t2.plus(Duration.ofMinutes(6)));
		Instant t3 = t.plus(Duration.ofHours(4));
		checkIn(bank, patient, t3);
		// in as the case left
		checkIn(bank, others.get(2), t3.plus(Duration.ofMinutes(20)));
		Instant t4 = t.plus(Duration.ofHours(6));
		checkIn(bank, patient, t4);
		// 15, came before
		checkIn(bank, others.get(3), t4.minus(Duration.ofMinutes(5)));

		long caseId = openCase(patient, this.clock.instant().minus(Duration.ofHours(1))).get("id").asLong();
		JsonNode contacts = contacts(caseId);
		assertThat(level(contacts, others.get(0))).isEqualTo("CLOSE");
		assertThat(level(contacts, others.get(1))).isEqualTo("GENERAL");
		assertThat(level(contacts, others.get(2))).isNull();
		assertThat(level(contacts, others.get(3))).isEqualTo("CLOSE");
		JsonNode evidence = contact(contacts, others.get(0)).get("evidence").get(0);
		assertThat(evidence.get("kind").asString()).isEqualTo("VENUE");
		assertThat(evidence.get("venueId").asLong()).isEqualTo(bank);
		assertThat(evidence.get("overlapMinutes").asLong()).isEqualTo(15);
		assertThat(Instant.parse(evidence.get("exposedFrom").asString())).isEqualTo(t);
		assertThat(Instant.parse(evidence.get("from").asString())).isEqualTo(t.plus(Duration.ofMinutes(5)));
		assertThat(Instant.parse(contact(contacts, others.get(0)).get("firstExposureAt").asString()))
			.isEqualTo(t.plus(Duration.ofMinutes(5)));
		assertThat(contact(contacts, others.get(1)).get("evidence").get(0).get("overlapMinutes").asLong())
			.isEqualTo(14);
	}

	@Test
	void aCrowdedVenueAsksForLessTimeTogetherThanAnOrdinaryOne() {
		long patient = household(1).get(0);
		long atCrowded = household(1).get(0);
		long atOrdinary = household(1).get(0);
		// the same kind of place (a stay counts 40 minutes), crowded or not
		long crowded = venue("SUPERMARKET", "CROWDED");
		long ordinary = venue("SUPERMARKET", "ORDINARY");
		Instant t = this.clock.instant().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		checkIn(crowded, patient, t);
		checkIn(crowded, atCrowded, t.plus(Duration.ofMinutes(34))); // 6 minutes together
		checkIn(ordinary, patient, t.plus(Duration.ofHours(3)));
		checkIn(ordinary, atOrdinary, t.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(34)));

		JsonNode contacts = contacts(openCase(patient, this.clock.instant()).get("id").asLong());
		assertThat(level(contacts, atCrowded)).isEqualTo("CLOSE");
		assertThat(level(contacts, atOrdinary)).isEqualTo("GENERAL");
		assertThat(contact(contacts, atCrowded).get("evidence").get(0).get("crowdClass").asString())
			.isEqualTo("CROWDED");
	}

	@Test
	void staysBeforeTheLookBackWindowDoNotCount() {
		long patient = household(1).get(0);
		long early = household(1).get(0);
		long inside = household(1).get(0);
		long bank = venue("BANK", "ORDINARY");
		Instant positive = this.clock.instant().minus(Duration.ofHours(2));
		// the window opens 4 days before the positive sample
		checkIn(bank, patient, positive.minus(Duration.ofDays(4)).minus(Duration.ofMinutes(30)));
		checkIn(bank, early, positive.minus(Duration.ofDays(4)).minus(Duration.ofMinutes(30)));
		checkIn(bank, patient, positive.minus(Duration.ofDays(3)));
		checkIn(bank, inside, positive.minus(Duration.ofDays(3)));

		JsonNode contacts = contacts(openCase(patient, positive).get("id").asLong());
		assertThat(level(contacts, early)).isNull();
		assertThat(level(contacts, inside)).isEqualTo("CLOSE");
	}

	@Test
	void secondaryContactsAreTracedWhenTheProtocolAsksAndNotAfterItStops() {
		JsonNode defaults = this.api.get(this.admin, "/api/v1/tracing/protocol").json();
		try {
			Instant t = this.clock.instant()
				.minus(Duration.ofDays(2))
				.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
			List<Long> first = household(2);
			long secondOfFirst = household(1).get(0);
			long office = venue("OFFICE", "ORDINARY");
			// the close contact (household) spends the afternoon with a colleague
			checkIn(office, first.get(1), t);
			checkIn(office, secondOfFirst, t.plus(Duration.ofHours(1)));
			JsonNode contacts = contacts(openCase(first.get(0), this.clock.instant()).get("id").asLong());
			assertThat(level(contacts, first.get(1))).isEqualTo("CLOSE");
			assertThat(level(contacts, secondOfFirst)).isEqualTo("SECONDARY");
			JsonNode secondary = contact(contacts, secondOfFirst);
			assertThat(secondary.get("viaPersonId").asLong()).isEqualTo(first.get(1));
			assertThat(secondary.get("evidence").get(0).get("throughPersonId").asLong()).isEqualTo(first.get(1));
			assertThat(secondary.get("evidence").get(0).get("overlapMinutes").asLong()).isEqualTo(7 * 60);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> this.codes.status(secondOfFirst).colour() == Colour.YELLOW);

			// the November 2022 rules: no secondary contacts
			Response changed = this.api.post(this.admin, "/api/v1/tracing/protocol", """
					{"name": "二十条 20 measures", "note": "no secondary contacts",
					 "definitions": {"lookBackDays": 4, "householdIsClose": true,
					   "closeOverlapMinutes": {"ORDINARY": 15, "CROWDED": 5, "SENSITIVE": 10},
					   "generalOverlapMinutes": 1, "secondaryContacts": false}}""");
			assertThat(changed.status()).as(changed.body()).isEqualTo(201);
			int version = changed.json().get("version").asInt();
			List<Long> second = household(2);
			long secondOfSecond = household(1).get(0);
			long office2 = venue("OFFICE", "ORDINARY");
			checkIn(office2, second.get(1), t);
			checkIn(office2, secondOfSecond, t.plus(Duration.ofHours(1)));
			JsonNode after = contacts(openCase(second.get(0), this.clock.instant()).get("id").asLong());
			assertThat(level(after, second.get(1))).isEqualTo("CLOSE");
			assertThat(contact(after, second.get(1)).get("protocolVersion").asInt()).isEqualTo(version);
			assertThat(level(after, secondOfSecond)).isNull();
		}
		finally {
			Response restored = this.api.post(this.admin, "/api/v1/tracing/protocol",
					"{\"name\":\"restored\",\"definitions\":" + defaults.get("definitions") + "}");
			assertThat(restored.status()).as(restored.body()).isEqualTo(201);
		}
	}

	@Test
	void aTrajectoryListsTheCasesPlacesAndOverlaidCasesShowWhereTheyMet() {
		long a = household(1).get(0);
		long b = household(1).get(0);
		Instant t = this.clock.instant().minus(Duration.ofDays(2)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		TracingScenario scenario = scenario();
		long market = scenario.venue("MARKET", "CROWDED", 121.0, 31.0);
		long bank = scenario.venue("BANK", "ORDINARY", 121.1, 31.1);
		// about 48 metres east of the bank
		long pharmacy = scenario.venue("PHARMACY", "ORDINARY", 121.1005, 31.1);
		checkIn(market, a, t);
		checkIn(market, b, t.plus(Duration.ofMinutes(30)));
		checkIn(bank, a, t.plus(Duration.ofHours(3)));
		checkIn(pharmacy, b, t.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(5)));
		long caseA = openCase(a, this.clock.instant()).get("id").asLong();
		long caseB = openCase(b, this.clock.instant()).get("id").asLong();

		JsonNode trajectory = this.api.get(this.admin, "/api/v1/tracing/cases/" + caseA + "/trajectory").json();
		assertThat(trajectory.get("stops")).hasSize(2);
		assertThat(trajectory.get("stops").get(0).get("venueId").asLong()).isEqualTo(market);
		assertThat(Instant.parse(trajectory.get("stops").get(0).get("from").asString())).isEqualTo(t);
		assertThat(Instant.parse(trajectory.get("stops").get(0).get("to").asString()))
			.isEqualTo(t.plus(Duration.ofHours(1)));
		assertThat(trajectory.get("stops").get(1).get("venueId").asLong()).isEqualTo(bank);

		JsonNode near = this.api
			.get(this.admin, "/api/v1/tracing/intersections?caseIds=" + caseA + "," + caseB + "&withinMetres=100")
			.json();
		assertThat(near.get("trajectories")).hasSize(2);
		assertThat(near.get("intersections")).hasSize(2);
		JsonNode same = near.get("intersections").get(0);
		assertThat(same.get("sameVenue").asBoolean()).isTrue();
		assertThat(same.get("stopA").get("venueId").asLong()).isEqualTo(market);
		assertThat(Instant.parse(same.get("from").asString())).isEqualTo(t.plus(Duration.ofMinutes(30)));
		JsonNode close = near.get("intersections").get(1);
		assertThat(close.get("sameVenue").asBoolean()).isFalse();
		assertThat(close.get("metres").asLong()).isBetween(40L, 55L);
		// 10 metres: only the same venue
		assertThat(this.api
			.get(this.admin, "/api/v1/tracing/intersections?caseIds=" + caseA + "," + caseB + "&withinMetres=10")
			.json()
			.get("intersections")).hasSize(1);
		// one case is not an overlay; a distance past the limit is named
		assertThat(this.api.get(this.admin, "/api/v1/tracing/intersections?caseIds=" + caseA).body())
			.contains("caseIds");
		assertThat(this.api
			.get(this.admin, "/api/v1/tracing/intersections?caseIds=" + caseA + "," + caseB + "&withinMetres=99999")
			.status()).isEqualTo(400);
	}

	@Test
	void aRunAgainAddsWhatIsNewAndNeverDuplicates() {
		long patient = household(1).get(0);
		long met = household(1).get(0);
		long later = household(1).get(0);
		long bank = venue("BANK", "ORDINARY");
		Instant t = this.clock.instant().minus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
		checkIn(bank, patient, t);
		checkIn(bank, met, t);
		long caseId = openCase(patient, this.clock.instant()).get("id").asLong();
		assertThat(contacts(caseId)).hasSize(1);

		JsonNode again = run(caseId);
		assertThat(again.get("added").asInt()).isZero();
		assertThat(again.get("raised").asInt()).isZero();
		assertThat(again.get("close").asInt()).isEqualTo(1);
		assertThat(contacts(caseId)).hasSize(1);

		// a check-in that arrives late (a venue's offline device): one more contact
		checkIn(bank, later, t.plus(Duration.ofMinutes(2)));
		JsonNode third = run(caseId);
		assertThat(third.get("added").asInt()).isEqualTo(1);
		assertThat(contacts(caseId)).hasSize(2);
		assertThat(this.jdbc.sql("SELECT count(*) FROM tracing_contact WHERE case_id = :c")
			.param("c", caseId)
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void aCaseOutsideTheCallersJurisdictionIsNotThereAndBadInputNamesTheField() {
		long patient = household(1).get(0);
		long caseId = openCase(patient, this.clock.instant()).get("id").asLong();
		String path = this.jdbc.sql("SELECT path FROM tracing_case WHERE id = :id")
			.param("id", caseId)
			.query(String.class)
			.single();
		String elsewhere = this.jdbc
			.sql("SELECT path FROM division WHERE level = 'GRID' AND NOT starts_with(:p, path) ORDER BY id LIMIT 1")
			.param("p", path)
			.query(String.class)
			.single();
		String username = "epi" + TracingScenario.serial() + "x" + System.nanoTime() % 100000;
		this.users.create(
				new NewUser(username, "流调员", "epidemiologist-password", EnumSet.of(Role.EPIDEMIOLOGIST), elsewhere));
		String epidemiologist = this.api.token(username, "epidemiologist-password");
		Response notYours = this.api.get(epidemiologist, "/api/v1/tracing/cases/" + caseId);
		Response notThere = this.api.get(epidemiologist, "/api/v1/tracing/cases/999999999");
		assertThat(notYours.status()).isEqualTo(404);
		assertThat(notThere.status()).isEqualTo(404);
		assertThat(this.api.get(epidemiologist, "/api/v1/tracing/cases/" + caseId + "/contacts").status())
			.isEqualTo(404);
		assertThat(this.api.post(epidemiologist, "/api/v1/tracing/cases/" + caseId + "/contact-runs", "{}").status())
			.isEqualTo(404);
		assertThat(this.api.get(epidemiologist, "/api/v1/tracing/cases").json().get("items").toString())
			.doesNotContain("\"id\":" + caseId + ",");

		Response noWindow = this.api.post(this.admin, "/api/v1/tracing/cases",
				"{\"personId\":" + household(1).get(0) + "}");
		assertThat(noWindow.status()).isEqualTo(400);
		assertThat(noWindow.body()).contains("onsetDate");
		Response wrongType = this.api.post(this.admin, "/api/v1/tracing/cases",
				"{\"personId\":\"12\",\"onsetDate\":\"2026-01-01\"}");
		assertThat(wrongType.status()).isEqualTo(400);
		Response twice = this.api.post(this.admin, "/api/v1/tracing/cases",
				"{\"personId\":" + patient + ",\"firstPositiveAt\":\"" + this.clock.instant() + "\"}");
		assertThat(twice.status()).isEqualTo(409);
		// a grid worker does not open cases
		String gridWorker = "gw" + TracingScenario.serial() + "x" + System.nanoTime() % 100000;
		this.users.create(new NewUser(gridWorker, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), path));
		assertThat(this.api.get(this.api.token(gridWorker, "grid-worker-password"), "/api/v1/tracing/cases").status())
			.isEqualTo(403);
	}

	private JsonNode run(long caseId) {
		Response run = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/contact-runs", "{}");
		assertThat(run.status()).as(run.body()).isEqualTo(200);
		return run.json();
	}

	private JsonNode contacts(long caseId) {
		return scenario().contacts(caseId);
	}

	private static JsonNode contact(JsonNode contacts, long person) {
		return TracingScenario.contact(contacts, person);
	}

	private static String level(JsonNode contacts, long person) {
		JsonNode contact = contact(contacts, person);
		return (contact == null) ? null : contact.get("level").asString();
	}

	private TracingScenario scenario() {
		return new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
	}

	private List<Long> household(int persons) {
		return scenario().household(persons);
	}

	private long venue(String type, String crowdClass) {
		return scenario().venue(type, crowdClass);
	}

	private void checkIn(long venue, long person, Instant at) {
		scenario().checkIn(venue, person, at);
	}

	private JsonNode openCase(long person, Instant firstPositiveAt) {
		return scenario().openCase(person, firstPositiveAt);
	}

}
