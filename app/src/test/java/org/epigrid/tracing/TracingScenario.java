package org.epigrid.tracing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.venues.internal.CheckInWriter;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-built tracing scenarios: households of new persons (no other test's persons live
 * with them), fresh venues where they please, check-ins at given times, cases opened over
 * the API.
 */
final class TracingScenario {

	private static final AtomicInteger SERIAL = new AtomicInteger();

	private final JdbcClient jdbc;

	private final Api api;

	private final String admin;

	private final CheckInWriter checkIns;

	TracingScenario(JdbcClient jdbc, Api api, String admin, CheckInWriter checkIns) {
		this.jdbc = jdbc;
		this.api = api;
		this.admin = admin;
		this.checkIns = checkIns;
	}

	static int serial() {
		return SERIAL.incrementAndGet();
	}

	/** A new household of its own persons. */
	List<Long> household(int persons) {
		int serial = serial();
		var model = this.jdbc.sql("""
				SELECT h.unit_id, h.path, h.address FROM household h
				WHERE EXISTS (SELECT 1 FROM person p WHERE p.household_id = h.id) ORDER BY h.id LIMIT 1 OFFSET 40""")
			.query((rs, i) -> new Object[] { rs.getLong(1), rs.getString(2), rs.getString(3) })
			.single();
		long householdId = this.jdbc
			.sql("""
					INSERT INTO household (unit_id, path, room, address) VALUES (:unit, :path, :room, :address) RETURNING id""")
			.param("unit", model[0])
			.param("path", model[1])
			.param("room", "T" + serial + "-" + System.nanoTime() % 1_000_000)
			.param("address", model[2])
			.query(Long.class)
			.single();
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < persons; i++) {
			ids.add(this.jdbc.sql("""
					INSERT INTO person (name, document_type, document_number, sex, household_id, path, population_type,
					                    created_at, updated_at)
					VALUES (:name, 'OTHER', :number, 'UNKNOWN', :household, :path, 'RESIDENT', now(), now())
					RETURNING id""")
				.param("name", "流调测试" + serial + "-" + i)
				.param("number", "TRACING-" + householdId + "-" + i)
				.param("household", householdId)
				.param("path", model[1])
				.query(Long.class)
				.single());
		}
		return ids;
	}

	/** A fresh venue at the demo town's usual place. */
	long venue(String type, String crowdClass) {
		return venue(type, crowdClass, 120.6, 31.3);
	}

	/** A fresh venue at a place. */
	long venue(String type, String crowdClass, double lon, double lat) {
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET 2")
			.query(Long.class)
			.single();
		Response made = this.api.post(this.admin, "/api/v1/codes/venues",
				"{\"gridId\":" + grid + ",\"name\":\"流调场所" + serial() + "\",\"type\":\"" + type
						+ "\",\"address\":\"测试路9号\",\"lon\":" + lon + ",\"lat\":" + lat
						+ ",\"capacity\":300,\"crowdClass\":\"" + crowdClass + "\"}");
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		return made.json().get("id").asLong();
	}

	void checkIn(long venue, long person, Instant at) {
		this.checkIns.write(List.of(new CheckInWriter.Row(at, venue, person, 0, false, true, "SELF")));
	}

	JsonNode openCase(long person, Instant firstPositiveAt) {
		Response opened = this.api.post(this.admin, "/api/v1/tracing/cases",
				"{\"personId\":" + person + ",\"firstPositiveAt\":\"" + firstPositiveAt + "\",\"sourceNote\":\"测试\"}");
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.json();
	}

	JsonNode openCase(long person, java.time.LocalDate onsetDate) {
		Response opened = this.api.post(this.admin, "/api/v1/tracing/cases",
				"{\"personId\":" + person + ",\"onsetDate\":\"" + onsetDate + "\",\"sourceNote\":\"测试\"}");
		assertThat(opened.status()).as(opened.body()).isEqualTo(201);
		return opened.json();
	}

	/** A case's contacts (up to 200) as the API lists them. */
	JsonNode contacts(long caseId) {
		Response page = this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId + "/contacts?size=200");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		return page.json().get("items");
	}

	/** A person's entry in a list of contacts, {@code null} if not there. */
	static JsonNode contact(JsonNode contacts, long person) {
		for (JsonNode contact : contacts) {
			if (contact.get("personId").asLong() == person) {
				return contact;
			}
		}
		return null;
	}

}
