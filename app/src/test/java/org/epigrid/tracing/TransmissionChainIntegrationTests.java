package org.epigrid.tracing;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Transmission chains: a contact who becomes a case is linked to the case that infected
 * them, with the evidence; the cluster shows its cases by generation with their serial
 * intervals; an investigator may set an infector by hand, which the computation keeps,
 * and no chain closes a loop.
 */
@IntegrationTest
class TransmissionChainIntegrationTests extends AdminApiTest {

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	UserManagement users;

	@Test
	void aContactWhoBecomesACaseIsLinkedToItsInfectorAndTheClusterGrowsByGenerations() {
		List<Long> home = household(2);
		long index = home.get(0);
		long spouse = home.get(1);
		long colleague = household(1).get(0);
		long friend = household(1).get(0);
		long office = venue("OFFICE", "ORDINARY");
		long teahouse = venue("RESTAURANT", "ORDINARY");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		// the index case and a colleague share the office for 30 minutes seven days ago
		checkIn(office, index, now.minus(Duration.ofDays(7)));
		checkIn(office, colleague, now.minus(Duration.ofDays(7)).plus(Duration.ofMinutes(30)));
		// the colleague and a friend share a teahouse three days ago
		checkIn(teahouse, colleague, now.minus(Duration.ofDays(3)));
		checkIn(teahouse, friend, now.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(10)));

		long indexCase = openCase(index, now.minus(Duration.ofDays(6))).get("id").asLong();
		// generation 1: the colleague (through the office) and the spouse (at home) test
		// positive
		long colleagueCase = openCase(colleague, now.minus(Duration.ofDays(4))).get("id").asLong();
		long spouseCase = openCase(spouse, now.minus(Duration.ofDays(5))).get("id").asLong();
		// generation 2: the friend, a close contact of the colleague's case
		long friendCase = openCase(friend, now.minus(Duration.ofDays(1))).get("id").asLong();

		JsonNode cluster = cluster(friendCase);
		assertThat(cluster.get("id").asLong()).isEqualTo(indexCase);
		assertThat(cluster.get("size").asInt()).isEqualTo(4);
		assertThat(cluster.get("generations").asInt()).isEqualTo(3);
		JsonNode first = member(cluster, indexCase);
		assertThat(first.get("generation").asInt()).isZero();
		assertThat(first.get("infectorCaseId").isNull()).isTrue();

		JsonNode viaOffice = member(cluster, colleagueCase);
		assertThat(viaOffice.get("generation").asInt()).isEqualTo(1);
		assertThat(viaOffice.get("infectorCaseId").asLong()).isEqualTo(indexCase);
		assertThat(viaOffice.get("level").asString()).isEqualTo("CLOSE");
		assertThat(viaOffice.get("linkedBy").asString()).isEqualTo("system");
		JsonNode evidence = viaOffice.get("evidence").get(0);
		assertThat(evidence.get("kind").asString()).isEqualTo("VENUE");
		assertThat(evidence.get("venueId").asLong()).isEqualTo(office);
		assertThat(evidence.get("overlapMinutes").asLong()).isGreaterThanOrEqualTo(15);
		// first positive samples 6 days and 4 days ago: 2 days apart
		assertThat(viaOffice.get("serialInterval").get("days").asInt()).isEqualTo(2);
		assertThat(viaOffice.get("serialInterval").get("basis").asString()).isEqualTo("FIRST_POSITIVE");

		JsonNode atHome = member(cluster, spouseCase);
		assertThat(atHome.get("infectorCaseId").asLong()).isEqualTo(indexCase);
		assertThat(atHome.get("evidence").get(0).get("kind").asString()).isEqualTo("HOUSEHOLD");
		assertThat(atHome.get("serialInterval").get("days").asInt()).isEqualTo(1);

