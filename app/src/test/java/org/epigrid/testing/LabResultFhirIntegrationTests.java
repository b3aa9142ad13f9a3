package org.epigrid.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lab results as HL7 FHIR R4 Bundles over the API: a valid transaction bundle is applied
 * (negative, positive with its lowest Ct, invalid to resample); a wrong resource type, a
 * missing result, an unknown tube and a result contradicting the tube's are each refused
 * with the reason naming what is wrong, and kept; a malformed bundle too, never a 500.
 */
@IntegrationTest
class LabResultFhirIntegrationTests extends AdminApiTest {

	@Autowired
	UserManagement users;

	@Test
	void aValidBundleImportsAndEveryWrongPartIsRefusedWithItsReasonAndKept() throws IOException {
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET 2")
			.query(Long.class)
			.single();
		List<Long> persons = this.jdbc.sql("""
				SELECT p.id FROM person p JOIN division g ON g.id = :grid
				WHERE p.merged_into IS NULL AND p.path >= g.path AND p.path < left(g.path, -1) || '0'
				ORDER BY p.id DESC LIMIT 3""").param("grid", grid).query(Long.class).list();
		long site = created(this.api.post(this.admin, "/api/v1/testing/sites",
				"""
						{"name":"FHIR测试采样点","kind":"FIXED","divisionId":%d,"address":"测试路2号","stations":2,"capacityPerHour":60}"""
					.formatted(grid)))
			.get("id")
			.asLong();
		long userId = this.users
			.create(new NewUser("fhir-sampler", "采样员", "sampler-password", EnumSet.of(Role.SAMPLER), "/"))
			.id();
		this.api.put(this.admin, "/api/v1/testing/sites/" + site + "/staff/" + userId, "");
		String sampler = this.api.token("fhir-sampler", "sampler-password");
		Instant now = this.clock.instant();
		long round = created(this.api.post(this.admin, "/api/v1/testing/rounds",
				"""
						{"name":"单管检测（FHIR）","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":1,"divisionIds":[%d]}"""
					.formatted(now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(4)), grid)))
			.get("id")
			.asLong();
		String prefix = "FH" + round + "-";
		for (int i = 0; i < 3; i++) {
			String tube = prefix + "000" + (i + 1);
			created(this.api.post(sampler, "/api/v1/testing/tubes",
					"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(tube, round, site)));
			String id = this.jdbc.sql("SELECT document_number FROM person WHERE id = :id")
				.param("id", persons.get(i))
				.query(String.class)
				.single();
			created(this.api.post(sampler, "/api/v1/testing/tubes/" + tube + "/samples",
					"{\"idNumber\":\"" + id + "\"}"));
		}

		// the valid bundle: three tubes, negative, positive (Ct 24.1 and 22.8: the lowest
		// kept), invalid
		String valid = bundle("transaction-three-tubes.json").replace("T20261207-", prefix);
		JsonNode applied = ok(this.api.post(this.admin, "/api/v1/testing/fhir", valid));
		assertThat(applied.get("accepted").asInt()).as(applied.toString()).isEqualTo(3);
		assertThat(applied.get("negative").asLong()).isEqualTo(1);
		assertThat(applied.get("positive").asLong()).isEqualTo(1);
		assertThat(applied.get("resample").asLong()).isEqualTo(1);
		JsonNode positiveTube = this.api.get(this.admin, "/api/v1/testing/tubes/" + prefix + "0002").json();
		assertThat(positiveTube.get("outcome").asString()).isEqualTo("POSITIVE");
		assertThat(this.jdbc.sql("SELECT ct FROM testing_tube WHERE barcode = :b")
			.param("b", prefix + "0002")
			.query(java.math.BigDecimal.class)
			.single()).isEqualByComparingTo("22.80");
		assertThat(this.api.get(this.admin, "/api/v1/testing/rounds/%d/lists/RESAMPLE?gridId=%d".formatted(round, grid))
			.json()
			.get("items")
			.get(0)
			.get("personId")
			.asLong()).isEqualTo(persons.get(2));

		// a second result contradicting the first, and tubes nobody opened
		String conflicting = valid.replaceFirst("\"260385009\", \"display\": \"Negative\"",
				"\"10828004\", \"display\": \"Positive\"");
		assertThat(conflicting).isNotEqualTo(valid);
		JsonNode second = ok(this.api.post(this.admin, "/api/v1/testing/fhir", conflicting));
		assertThat(second.get("accepted").asInt()).isZero();
		assertThat(reasons(second))
			.anyMatch(r -> r.contains(prefix + "0001") && r.contains("already has the result NEGATIVE"));
		JsonNode unknown = ok(this.api.post(this.admin, "/api/v1/testing/fhir",
				bundle("transaction-three-tubes.json").replace("T20261207-", "NOBODY" + round + "-")));
		assertThat(reasons(unknown)).hasSize(3).allMatch(r -> r.startsWith("unknown tube NOBODY" + round));

		// a Patient where results belong, a result without a value, a malformed body
		JsonNode patient = ok(
				this.api.post(this.admin, "/api/v1/testing/fhir", bundle("collection-with-patient.json")));
		assertThat(fields(patient)).anyMatch(f -> f.contains("entry"));
		assertThat(reasons(patient)).anyMatch(r -> r.contains("Patient"));
		JsonNode noValue = ok(
				this.api.post(this.admin, "/api/v1/testing/fhir", bundle("observation-without-value.json")));
		assertThat(reasons(noValue)).anyMatch(r -> r.contains("missing result"));
		Response malformed = this.api.post(this.admin, "/api/v1/testing/fhir", "{\"resourceType\":\"Bundle\",");
		assertThat(malformed.status()).isEqualTo(200);
		assertThat(malformed.json().get("rejected").asInt()).isEqualTo(1);
		assertThat(malformed.json().get("refusals").get(0).get("field").asString()).isEqualTo("Bundle");

		// every refusal kept with its reason and the entry as received
		for (JsonNode receipt : List.of(second, unknown, patient, noValue, malformed.json())) {
			JsonNode kept = this.api
				.get(this.admin, "/api/v1/testing/result-rejections?batchId=" + receipt.get("batchId").asLong())
				.json();
			assertThat(kept).hasSize(receipt.get("rejected").asInt());
			kept.forEach(k -> assertThat(k.get("raw").asString()).isNotBlank());
		}
	}

	private static List<String> reasons(JsonNode receipt) {
		return receipt.get("refusals").valueStream().map(r -> r.get("reason").asString()).toList();
	}

	private static List<String> fields(JsonNode receipt) {
		return receipt.get("refusals").valueStream().map(r -> r.get("field").asString()).toList();
	}

	private static String bundle(String name) throws IOException {
		try (InputStream in = LabResultFhirIntegrationTests.class.getResourceAsStream("/testing/fhir/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static JsonNode ok(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode created(Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

}
