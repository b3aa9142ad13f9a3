package org.epigrid.codes;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.health.CaseStatus;
import org.epigrid.shared.health.CaseStatusChanged;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.shared.health.InboundFromRiskCity;
import org.epigrid.shared.health.RiskCityVisited;
import org.epigrid.shared.health.TestResult;
import org.epigrid.shared.health.TestResultRecorded;
import org.epigrid.shared.health.ZoneLevel;
import org.epigrid.shared.health.ZoneResidenceChanged;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The colour of a code follows the facts other modules report, by the protocol's rules;
 * every colour says why; rule changes and appeals change colours with history.
 */
@IntegrationTest
class HealthCodeRulesIntegrationTests extends AdminApiTest {

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	CodeAppealManagement appeals;

	@Autowired
	UserManagement users;

	@Test
	void aCloseContactTurnsRedWithinOneSecondAndSaysWhy() {
		long person = person(0);
		assertThat(this.codes.status(person).colour()).isEqualTo(Colour.GREEN);
		assertThat(this.codes.status(person).reasons()).isEmpty();
		Instant now = this.clock.instant();
		// red at once, before any quarantine: the code keeps them where they are until
		// the quarantine team comes
		publish(ContactStatusChanged.of(person, ContactLevel.CLOSE, now));
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(person).colour() == Colour.RED);
		CodeStatus red = this.codes.status(person);
		assertThat(red.reasons()).extracting(Reason::code).containsExactly("CLOSE_CONTACT");
		assertThat(red.reasons().get(0).zh()).isEqualTo("密切接触者，须原地等待隔离管控");
		assertThat(red.reasons().get(0).en()).isEqualTo("Close contact: stay where you are until quarantine");