		JsonNode second = member(cluster, friendCase);
		assertThat(second.get("generation").asInt()).isEqualTo(2);
		assertThat(second.get("infectorCaseId").asLong()).isEqualTo(colleagueCase);
		assertThat(second.get("evidence").get(0).get("venueId").asLong()).isEqualTo(teahouse);
		assertThat(cluster.get("serialIntervals").get("count").asInt()).isEqualTo(3);
		assertThat(cluster.get("serialIntervals").get("min").asInt()).isEqualTo(1);
		assertThat(cluster.get("serialIntervals").get("max").asInt()).isEqualTo(3);
		assertThat(second.get("serialInterval").get("days").asInt()).isEqualTo(3);
		// every case of the cluster answers with the same cluster
		assertThat(cluster(indexCase).get("size").asInt()).isEqualTo(4);
		// the clusters list names it with its size
		Response clusters = this.api.get(this.admin, "/api/v1/tracing/clusters?limit=500");
		assertThat(clusters.status()).as(clusters.body()).isEqualTo(200);
		assertThat(clusters.body()).contains("{\"id\":" + indexCase + ",\"size\":4,\"generations\":3");

		// re-running every case changes nothing
		Response rerun = this.api.post(this.admin, "/api/v1/tracing/contact-runs",
				"{\"caseIds\":[" + indexCase + "," + colleagueCase + "," + spouseCase + "," + friendCase + "]}");
		assertThat(rerun.status()).as(rerun.body()).isEqualTo(200);
		assertThat(rerun.json().get("linked").asInt()).isZero();
		assertThat(links(indexCase, colleagueCase, spouseCase, friendCase)).isEqualTo(3);
	}

	@Test
	void theEarlierCaseInfectsTheLaterWhicheverWasOpenedFirst() {
		long early = household(1).get(0);
		long late = household(1).get(0);
		long shop = venue("SUPERMARKET", "CROWDED");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		checkIn(shop, early, now.minus(Duration.ofDays(3)));
		checkIn(shop, late, now.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(5)));
		// the later infection is found first (a positive sample today)...
		long lateCase = openCase(late, now.minus(Duration.ofHours(1))).get("id").asLong();
		assertThat(cluster(lateCase).get("size").asInt()).isEqualTo(1);
		// ...then the person it met falls ill, onset five days ago: the infector
		long earlyCase = this.scenario()
			.openCase(early, LocalDate.ofInstant(now, this.clock.getZone()).minusDays(5))
			.get("id")
			.asLong();
		JsonNode cluster = cluster(lateCase);
		assertThat(cluster.get("id").asLong()).isEqualTo(earlyCase);
		assertThat(member(cluster, lateCase).get("infectorCaseId").asLong()).isEqualTo(earlyCase);
	}

	@Test
	void aCaseWhoFellIllEarlierIsTheLikelierInfectorThanOneOfTheSameDay() {
		long index = household(1).get(0);
		long first = household(1).get(0);
		long second = household(1).get(0);
		long cafe = venue("RESTAURANT", "ORDINARY");
		long shop = venue("SUPERMARKET", "CROWDED");
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MINUTES);
		// the index case met both; the two met each other too
		checkIn(cafe, index, now.minus(Duration.ofDays(3)));
		checkIn(cafe, first, now.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(5)));
		checkIn(cafe, second, now.minus(Duration.ofDays(3)).plus(Duration.ofMinutes(10)));
		checkIn(shop, first, now.minus(Duration.ofDays(2)));
		checkIn(shop, second, now.minus(Duration.ofDays(2)).plus(Duration.ofMinutes(2)));
		long indexCase = openCase(index, now.minus(Duration.ofDays(2))).get("id").asLong();
		Instant sameDay = now.minus(Duration.ofHours(3));
		openCase(first, sameDay);
		long secondCase = openCase(second, sameDay).get("id").asLong();
		// positive the same day as "first": "first" did not infect "second"; the index
		// case
		// (two days earlier) is the likelier source
		assertThat(member(cluster(secondCase), secondCase).get("infectorCaseId").asLong()).isEqualTo(indexCase);
		assertThat(member(cluster(secondCase), secondCase).get("candidates").asInt()).isEqualTo(2);
	}

	@Test
	void anInvestigatorSetsAnInfectorByHandTheComputationKeepsItAndNoChainClosesALoop() {
		List<Long> home = household(2);
		long other = household(1).get(0);
		Instant now = this.clock.instant();
		long aCase = openCase(home.get(0), now.minus(Duration.ofDays(3))).get("id").asLong();
		long bCase = openCase(home.get(1), now.minus(Duration.ofDays(1))).get("id").asLong();
		long cCase = openCase(other, now.minus(Duration.ofDays(2))).get("id").asLong();
		assertThat(member(cluster(bCase), bCase).get("infectorCaseId").asLong()).isEqualTo(aCase);

		// the investigator learns the household member caught it from case C at a dinner
		Response set = this.api.put(this.admin, "/api/v1/tracing/cases/" + bCase + "/infector",
				"{\"infectorCaseId\":" + cCase + ",\"note\":\"同桌聚餐（流调问询）\"}");
		assertThat(set.status()).as(set.body()).isEqualTo(200);
		JsonNode b = member(set.json(), bCase);
		assertThat(b.get("infectorCaseId").asLong()).isEqualTo(cCase);
		assertThat(b.get("linkedBy").asString()).isEqualTo("admin");
		assertThat(b.get("note").asString()).isEqualTo("同桌聚餐（流调问询）");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'SET_INFECTOR' AND subject_id = :id")
			.param("id", String.valueOf(bCase))
			.query(Long.class)
			.single()).isEqualTo(1);
		// a new computation keeps the hand-set link
		this.api.post(this.admin, "/api/v1/tracing/cases/" + aCase + "/contact-runs", "{}");
		assertThat(member(cluster(bCase), bCase).get("infectorCaseId").asLong()).isEqualTo(cCase);

		// C cannot be infected by B, its own infectee; nor a case by itself
		Response loop = this.api.put(this.admin, "/api/v1/tracing/cases/" + cCase + "/infector",
				"{\"infectorCaseId\":" + bCase + "}");
		assertThat(loop.status()).isEqualTo(409);
		assertThat(loop.body()).contains("infectorCaseId");
		Response itself = this.api.put(this.admin, "/api/v1/tracing/cases/" + cCase + "/infector",
				"{\"infectorCaseId\":" + cCase + "}");
		assertThat(itself.status()).isEqualTo(400);
		assertThat(itself.body()).contains("infectorCaseId");
		Response wrongType = this.api.put(this.admin, "/api/v1/tracing/cases/" + cCase + "/infector",
				"{\"infectorCaseId\":\"" + bCase + "\"}");
		assertThat(wrongType.status()).isEqualTo(400);
		Response longNote = this.api.put(this.admin, "/api/v1/tracing/cases/" + cCase + "/infector",
				"{\"infectorCaseId\":" + aCase + ",\"note\":\"" + "长".repeat(501) + "\"}");
		assertThat(longNote.status()).isEqualTo(400);
		assertThat(longNote.body()).contains("note");
	}

	@Test
	void aClusterOutsideTheCallersJurisdictionIsNotThere() {
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
		String username = "epc" + TracingScenario.serial() + "x" + System.nanoTime() % 100000;
		this.users.create(
				new NewUser(username, "流调员", "epidemiologist-password", EnumSet.of(Role.EPIDEMIOLOGIST), elsewhere));
		String epidemiologist = this.api.token(username, "epidemiologist-password");
		assertThat(this.api.get(epidemiologist, "/api/v1/tracing/clusters/" + caseId).status()).isEqualTo(404);
		assertThat(this.api.get(epidemiologist, "/api/v1/tracing/clusters/999999999").status()).isEqualTo(404);
		assertThat(
				this.api.put(epidemiologist, "/api/v1/tracing/cases/" + caseId + "/infector", "{\"infectorCaseId\":1}")
					.status())
			.isEqualTo(404);
	}

	private JsonNode cluster(long caseId) {
		Response cluster = this.api.get(this.admin, "/api/v1/tracing/clusters/" + caseId);
		assertThat(cluster.status()).as(cluster.body()).isEqualTo(200);
		return cluster.json();
	}

	private static JsonNode member(JsonNode cluster, long caseId) {
		for (JsonNode member : cluster.get("cases")) {
			if (member.get("caseId").asLong() == caseId) {
				return member;
			}
		}
		throw new AssertionError("case " + caseId + " not in " + cluster);
	}

	private long links(long... caseIds) {
		return this.jdbc.sql("SELECT count(*) FROM tracing_link WHERE infectee_case_id = ANY(CAST(:ids AS bigint[]))")
			.param("ids", java.util.Arrays.stream(caseIds).boxed().toArray(Long[]::new))
			.query(Long.class)
			.single();
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
