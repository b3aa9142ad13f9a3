package org.epigrid.tracing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contacts on flights, trains and coaches from the inbound traveller lists (the data
 * hub's air and rail arrivals, linked to persons by ID number): on a flight the same row
 * and three either side are close, the rest general; on a train the same car; another
 * day's flight of the same number is nobody's contact. A journey the investigator records
 * finds its fellow travellers at once.
 */
@IntegrationTest
class TransportContactsIntegrationTests extends AdminApiTest {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	org.epigrid.venues.internal.PresencePartitionWriter partitions;

	@Test
	void flightRowsDecideCloseAndGeneralAndAnotherDaysFlightIsNobodys() {
		String flight = "MU" + (1000 + TracingScenario.serial() % 9000);
		List<Person> p = persons(5);
		Instant landed = this.clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
		List<String> rows = new ArrayList<>();
		rows.add("姓名,身份证号,出发地,到达时间,目的地,交通方式,航班号,座位号");
		rows.add(arrival(p.get(0), landed, "飞机", flight.substring(0, 2) + " " + flight.substring(2), "12C"));
		rows.add(arrival(p.get(1), landed.plus(Duration.ofMinutes(4)), "飞机", flight, "15A"));
		rows.add(arrival(p.get(2), landed.plus(Duration.ofMinutes(4)), "飞机", flight, "16C"));
		rows.add(arrival(p.get(3), landed, "飞机", flight, ""));
		// the same flight number a day earlier: another flight
		rows.add(arrival(p.get(4), landed.minus(Duration.ofDays(1)), "飞机", flight, "12D"));
		importFile("air-arrivals", rows);

		long caseId = scenario().openCase(p.get(0).id(), this.clock.instant()).get("id").asLong();
		JsonNode contacts = contacts(caseId);
		JsonNode threeRowsBehind = contact(contacts, p.get(1).id());
		assertThat(threeRowsBehind.get("level").asString()).isEqualTo("CLOSE");
		JsonNode evidence = threeRowsBehind.get("evidence").get(0);
		assertThat(evidence.get("kind").asString()).isEqualTo("FLIGHT");
		assertThat(evidence.get("trip").asString()).isEqualTo(flight);
		assertThat(evidence.get("seats").asString()).isEqualTo("12C ↔ 15A");
		assertThat(contact(contacts, p.get(2).id()).get("level").asString()).isEqualTo("GENERAL");
		// no seat known: general until the investigator learns more
		assertThat(contact(contacts, p.get(3).id()).get("level").asString()).isEqualTo("GENERAL");
		assertThat(contact(contacts, p.get(4).id())).isNull();
		// the case's own journey is pre-filled in its investigation
		JsonNode investigation = this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId + "/investigation").json();
		assertThat(investigation.get("recordedJourneys").get(0).get("number").asString()).isEqualTo(flight);
		assertThat(investigation.get("recordedJourneys").get(0).get("seat").asString()).isEqualTo("12C");
	}

	@Test
	void aTrainTheInvestigatorRecordsFindsTheSameCarAtOnce() {
		String train = "G" + (7000 + TracingScenario.serial() % 2000);
		List<Person> p = persons(3);
		Instant arrived = this.clock.instant().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MINUTES);
		List<String> rows = new ArrayList<>();
		rows.add("姓名,身份证号,出发地,到达时间,目的地,交通方式,车次,座位号");
		rows.add(arrival(p.get(1), arrived, "铁路", train, "05车08A"));
		rows.add(arrival(p.get(2), arrived, "铁路", train, "06车12F"));
		importFile("rail-arrivals", rows);
		// the case's own ticket is not in the lists (bought by a relative): the
		// investigator
		// records it
		long caseId = scenario().openCase(p.get(0).id(), this.clock.instant()).get("id").asLong();
		assertThat(contact(contacts(caseId), p.get(1).id())).isNull();
		Response added = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/trajectory-entries",
				"{\"kind\":\"TRAIN\",\"number\":\"" + train.toLowerCase()
						+ "\",\"car\":\"5\",\"seat\":\"12F\",\"from\":\"" + arrived.minus(Duration.ofHours(2))
						+ "\",\"to\":\"" + arrived + "\",\"note\":\"流调问询\"}");
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().get("number").asString()).isEqualTo(train);
		JsonNode contacts = contacts(caseId);
		JsonNode sameCar = contact(contacts, p.get(1).id());
		assertThat(sameCar.get("level").asString()).isEqualTo("CLOSE");
		assertThat(sameCar.get("evidence").get(0).get("kind").asString()).isEqualTo("TRAIN");
		assertThat(sameCar.get("evidence").get(0).get("seats").asString()).isEqualTo("5车12F ↔ 05车08A");
		assertThat(contact(contacts, p.get(2).id()).get("level").asString()).isEqualTo("GENERAL");

		// an entry needs what its kind needs, named by field
		Response noNumber = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/trajectory-entries",
				"{\"kind\":\"FLIGHT\",\"from\":\"" + arrived + "\",\"to\":\"" + arrived + "\"}");
		assertThat(noNumber.status()).isEqualTo(400);
		assertThat(noNumber.body()).contains("number");
		Response backwards = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/trajectory-entries",
				"{\"kind\":\"PLACE\",\"address\":\"某超市\",\"from\":\"" + arrived + "\",\"to\":\""
						+ arrived.minus(Duration.ofHours(1)) + "\"}");
		assertThat(backwards.status()).isEqualTo(400);
		assertThat(backwards.body()).contains("\"to\"");
		Response wrongKind = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/trajectory-entries",
				"{\"kind\":\"ROCKET\",\"from\":\"" + arrived + "\",\"to\":\"" + arrived + "\"}");
		assertThat(wrongKind.status()).isEqualTo(400);
		assertThat(wrongKind.body()).contains("kind");
		// the seat was misheard: car 6, not 5; corrected, the car's passengers follow
		Response corrected = this.api.put(this.admin,
				"/api/v1/tracing/cases/" + caseId + "/trajectory-entries/" + added.json().get("id").asLong(),
				"{\"kind\":\"TRAIN\",\"number\":\"" + train + "\",\"car\":\"6\",\"seat\":\"12F\",\"from\":\""
						+ arrived.minus(Duration.ofHours(2)) + "\",\"to\":\"" + arrived + "\"}");
		assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
		assertThat(contact(contacts(caseId), p.get(2).id()).get("level").asString()).isEqualTo("CLOSE");
		Response place = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/trajectory-entries",
				"{\"kind\":\"PLACE\",\"address\":\"相城区某菜场\",\"lon\":120.6,\"lat\":31.3,\"from\":\""
						+ arrived.plus(Duration.ofHours(3)) + "\",\"to\":\"" + arrived.plus(Duration.ofHours(4))
						+ "\"}");
		assertThat(place.status()).as(place.body()).isEqualTo(201);
		assertThat(this.api
			.delete(this.admin, "/api/v1/tracing/cases/" + caseId + "/trajectory-entries/" + place.json().get("id"))
			.status()).isEqualTo(204);
		assertThat(this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId + "/investigation").json().get("entries"))
			.hasSize(1);
	}

	@Test
	void colleaguesOnTheEmployerStaffListAreGeneralContactsNamingTheEmployer() {
		String employer = "流调测试电子厂" + TracingScenario.serial();
		List<Person> p = persons(3);
		List<String> rows = new ArrayList<>();
		rows.add("姓名,身份证号,单位名称,返岗日期");
		String day = java.time.LocalDate.now(this.clock).minusDays(3).toString();
		rows.add(String.join(",", p.get(0).name(), p.get(0).idNumber(), employer, day));
		rows.add(String.join(",", p.get(1).name(), p.get(1).idNumber(),
				employer.substring(0, 4) + " " + employer.substring(4), day));
		rows.add(String.join(",", p.get(2).name(), p.get(2).idNumber(), "别的公司" + TracingScenario.serial(), day));
		importFile("employer-staff", rows);
		long caseId = scenario().openCase(p.get(0).id(), this.clock.instant()).get("id").asLong();
		JsonNode contacts = contacts(caseId);
		JsonNode colleague = contact(contacts, p.get(1).id());
		assertThat(colleague.get("level").asString()).isEqualTo("GENERAL");
		assertThat(colleague.get("evidence").get(0).get("kind").asString()).isEqualTo("WORKPLACE");
		assertThat(colleague.get("evidence").get(0).get("venueName").asString()).isEqualTo(employer);
		assertThat(contact(contacts, p.get(2).id())).isNull();
	}

	@Test
	void theInvestigationIsPrefilledWithPoliceRecordsAndCheckpointPasses() {
		Person p = persons(1).get(0);
		Instant stayed = this.clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
		List<String> rows = new ArrayList<>();
		rows.add("姓名,身份证号,场所名称,详细地址,轨迹类型,入住时间");
		rows.add(String.join(",", p.name(), p.idNumber(), "如家酒店相城店", "相城大道88号", "旅馆住宿",
				TIME.format(stayed.atZone(this.clock.getZone()))));
		importFile("police-traces", rows);
		// the day's partition, as the checkpoint writer makes it
		this.partitions.ensurePasses(java.util.List.of(stayed.minus(Duration.ofHours(1))));
		this.jdbc
			.sql("""
					INSERT INTO checkpoint_pass (passed_at, device_id, compound_path, person_id, direction, temperature, mask,
					                             result, allowed, reasons)
					VALUES (:at, 1, '/nowhere/compound/', :person, 'OUT', 36.4, true, 'GREEN', true, '{}')""")
			.param("at", java.sql.Timestamp.from(stayed.minus(Duration.ofHours(1))))
			.param("person", p.id())
			.update();
		long caseId = scenario().openCase(p.id(), this.clock.instant()).get("id").asLong();
		JsonNode investigation = this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId + "/investigation").json();
		JsonNode trace = investigation.get("recordedTraces").get(0);
		assertThat(trace.get("place").asString()).isEqualTo("如家酒店相城店");
		assertThat(trace.get("kind").asString()).isEqualTo("旅馆住宿");
		assertThat(investigation.get("recordedPasses").get(0).get("direction").asString()).isEqualTo("OUT");
	}

	private record Person(long id, String name, String idNumber) {
	}

	/** Persons of their own, each with a resident ID the lists can name. */
	private List<Person> persons(int count) {
		List<Person> persons = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long id = scenario().household(1).get(0);
			String idNumber = TestIds.valid();
			String name = this.jdbc
				.sql("""
						UPDATE person SET document_type = 'RESIDENT_ID', document_number = :n WHERE id = :id RETURNING name""")
				.param("n", idNumber)
				.param("id", id)
				.query(String.class)
				.single();
			persons.add(new Person(id, name, idNumber));
		}
		return persons;
	}

	private String arrival(Person p, Instant at, String transport, String number, String seat) {
		return String.join(",", p.name(), p.idNumber(), "上海", TIME.format(at.atZone(this.clock.getZone())), "相城区",
				transport, number, seat);
	}

	private void importFile(String source, List<String> rows) {
		Response response = this.api.upload(this.admin, "/api/v1/imports", Map.of("source", source),
				source + "-" + UUID.randomUUID() + ".csv", String.join("\n", rows).getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get(this.admin, "/api/v1/imports/" + id).json().get("state").asString(),
					state -> state.equals("COMPLETED") || state.equals("FAILED"));
		JsonNode job = this.api.get(this.admin, "/api/v1/imports/" + id).json();
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.get("rowsRejected").asLong()).as(job.toString()).isZero();
	}

	private JsonNode contacts(long caseId) {
		return scenario().contacts(caseId);
	}

	private static JsonNode contact(JsonNode contacts, long person) {
		return TracingScenario.contact(contacts, person);
	}

	private TracingScenario scenario() {
		return new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
	}

}
