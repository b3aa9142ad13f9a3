package org.epigrid.population;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two persons who are one are merged, audited, and the merge is undone, with every source
 * record following and going back.
 */
@IntegrationTest
class PersonMergeIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void mergeMovesEverythingToTheSurvivorAndUndoPutsItBack() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		long household = this.jdbc.sql("SELECT id FROM household ORDER BY id LIMIT 1").query(Long.class).single();
		String survivorId = TestIds.valid();
		String duplicateId = TestIds.valid();
		long survivor = register(api, admin, "周合并", survivorId, household);
		long duplicate = register(api, admin, "周合并", duplicateId, household);

		Response upload = api.upload(admin, "/api/v1/imports", Map.of("source", "rail-arrivals"),
				"merge-" + UUID.randomUUID() + ".csv",
				("姓名,身份证号,出发地\n周合并," + duplicateId + ",天津\n").getBytes(StandardCharsets.UTF_8));
		long job = upload.json().get("id").asLong();
		await().atMost(Duration.ofSeconds(30)).until(() -> personOfRecord(job), p -> p != null && p == duplicate);

		assertThat(api.post(admin, "/api/v1/persons/" + survivor + "/merges", "{\"duplicateId\":" + duplicate + "}")
			.json()
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("reason");
		assertThat(api
			.post(admin, "/api/v1/persons/" + survivor + "/merges",
					"{\"duplicateId\":" + survivor + ",\"reason\":\"x\"}")
			.status()).isEqualTo(400);

		Response merged = api.post(admin, "/api/v1/persons/" + survivor + "/merges",
				"{\"duplicateId\":" + duplicate + ",\"reason\":\"同一人两次登记\"}");
		assertThat(merged.status()).isEqualTo(201);
		long mergeId = merged.json().get("mergeId").asLong();
		await().atMost(Duration.ofSeconds(30)).until(() -> personOfRecord(job), p -> p != null && p == survivor);
		assertThat(api.get(admin, "/api/v1/persons?q=" + duplicateId).json().get("items")).isEmpty();
		assertThat(api.get(admin, "/api/v1/persons/" + duplicate).json().get("mergedInto").asLong())
			.isEqualTo(survivor);
		assertThat(api.get(admin, "/api/v1/persons/" + survivor + "/dossier").json().get("timeline")).hasSize(1);
		assertThat(api
			.post(admin, "/api/v1/persons/" + survivor + "/merges",
					"{\"duplicateId\":" + duplicate + ",\"reason\":\"again\"}")
			.status()).isEqualTo(409);
		assertThat(audited("MERGE_PERSONS", duplicate)).isEqualTo(1);

		Response undo = api.delete(admin, "/api/v1/person-merges/" + mergeId);
		assertThat(undo.status()).isEqualTo(204);
		await().atMost(Duration.ofSeconds(30)).until(() -> personOfRecord(job), p -> p != null && p == duplicate);
		assertThat(api.get(admin, "/api/v1/persons?q=" + duplicateId).json().get("items")).hasSize(1);
		assertThat(api.get(admin, "/api/v1/persons/" + duplicate).json().get("mergedInto").isNull()).isTrue();
		assertThat(audited("UNDO_MERGE", duplicate)).isEqualTo(1);
		assertThat(api.delete(admin, "/api/v1/person-merges/" + mergeId).status()).isEqualTo(409);
	}

	private long register(Api api, String token, String name, String idNumber, long household) {
		Response response = api.post(token, "/api/v1/persons",
				"{\"name\":\"" + name + "\",\"idNumber\":\"" + idNumber + "\",\"householdId\":" + household + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json().get("id").asLong();
	}

	private Long personOfRecord(long job) {
		return this.jdbc.sql("SELECT person_id FROM source_record WHERE job_id = :j")
			.param("j", job)
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	private long audited(String action, long personId) {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = :a AND subject_id = :id")
			.param("a", action)
			.param("id", Long.toString(personId))
			.query(Long.class)
			.single();
	}

}
