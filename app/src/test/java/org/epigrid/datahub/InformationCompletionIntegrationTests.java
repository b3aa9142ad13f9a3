package org.epigrid.datahub;

import java.time.Duration;
import java.util.UUID;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Information completion (信息补全): after an import, what the base lacks is filled from the
 * records, with provenance; what the base has is kept.
 */
@IntegrationTest
class InformationCompletionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void fillsMissingPhonesAndPlacesNewcomersByAddressKeepingProvenance() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		record Household(long id, String path, String address) {
		}
		Household home = this.jdbc.sql("""
				SELECT id, path, address FROM household WHERE address IS NOT NULL ORDER BY id DESC LIMIT 1 OFFSET 3
				""").query((rs, i) -> new Household(rs.getLong(1), rs.getString(2), rs.getString(3))).single();
		// a registered person without a phone, and one with
		String withoutPhone = TestIds.valid();
		Response created = api.post(admin, "/api/v1/persons",
				"{\"name\":\"缺电话\",\"idNumber\":\"" + withoutPhone + "\",\"householdId\":" + home.id() + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long missing = created.json().get("id").asLong();
		String withPhone = TestIds.valid();
		long complete = api
			.post(admin, "/api/v1/persons",
					"{\"name\":\"有电话\",\"idNumber\":\"" + withPhone + "\",\"phone\":\"13900000001\",\"householdId\":"
							+ home.id() + "}")
			.json()
			.get("id")
			.asLong();
		// a newcomer nobody registered, living at that household's address
		String newcomer = TestIds.valid();

		String csv = "姓名,身份证号,联系电话,现住址,登记日期\n" + "缺电话," + withoutPhone + ",13900000002,,2026-01-05\n" + "有电话,"
				+ withPhone + ",13900000003,,2026-01-05\n" + "新来者," + newcomer + ",13900000004," + home.address()
				+ ",2026-01-06\n";
		long job = api.importCsv(admin, "police-floating", "floating-" + UUID.randomUUID() + ".csv", csv);
		long recordOfMissing = this.jdbc.sql("SELECT id FROM source_record WHERE job_id = :j AND row_number = 2")
			.param("j", job)
			.query(Long.class)
			.single();

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> phone(missing), p -> "13900000002".equals(p));
		assertThat(phone(complete)).isEqualTo("13900000001");
		assertThat(this.jdbc
			.sql("""
					SELECT field || ' ' || value || ' ' || source || ' ' || reference || ' ' || method FROM person_completion
					WHERE person_id = :p
					""")
			.param("p", missing)
			.query(String.class)
			.list()).containsExactly("phone 13900000002 police-floating record " + recordOfMissing + " SOURCE_RECORD");
		assertThat(this.jdbc.sql("SELECT count(*) FROM person_completion WHERE person_id = :p")
			.param("p", complete)
			.query(Long.class)
			.single()).isZero();

		// the newcomer: a provisional person, placed where the address says, with its
		// address and grid remembered
		long provisional = this.jdbc.sql("SELECT id FROM person WHERE document_number = :n")
			.param("n", newcomer)
			.query(Long.class)
			.single();
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.jdbc.sql("SELECT path FROM person WHERE id = :p")
				.param("p", provisional)
				.query(String.class)
				.single(), home.path()::equals);
		assertThat(this.jdbc
			.sql("""
					SELECT field || ' ' || method || ' ' || coalesce(round(score::numeric, 2)::text, '-') FROM person_completion
					WHERE person_id = :p ORDER BY field
					""")
			.param("p", provisional)
			.query(String.class)
			.list()).containsExactly("address SOURCE_RECORD -", "grid ADDRESS_MATCH 1.00");

		// the dossier shows what was completed and from where, the phone masked
		JsonNode dossier = api.get(admin, "/api/v1/persons/" + missing + "/dossier?purpose=test").json();
		JsonNode completion = dossier.get("completions").get(0);
		assertThat(completion.get("field").asString()).isEqualTo("PHONE");
		assertThat(completion.get("value").asString()).isEqualTo("139****0002");
		assertThat(completion.get("source").asString()).isEqualTo("police-floating");
		assertThat(completion.get("reference").asString()).isEqualTo("record " + recordOfMissing);

		// importing the same facts again (another file) fills nothing twice
		long again = api.importCsv(admin, "police-floating", "floating-" + UUID.randomUUID() + ".csv", csv + "\n");
		// until the completion of that import has run
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> this.jdbc.sql("""
				SELECT count(*) FROM event_publication
				WHERE completion_date IS NOT NULL AND serialized_event LIKE :job
				  AND listener_id LIKE '%InformationCompletion%'
				""").param("job", "%\"importId\":" + again + ",%").query(Long.class).single() == 1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM person_completion WHERE person_id IN (:a, :b)")
			.param("a", missing)
			.param("b", provisional)
			.query(Long.class)
			.single()).isEqualTo(3);
	}

	private String phone(long person) {
		return this.jdbc.sql("SELECT phone FROM person WHERE id = :p").param("p", person).query(String.class).single();
	}

}