		// released: green again, and both changes are history
		publish(ContactStatusChanged.of(person, null, now));
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(person).colour() == Colour.GREEN);
		assertThat(this.codes.history(person)).extracting(HealthCodeManagement.Change::colour)
			.containsExactly(Colour.GREEN, Colour.RED);
		assertThat(this.codes.history(person).get(1).cause()).isEqualTo("ContactStatusChanged");
	}

	@Test
	void aChangeWrittenByAnotherInstanceReachesThisOneWithinOneSecond() {
		long person = person(30);
		// read (and kept in memory) as a person without facts
		assertThat(this.codes.status(person).colour()).isEqualTo(Colour.GREEN);
		// another instance of the platform stores facts and a red status (this one's
		// engine
		// is not involved: only the database's notification can tell it)
		this.tx.executeWithoutResult(s -> {
			this.jdbc.sql("INSERT INTO code_fact (person_id, case_status, updated_at) VALUES (:p, 'CONFIRMED', now())")
				.param("p", person)
				.update();
			this.jdbc.sql("""
					INSERT INTO code_status (person_id, colour, star, reasons, protocol_version, changed_at)
					VALUES (:p, 2, false, '{CASE}', 1, now())""").param("p", person).update();
		});
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(person).colour() == Colour.RED);
		// and a later change of the status alone replaces the one kept in memory
		this.jdbc.sql("UPDATE code_status SET colour = 1, reasons = '{CONTACT}' WHERE person_id = :p")
			.param("p", person)
			.update();
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(person).colour() == Colour.YELLOW);
		assertThat(this.codes.status(person).reasons()).extracting(Reason::code).containsExactly("CONTACT");
	}

	@Test
	void everyDefaultRuleGivesItsColourAndReason() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		long confirmed = person(1);
		long sealed = person(2);
		long controlled = person(3);
		long inbound = person(4);
		long inboundTested = person(5);
		long traveller = person(6);
		long oldTrip = person(7);
		publish(new CaseStatusChanged(confirmed, CaseStatus.ASYMPTOMATIC, now));
		publish(new ZoneResidenceChanged(List.of(sealed), ZoneLevel.SEALED, now));
		publish(new ZoneResidenceChanged(List.of(controlled), ZoneLevel.CONTROLLED, now));
		publish(InboundFromRiskCity.of(inbound, "上海市", now.minus(1, ChronoUnit.DAYS)));
		publish(InboundFromRiskCity.of(inboundTested, "上海市", now.minus(2, ChronoUnit.DAYS)));
		publish(TestResultRecorded.of(inboundTested, true, now.minus(1, ChronoUnit.DAYS)));
		publish(RiskCityVisited.of(traveller, "西安市", now.minus(3, ChronoUnit.DAYS)));
		publish(RiskCityVisited.of(oldTrip, "西安市", now.minus(15, ChronoUnit.DAYS)));
		await().atMost(Duration.ofSeconds(5)).until(() -> factsKnown(oldTrip) && factsKnown(inboundTested));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.codes.status(inboundTested).reasons().isEmpty() && this.codes.status(traveller).star());

		assertThat(this.codes.status(confirmed).colour()).isEqualTo(Colour.RED);
		assertThat(this.codes.status(confirmed).reasons()).extracting(Reason::code).containsExactly("CONFIRMED_CASE");
		assertThat(this.codes.status(sealed).colour()).isEqualTo(Colour.RED);
		assertThat(this.codes.status(sealed).reasons()).extracting(Reason::code).containsExactly("SEALED_AREA");
		assertThat(this.codes.status(controlled).colour()).isEqualTo(Colour.YELLOW);
		CodeStatus arrived = this.codes.status(inbound);
		assertThat(arrived.colour()).isEqualTo(Colour.YELLOW);
		assertThat(arrived.reasons().get(0).zh()).isEqualTo("从 上海市 来返，尚无抵达后的阴性核酸结果");
		assertThat(arrived.reasons().get(0).en()).contains("Arrived from 上海市");
		assertThat(this.codes.status(inboundTested).colour()).isEqualTo(Colour.GREEN);
		CodeStatus starred = this.codes.status(traveller);
		assertThat(starred.colour()).isEqualTo(Colour.GREEN);
		assertThat(starred.star()).isTrue();
		assertThat(starred.reasons().get(0).en()).isEqualTo("Was in 西安市 (a city with risk areas) within 14 days");
		assertThat(this.codes.status(oldTrip).star()).isFalse();
		// the star ends by itself when the trip is 14 days old
		assertThat(this.jdbc.sql("SELECT valid_until FROM code_status WHERE person_id = :p")
			.param("p", traveller)
			.query(java.sql.Timestamp.class)
			.single()
			.toInstant()).isEqualTo(now.minus(3, ChronoUnit.DAYS).plus(14, ChronoUnit.DAYS));
	}

	@Test
	void aNegativeTestAloneStoresNoStatusButShowsItsTimeAndARecallDoes() {
		Instant sampled = this.clock.instant().truncatedTo(ChronoUnit.MICROS).minus(6, ChronoUnit.HOURS);
		long negative = person(40);
		long recalled = person(41);
		publish(new TestResultRecorded(List.of(new TestResultRecorded.Result(negative, TestResult.NEGATIVE, sampled),
				new TestResultRecorded.Result(recalled, TestResult.POOL_POSITIVE, sampled))));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(recalled).colour() == Colour.YELLOW);
		// a round's negatives are millions of persons whose code does not change: the
		// fact is kept, no status row is written, and the code still shows the test
		assertThat(factsKnown(negative)).isTrue();
		assertThat(this.jdbc.sql("SELECT person_id FROM code_status WHERE person_id IN (:a, :b)")
			.param("a", negative)
			.param("b", recalled)
			.query(Long.class)
			.list()).containsExactly(recalled);
		CodeStatus green = this.codes.status(negative);
		assertThat(green.colour()).isEqualTo(Colour.GREEN);
		assertThat(green.reasons()).isEmpty();
		assertThat(green.negativeTestAt()).isEqualTo(sampled);
		assertThat(this.codes.statuses(List.of(negative, recalled)).get(negative).negativeTestAt()).isEqualTo(sampled);
		// several at once (a batch of sampling scans), twice: loaded together, then from
		// memory
		long factless = person(42);
		for (int i = 0; i < 2; i++) {
			Map<Long, CodeStatus> now = this.codes.statusesNow(List.of(negative, recalled, factless));
			assertThat(now.get(negative).colour()).isEqualTo(Colour.GREEN);
			assertThat(now.get(negative).negativeTestAt()).isEqualTo(sampled);
			assertThat(now.get(recalled).colour()).isEqualTo(Colour.YELLOW);
			assertThat(now.get(recalled).reasons()).extracting(Reason::code).containsExactly("POOLED_POSITIVE_RECALL");
			assertThat(now.get(factless).colour()).isEqualTo(Colour.GREEN);
			assertThat(now.get(factless).negativeTestAt()).isNull();
		}
	}

	@Test
	void aNegativeTestAloneIsComputedAgainWhenAStatusIsStored() {
		// a status stored while other rules were in force, the person's facts test times
		// alone: the negative is not skipped, the person is computed again
		long stored = person(43);
		this.jdbc.sql("INSERT INTO code_fact (person_id, updated_at) VALUES (:p, :t)")
			.param("p", stored)
			.param("t", java.sql.Timestamp.from(this.clock.instant()))
			.update();
		this.jdbc.sql("""
				INSERT INTO code_status (person_id, colour, star, reasons, protocol_version, changed_at)
				VALUES (:p, 1, FALSE, ARRAY['MISSED_TESTING_ROUND'], CAST(:v AS integer), :t)""")
			.param("p", stored)
			.param("v", this.api.get(this.admin, "/api/v1/codes/protocol").json().get("version").asInt())
			.param("t", java.sql.Timestamp.from(this.clock.instant()))
			.update();
		// written behind the platform's back: its cache learns it from the change notice
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(stored).colour() == Colour.YELLOW);
		Instant sampled = this.clock.instant().truncatedTo(ChronoUnit.MICROS).minus(2, ChronoUnit.HOURS);
		publish(new TestResultRecorded(List.of(new TestResultRecorded.Result(stored, TestResult.NEGATIVE, sampled))));
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> this.codes.status(stored).colour() == Colour.GREEN);
		assertThat(this.codes.status(stored).reasons()).isEmpty();
	}

	@Test
	void aNegativeTestAloneIsComputedWhenTheRulesReadTestTimes() {
		JsonNode current = this.api.get(this.admin, "/api/v1/codes/protocol").json();
		String original = current.get("rules").toString();
		tools.jackson.databind.node.ObjectNode rules = (tools.jackson.databind.node.ObjectNode) current.get("rules")
			.deepCopy();
		// a star for a negative test within two days: a rule on the test times alone
		((tools.jackson.databind.node.ArrayNode) rules.get("rules"))
			.add(tools.jackson.databind.json.JsonMapper.builder().build().readTree("""
					{"code": "RECENT_NEGATIVE", "star": true, "when": {"fact": "negativeTestAt", "withinDays": 2},
					 "reason": {"zh": "两天内核酸阴性", "en": "Negative test within two days"}}"""));
		long tested = person(44);
		try {
			Response changed = this.api.put(this.admin, "/api/v1/codes/protocol",
					"{\"rules\":" + rules + ",\"note\":\"阴性加星\"}");
			assertThat(changed.status()).as(changed.body()).isEqualTo(200);
			Instant sampled = this.clock.instant().truncatedTo(ChronoUnit.MICROS).minus(2, ChronoUnit.HOURS);
			publish(new TestResultRecorded(
					List.of(new TestResultRecorded.Result(tested, TestResult.NEGATIVE, sampled))));
			await().atMost(Duration.ofSeconds(5))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> this.codes.status(tested).star());
			assertThat(this.codes.status(tested).reasons()).extracting(Reason::code).containsExactly("RECENT_NEGATIVE");
		}
		finally {
			Response restored = this.api.put(this.admin, "/api/v1/codes/protocol",
					"{\"rules\":" + original + ",\"note\":\"恢复\"}");
			assertThat(restored.status()).as(restored.body()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.codes.status(tested).star());
	}

	@Test
	void ruleChangesChangeColoursWithTheRightReasonsAndAreAudited() {
		long secondary = person(10);
		publish(ContactStatusChanged.of(secondary, ContactLevel.SECONDARY, this.clock.instant()));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.codes.status(secondary).colour() == Colour.YELLOW);
		JsonNode current = this.api.get(this.admin, "/api/v1/codes/protocol").json();
		String original = current.get("rules").toString();
		int version = current.get("version").asInt();
		JsonNode rules = current.get("rules").deepCopy();
		for (JsonNode rule : rules.get("rules")) {
			if (rule.get("code").asString().equals("SECONDARY_CONTACT")) {
				((tools.jackson.databind.node.ObjectNode) rule).put("colour", "RED");
			}
		}
		String stricter = rules.toString();
		assertThat(stricter).isNotEqualTo(original);
		try {
			Response changed = this.api.put(this.admin, "/api/v1/codes/protocol",
					"{\"rules\":" + stricter + ",\"note\":\"次密接一律赋红码\"}");
			assertThat(changed.status()).as(changed.body()).isEqualTo(200);
			assertThat(changed.json().get("version").asInt()).isEqualTo(version + 1);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.codes.status(secondary).colour() == Colour.RED);
			assertThat(this.codes.status(secondary).reasons()).extracting(Reason::code)
				.containsExactly("SECONDARY_CONTACT");
			assertThat(this.codes.history(secondary).get(0).cause()).isEqualTo("protocol v" + (version + 1));
			assertThat(this.jdbc
				.sql("SELECT count(*) FROM audit_log WHERE action = 'CHANGE_CODE_RULES' AND subject_id = :v")
				.param("v", String.valueOf(version + 1))
				.query(Long.class)
				.single()).isEqualTo(1);
		}
		finally {
			Response restored = this.api.put(this.admin, "/api/v1/codes/protocol",
					"{\"rules\":" + original + ",\"note\":\"恢复\"}");
			assertThat(restored.status()).as(restored.body()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.codes.status(secondary).colour() == Colour.YELLOW);
	}

	@Test
	void badRulesAreRefusedNamingThePlaceAndOnlyAdministratorsChangeThem() {
		Response unknownFact = this.api.put(this.admin, "/api/v1/codes/protocol", """
				{"note":"x","rules":{"disease":"COVID-19","rules":[{"code":"X1","colour":"RED",
				"when":{"fact":"shoeSize","in":["BIG"]},"reason":{"zh":"甲","en":"a"}}]}}""");
		assertThat(unknownFact.status()).isEqualTo(400);
		assertThat(unknownFact.body()).contains("rules[0].when.fact").contains("shoeSize");
		Response badValue = this.api.put(this.admin, "/api/v1/codes/protocol", """
				{"note":"x","rules":{"disease":"COVID-19","rules":[{"code":"X1","colour":"PURPLE",
				"when":{"fact":"caseStatus","in":["CONFIRMED","'; DROP TABLE person; --"]},"reason":{"zh":"甲"}}]}}""");
		assertThat(badValue.status()).isEqualTo(400);
		assertThat(badValue.body()).contains("rules[0].colour")
			.contains("rules[0].when.in[1]")
			.contains("rules[0].reason.en");
		Response noNote = this.api.put(this.admin, "/api/v1/codes/protocol", """
				{"rules":{"disease":"COVID-19","rules":[{"code":"X1","colour":"RED",
				"when":{"fact":"caseStatus","in":["CONFIRMED"]},"reason":{"zh":"甲","en":"a"}}]}}""");
		assertThat(noNote.status()).isEqualTo(400);
		assertThat(noNote.body()).contains("\"note\"");
		Response bothWrong = this.api.put(this.admin, "/api/v1/codes/protocol",
				"{\"note\":\"\",\"rules\":{\"disease\":\"X\",\"rules\":[]}}");
		assertThat(bothWrong.status()).isEqualTo(400);
		assertThat(bothWrong.body()).contains("\"field\":\"rules\"").contains("\"field\":\"note\"");
		String epidemiologist = epidemiologistToken();
		Response forbidden = this.api.put(epidemiologist, "/api/v1/codes/protocol", """
				{"note":"x","rules":{"disease":"COVID-19","rules":[{"code":"X1","colour":"RED",
				"when":{"fact":"caseStatus","in":["CONFIRMED"]},"reason":{"zh":"甲","en":"a"}}]}}""");
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(this.api.get(epidemiologist, "/api/v1/codes/protocol").status()).isEqualTo(200);
	}

	@Test
	void anAppealCorrectsTheWrongFactAndTheCorrectionIsHistory() {
		long person = person(20);
		publish(RiskCityVisited.of(person, "西安市", this.clock.instant().minus(2, ChronoUnit.DAYS)));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.codes.status(person).star());
		String path = this.jdbc.sql("SELECT path FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
		CodeAppealManagement.Appeal appeal = this.appeals.submit(person, path, "139****0000", "只是在西安站换乘，没有出站");
		assertThat(appeal.state()).isEqualTo("OPEN");
		assertThat(appeal.star()).isTrue();
		// one open appeal at a time
		Response list = this.api.get(this.admin, "/api/v1/codes/appeals");
		assertThat(list.body()).contains("只是在西安站换乘");

		Response missingFacts = this.api.post(this.admin, "/api/v1/codes/appeals/" + appeal.id() + "/decision",
				"{\"corrected\":true,\"answer\":\"核实为换乘\"}");
		assertThat(missingFacts.status()).isEqualTo(400);
		assertThat(missingFacts.body()).contains("clearFacts");
		Response decided = this.api.post(this.admin, "/api/v1/codes/appeals/" + appeal.id() + "/decision",
				"{\"corrected\":true,\"answer\":\"经核实为站内换乘，已摘星\",\"clearFacts\":[\"riskTripAt\"]}");
		assertThat(decided.status()).as(decided.body()).isEqualTo(200);
		assertThat(decided.json().get("state").asString()).isEqualTo("CORRECTED");
		assertThat(this.codes.status(person).star()).isFalse();
		assertThat(this.codes.history(person).get(0).cause()).isEqualTo("appeal #" + appeal.id());
		Response again = this.api.post(this.admin, "/api/v1/codes/appeals/" + appeal.id() + "/decision",
				"{\"corrected\":false,\"answer\":\"x\"}");
		assertThat(again.status()).isEqualTo(409);
		Response code = this.api.get(this.admin, "/api/v1/codes/persons/" + person);
		assertThat(code.status()).isEqualTo(200);
		assertThat(code.json().get("appeals").get(0).get("answer").asString()).isEqualTo("经核实为站内换乘，已摘星");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'CORRECT_CODE' AND subject_id = :p")
			.param("p", String.valueOf(person))
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private String epidemiologistToken() {
		String name = "epi-codes-" + System.nanoTime();
		this.users.create(new NewUser(name, "流调", "password-123456", Set.of(Role.EPIDEMIOLOGIST), "/"));
		return this.api.token(name, "password-123456");
	}

	private boolean factsKnown(long person) {
		return this.jdbc.sql("SELECT count(*) FROM code_fact WHERE person_id = :p")
			.param("p", person)
			.query(Long.class)
			.single() > 0;
	}

	private long person(int offset) {
		// persons of this test only (other tests take theirs elsewhere)
		return this.jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET :o")
			.param("o", 500 + offset)
			.query(Long.class)
			.single();
	}

}
