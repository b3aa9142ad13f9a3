package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
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
 * One person, one file: a person named by three departments has one dossier with three
 * sources and three timeline items, masked for the viewer, audited, invisible outside the
 * jurisdiction.
 */
@IntegrationTest
class DossierIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Test
	void personInThreeListsHasOneDossierWithThreeSources() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		record Person(long id, String name, String idNumber, String path) {
		}
		Person p = this.jdbc.sql("""
				SELECT id, name, document_number, path FROM person
				WHERE document_type = 'RESIDENT_ID' AND NOT provisional
				  AND NOT EXISTS (SELECT 1 FROM source_record r WHERE r.person_id = person.id)
				ORDER BY id DESC LIMIT 1 OFFSET 7
				""")
			.query((rs, i) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.single();
		String tag = UUID.randomUUID().toString();
		await(api, admin,
				api.upload(admin, "/api/v1/imports", Map.of("source", "air-arrivals"), "a-" + tag + ".csv",
						("姓名,身份证号,出发地,到达时间,航班号\n" + p.name() + "," + p.idNumber() + ",天津,2026-01-09 21:05,GS7891\n")
							.getBytes(StandardCharsets.UTF_8)));
		await(api, admin,
				api.upload(admin, "/api/v1/imports", Map.of("source", "vaccination"), "v-" + tag + ".csv",
						("姓名,身份证号,疫苗名称,剂次,接种日期\n" + p.name() + "," + p.idNumber() + ",灭活疫苗,1,2021-05-01\n" + p.name()
								+ "," + p.idNumber() + ",灭活疫苗,2,2021-06-01\n")
							.getBytes(StandardCharsets.UTF_8)));
		await(api, admin,
				api.upload(admin, "/api/v1/imports", Map.of("source", "pharmacy-purchases"), "p-" + tag + ".csv",
						("姓名,身份证号,药品名称,购买时间\n" + p.name() + "," + p.idNumber() + ",布洛芬,2026-01-11 19:00\n")
							.getBytes(StandardCharsets.UTF_8)));

		Response response = api.get(admin,
				"/api/v1/persons/" + p.id() + "/dossier?purpose=" + Api.encode("dossier test"));
		assertThat(response.status()).isEqualTo(200);
		JsonNode dossier = response.json();
		assertThat(dossier.at("/person/id").asLong()).isEqualTo(p.id());
		assertThat(dossier.get("sources").findValuesAsString("code")).containsExactly("vaccination", "air-arrivals",
				"pharmacy-purchases");
		assertThat(dossier.get("timeline")).hasSize(4);
		// newest event first: the purchase, the flight, then the two doses
		assertThat(dossier.get("timeline").get(0).get("sourceCode").asString()).isEqualTo("pharmacy-purchases");
		assertThat(dossier.get("timeline").get(1).at("/fields/trainOrFlight").asString()).isEqualTo("GS7891");
		assertThat(dossier.get("timeline").get(3).at("/fields/doseNumber").asInt()).isEqualTo(1);
		// the admin may not see full ID numbers: masked in the records too
		assertThat(dossier.get("timeline").get(0).at("/fields/idNumber").asString()).contains("********");
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log WHERE subject_id = :id AND purpose = 'dossier: dossier test'
				""").param("id", Long.toString(p.id())).query(Long.class).single()).isEqualTo(1);

		// the import's list marks the person as appearing in three sources
		long vaccinationImport = this.jdbc.sql("SELECT id FROM import_job WHERE file_name = :f")
			.param("f", "v-" + tag + ".csv")
			.query(Long.class)
			.single();
		JsonNode records = api.get(admin, "/api/v1/imports/" + vaccinationImport + "/records").json().get("items");
		assertThat(records).hasSize(2);
		assertThat(records.findValues("sources").stream().map(JsonNode::asInt)).containsOnly(3);
		assertThat(records.findValues("personId").stream().map(JsonNode::asLong)).containsOnly(p.id());

		String otherGrid = this.jdbc.sql("""
				SELECT path FROM division WHERE level = 'GRID' AND NOT (:p LIKE path || '%') LIMIT 1
				""").param("p", p.path()).query(String.class).single();
		String username = "gw-" + tag.substring(0, 8);
		this.users
			.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), otherGrid));
		String worker = api.token(username, "grid-worker-password");
		Response hidden = api.get(worker, "/api/v1/persons/" + p.id() + "/dossier");
		assertThat(hidden.status()).isEqualTo(404);
		assertThat(hidden.contentType()).startsWith("application/problem+json");
	}

	private static void await(Api api, String token, Response upload) {
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		long id = upload.json().get("id").asLong();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> api.get(token, "/api/v1/imports/" + id).json().get("state").asString(),
					s -> s.equals("COMPLETED"));
	}

}
