package org.epigrid.tracing;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A screening topic end to end: a venue and a window gather the persons who checked in
 * (and a compound's checkpoint passes for an area); a list adds more, a person twice is
 * counted, not removed; an unknown ID is registered, a row naming nobody kept; the grid
 * worker where they live reaches them, an unreachable person is escalated after three
 * tries; persons living outside the topic's jurisdiction go to the assistance letter.
 */
@IntegrationTest
class TopicIntegrationTests extends AdminApiTest {

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	org.epigrid.venues.internal.PresencePartitionWriter partitions;

	@Autowired
	UserManagement users;

	@Test
	void aTopicGathersItsPersonsForTheGridsToVerifyAndTheRestForAnAssistanceLetter() {
		TracingScenario scenario = new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
		long a = scenario.household(1).get(0);
		long b = scenario.household(1).get(0);
		long late = scenario.household(1).get(0);
		String home = this.jdbc.sql("SELECT path FROM person WHERE id = :id")
			.param("id", a)
			.query(String.class)
			.single();
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' AND starts_with(:p, path)")
			.param("p", home)
			.query(String.class)
			.single();
		String district = this.jdbc.sql(
				"SELECT path FROM division WHERE level <> 'GRID' AND starts_with(:p, path) ORDER BY length(path) DESC LIMIT 1")
			.param("p", grid)
			.query(String.class)
			.single();
		// someone living in another district (outside an epidemiologist of this one)
		long visitor = this.jdbc
			.sql("""
					SELECT id FROM person WHERE NOT starts_with(path, :d) AND merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 7""")
			.param("d", district)
			.query(Long.class)
			.single();
		long venue = scenario.venue("MALL", "CROWDED");
		Instant from = this.clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
		scenario.checkIn(venue, a, from.plus(Duration.ofHours(1)));
		scenario.checkIn(venue, a, from.plus(Duration.ofHours(3)));
		scenario.checkIn(venue, b, from.plus(Duration.ofHours(2)));
		scenario.checkIn(venue, visitor, from.plus(Duration.ofHours(4)));
		scenario.checkIn(venue, late, from.plus(Duration.ofHours(12)));

		String epi = user("tp", Role.EPIDEMIOLOGIST, district);
		Response created = this.api.post(epi, "/api/v1/tracing/topics", "{\"name\":\"某商场 专题\",\"venueIds\":[" + venue
				+ "],\"from\":\"" + from + "\",\"to\":\"" + from.plus(Duration.ofHours(9)) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long topic = created.json().get("id").asLong();
		assertThat(created.json().get("items").asInt()).isEqualTo(3);
		assertThat(created.json().get("byStatus").get("PENDING").asInt()).isEqualTo(2);
		assertThat(created.json().get("byStatus").get("OUTSIDE").asInt()).isEqualTo(1);

		// a list from the mall's membership records: a again (by ID), b by name and
		// phone, an
		// unknown ID, a row naming nobody
		String aId = TestIds.valid();
		String aName = this.jdbc
			.sql("UPDATE person SET document_type = 'RESIDENT_ID', document_number = :n WHERE id = :id RETURNING name")
			.param("n", aId)
			.param("id", a)
			.query(String.class)
			.single();
		String bPhone = "137" + String.format("%08d", TracingScenario.serial() * 7907L % 100_000_000L);
		String bName = this.jdbc.sql("UPDATE person SET phone = :p WHERE id = :id RETURNING name")
			.param("p", bPhone)
			.param("id", b)
			.query(String.class)
			.single();
		String unknownId = TestIds.valid();
		Response list = this.api.post(epi, "/api/v1/tracing/topics/" + topic + "/lists",
				"{\"rows\":[{\"name\":\"" + aName + "\",\"idNumber\":\"" + aId + "\"},{\"name\":\"" + bName
						+ "\",\"phone\":\"" + bPhone + "\"},{\"name\":\"会员甲\",\"idNumber\":\"" + unknownId
						+ "\"},{\"name\":\"只有姓名\"}]}");
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		assertThat(list.json().get("persons").asInt()).isEqualTo(3);
		assertThat(list.json().get("alreadyItems").asInt()).isEqualTo(2);
		assertThat(list.json().get("registered").asInt()).isEqualTo(1);
		assertThat(list.json().get("unmatched").asInt()).isEqualTo(1);

		// the grid worker where a and b live sees them (not the visitor) and reaches them
		String worker = user("tg", Role.GRID_WORKER, grid);
		JsonNode items = this.api.get(worker, "/api/v1/tracing/topics/" + topic + "/items?size=100")
			.json()
			.get("items");
		assertThat(items.toString()).contains("\"personId\":" + a + ",")
			.doesNotContain("\"personId\":" + visitor + ",");
		JsonNode itemA = item(items, a);
		assertThat(itemA.get("sources").toString()).contains("CHECK_IN").contains("LIST");
		assertThat(itemA.get("rows").asInt()).isEqualTo(2);
		assertThat(outcome(worker, topic, a, "CONFIRMED").get("status").asString()).isEqualTo("CONFIRMED");
		assertThat(outcome(worker, topic, b, "UNREACHABLE").get("escalated").asBoolean()).isFalse();
		outcome(worker, topic, b, "UNREACHABLE");
		assertThat(outcome(worker, topic, b, "UNREACHABLE").get("escalated").asBoolean()).isTrue();
		// not the visitor's grid worker: not there
		assertThat(this.api
			.post(worker, "/api/v1/tracing/topics/" + topic + "/items/" + visitor + "/outcome",
					"{\"outcome\":\"CONFIRMED\"}")
			.status()).isEqualTo(404);
		Response wrong = this.api.post(worker, "/api/v1/tracing/topics/" + topic + "/items/" + a + "/outcome",
				"{\"outcome\":\"MAYBE\"}");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.body()).contains("outcome");
		// grid workers verify; they do not make topics
		assertThat(this.api.post(worker, "/api/v1/tracing/topics", "{}").status()).isEqualTo(403);

		JsonNode progress = this.api.get(epi, "/api/v1/tracing/topics/" + topic).json();
		assertThat(progress.get("byStatus").get("CONFIRMED").asInt()).isEqualTo(1);
		assertThat(progress.get("byStatus").get("UNREACHABLE").asInt()).isEqualTo(1);
		assertThat(progress.get("escalated").asInt()).isEqualTo(1);
		assertThat(progress.get("unmatchedRows").asInt()).isEqualTo(1);
		assertThat(progress.get("grids").toString()).contains(grid);

		assertThat(progress.get("assistanceLetter").asBoolean()).isTrue();
		// the grid worker neither downloads it nor is offered it
		assertThat(this.api.get(worker, "/api/v1/tracing/topics/" + topic).json().get("assistanceLetter").asBoolean())
			.isFalse();
		Response letter = this.api.get(epi, "/api/v1/tracing/topics/" + topic + "/assistance.csv");
		assertThat(letter.status()).as(letter.body()).isEqualTo(200);
		assertThat(letter.body()).contains(visitor + ",").contains("只有姓名").contains("居住地不在本辖区");

		// a bad topic names the field
		Response noPlace = this.api.post(epi, "/api/v1/tracing/topics",
				"{\"name\":\"x\",\"from\":\"" + from + "\",\"to\":\"" + from.plus(Duration.ofHours(1)) + "\"}");
		assertThat(noPlace.status()).isEqualTo(400);
		assertThat(noPlace.body()).contains("venueIds");
		Response tooLong = this.api.post(epi, "/api/v1/tracing/topics", "{\"name\":\"x\",\"venueIds\":[" + venue
				+ "],\"from\":\"" + from.minus(Duration.ofDays(20)) + "\",\"to\":\"" + from + "\"}");
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.body()).contains("\"to\"");
	}

	@Test
	void anAreaTopicGathersItsCompoundsCheckpointPasses() {
		TracingScenario scenario = new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
		long resident = scenario.household(1).get(0);
		var compound = this.jdbc.sql("SELECT id, path FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET 3")
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getString(2) })
			.single();
		Instant at = this.clock.instant().minus(Duration.ofHours(5));
		// the day's partition, as the checkpoint writer makes it
		this.partitions.ensurePasses(java.util.List.of(at));
		this.jdbc
			.sql("""
					INSERT INTO checkpoint_pass (passed_at, device_id, compound_path, person_id, direction, temperature, mask,
					                             result, allowed, reasons)
					VALUES (:at, 1, :path, :person, 'IN', 36.5, true, 'GREEN', true, '{}')""")
			.param("at", java.sql.Timestamp.from(at))
			.param("path", compound[1] + "compound-" + TracingScenario.serial() + "/")
			.param("person", resident)
			.update();
		Response created = this.api.post(this.admin, "/api/v1/tracing/topics",
				"{\"name\":\"小区卡口专题\",\"areaDivisionId\":" + compound[0] + ",\"from\":\""
						+ at.minus(Duration.ofHours(1)) + "\",\"to\":\"" + at.plus(Duration.ofHours(1)) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Response page = this.api.get(this.admin,
				"/api/v1/tracing/topics/" + created.json().get("id").asLong() + "/items?size=200");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		JsonNode items = page.json().get("items");
		assertThat(item(items, resident).get("sources").toString()).contains("CHECKPOINT");
	}

	private String user(String prefix, Role role, String jurisdiction) {
		String username = prefix + TracingScenario.serial() + "x" + System.nanoTime() % 100000;
		this.users.create(new NewUser(username, "专题用户", "topic-user-password", EnumSet.of(role), jurisdiction));
		return this.api.token(username, "topic-user-password");
	}

	private JsonNode outcome(String token, long topic, long person, String outcome) {
		Response response = this.api.post(token, "/api/v1/tracing/topics/" + topic + "/items/" + person + "/outcome",
				"{\"outcome\":\"" + outcome + "\",\"note\":\"电话联系\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode item(JsonNode items, long person) {
		for (JsonNode item : items) {
			if (item.get("personId").asLong() == person) {
				return item;
			}
		}
		throw new AssertionError("no item " + person + " in " + items);
	}

}
