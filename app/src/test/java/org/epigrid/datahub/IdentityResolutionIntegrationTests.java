package org.epigrid.datahub;

import java.util.UUID;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records without an ID number: linked by name, birth date and address when one person
 * clearly fits, otherwise queued with ranked candidates for a person to decide.
 */
@IntegrationTest
class IdentityResolutionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void linksByNameBirthDateAndAddressOrQueuesForAPerson() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		record Person(long id, String name, String birth, String address) {
		}
		// someone whose name and birth date no one else shares
		Person p = this.jdbc
			.sql("""
					SELECT p.id, p.name, p.birth_date::text, h.address FROM person p JOIN household h ON h.id = p.household_id
					WHERE NOT EXISTS (SELECT 1 FROM person q WHERE q.name = p.name AND q.birth_date = p.birth_date AND q.id <> p.id)
					ORDER BY p.id LIMIT 1 OFFSET 11
					""")
			.query((rs, i) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.single();
		String tag = UUID.randomUUID().toString();
		String csv = "姓名,联系电话,出生日期,现住址\n" + p.name() + ",19800001234," + p.birth() + "," + p.address() + "\n" + p.name()
				+ ",19800005678,,\n";
		long job = api.importCsv(admin, "police-floating", "floating-" + tag + ".csv", csv);

		JsonNode records = api.get(admin, "/api/v1/imports/" + job + "/records").json().get("items");
		assertThat(records.get(0).get("linkMethod").asString()).isEqualTo("NAME_BIRTH_ADDRESS");
		assertThat(records.get(0).get("personId").asLong()).isEqualTo(p.id());
		assertThat(records.get(0).get("linkScore").asDouble()).isGreaterThanOrEqualTo(0.9);
		// name only: not enough to decide
		assertThat(records.get(1).get("personId").isNull()).isTrue();

		long recordId = this.jdbc.sql("SELECT id FROM source_record WHERE job_id = :j AND row_number = 3")
			.param("j", job)
			.query(Long.class)
			.single();
		JsonNode queued = null;
		Response queue = api.get(admin, "/api/v1/matches?importId=" + job);
		for (JsonNode item : queue.json().get("items")) {
			if (item.get("recordId").asLong() == recordId) {
				queued = item;
			}
		}
		assertThat(queued).as("record " + recordId + " in the match queue " + queue.body()).isNotNull();
		assertThat(queued.get("candidates").findValues("personId").stream().map(JsonNode::asLong)).contains(p.id());

		Response link = api.post(admin, "/api/v1/matches/" + recordId, "{\"personId\":" + p.id() + "}");
		assertThat(link.status()).isEqualTo(204);
		assertThat(this.jdbc.sql("SELECT link_method || ' ' || linked_by FROM source_record WHERE id = :id")
			.param("id", recordId)
			.query(String.class)
			.single()).isEqualTo("MANUAL admin");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'LINK_RECORD' AND subject_id = :id")
			.param("id", Long.toString(recordId))
			.query(Long.class)
			.single()).isEqualTo(1);
		Response again = api.post(admin, "/api/v1/matches/" + recordId, "{\"personId\":" + p.id() + "}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(api.post(admin, "/api/v1/matches/999999999", "{\"personId\":" + p.id() + "}").status())
			.isEqualTo(404);
	}

}
