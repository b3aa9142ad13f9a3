package org.epigrid.tracing;

import java.time.Duration;

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
 * Persons a case names in the interview are resolved like the data hub's records — by ID
 * number, by name and phone, or registered provisionally from an unknown ID — and become
 * its contacts at once with the interview as evidence.
 */
@IntegrationTest
class NamedContactsIntegrationTests extends AdminApiTest {

	@Autowired
	CheckInWriter checkIns;

	@Test
	void namedPersonsAreResolvedAndBecomeContactsWithTheInterviewAsEvidence() {
		TracingScenario scenario = new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
		long caseId = scenario.openCase(scenario.household(1).get(0), this.clock.instant()).get("id").asLong();
		long byId = scenario.household(1).get(0);
		String idNumber = TestIds.valid();
		String name = this.jdbc
			.sql("UPDATE person SET document_type = 'RESIDENT_ID', document_number = :n WHERE id = :id RETURNING name")
			.param("n", idNumber)
			.param("id", byId)
			.query(String.class)
			.single();
		long byPhone = scenario.household(1).get(0);
		String phone = "139" + String.format("%08d", TracingScenario.serial() * 7919L % 100_000_000L);
		String phoneName = this.jdbc.sql("UPDATE person SET phone = :p WHERE id = :id RETURNING name")
			.param("p", phone)
			.param("id", byPhone)
			.query(String.class)
			.single();
		String at = this.clock.instant().minus(Duration.ofDays(2)).toString();

		JsonNode first = name(caseId, "{\"name\":\"" + name + "\",\"idNumber\":\"" + idNumber
				+ "\",\"relation\":\"同事，共进午餐\",\"exposedAt\":\"" + at + "\"}");
		assertThat(first.get("personId").asLong()).isEqualTo(byId);
		assertThat(first.get("resolvedBy").asString()).isEqualTo("ID_NUMBER");
		assertThat(first.get("idNumber").asString()).doesNotContain(idNumber.substring(6, 14));
		JsonNode second = name(caseId, "{\"name\":\"" + phoneName + "\",\"phone\":\"" + phone
				+ "\",\"relation\":\"牌友\",\"level\":\"GENERAL\",\"exposedAt\":\"" + at + "\"}");
		assertThat(second.get("personId").asLong()).isEqualTo(byPhone);
		assertThat(second.get("resolvedBy").asString()).isEqualTo("NAME_PHONE");
		String unknownId = TestIds.valid();
		JsonNode third = name(caseId,
				"{\"name\":\"新来的人\",\"idNumber\":\"" + unknownId + "\",\"exposedAt\":\"" + at + "\"}");
		assertThat(third.get("resolvedBy").asString()).isEqualTo("PROVISIONAL");
		long provisional = third.get("personId").asLong();
		assertThat(this.jdbc.sql("SELECT document_number FROM person WHERE id = :id")
			.param("id", provisional)
			.query(String.class)
			.single()).isEqualTo(unknownId);

		JsonNode contacts = this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId + "/contacts?size=50")
			.json()
			.get("items");
		JsonNode colleague = contact(contacts, byId);
		assertThat(colleague.get("level").asString()).isEqualTo("CLOSE");
		assertThat(colleague.get("evidence").get(0).get("kind").asString()).isEqualTo("NAMED");
		assertThat(colleague.get("evidence").get(0).get("venueName").asString()).isEqualTo("同事，共进午餐");
		assertThat(contact(contacts, byPhone).get("level").asString()).isEqualTo("GENERAL");
		assertThat(contact(contacts, provisional).get("level").asString()).isEqualTo("CLOSE");
		JsonNode investigation = this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId + "/investigation").json();
		assertThat(investigation.get("namedContacts")).hasSize(3);
		assertThat(investigation.toString()).doesNotContain(phone).doesNotContain(idNumber);

		// a name alone finds nobody; a wrong ID or level is named
		Response nameOnly = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/named-contacts",
				"{\"name\":\"某人\",\"exposedAt\":\"" + at + "\"}");
		assertThat(nameOnly.status()).isEqualTo(400);
		assertThat(nameOnly.body()).contains("phone");
		Response badId = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/named-contacts",
				"{\"name\":\"某人\",\"idNumber\":\"" + TestIds.withWrongCheckDigit(TestIds.valid())
						+ "\",\"exposedAt\":\"" + at + "\"}");
		assertThat(badId.status()).isEqualTo(400);
		assertThat(badId.body()).contains("idNumber");
		Response secondary = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/named-contacts",
				"{\"name\":\"某人\",\"phone\":\"13900000000\",\"level\":\"SECONDARY\",\"exposedAt\":\"" + at + "\"}");
		assertThat(secondary.status()).isEqualTo(400);
		assertThat(secondary.body()).contains("level");
		assertThat(this.api
			.post(this.admin, "/api/v1/tracing/cases/999999999/named-contacts",
					"{\"name\":\"某人\",\"phone\":\"13900000000\",\"exposedAt\":\"" + at + "\"}")
			.status()).isEqualTo(404);
	}

	private JsonNode name(long caseId, String json) {
		Response named = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/named-contacts", json);
		assertThat(named.status()).as(named.body()).isEqualTo(201);
		return named.json();
	}

	private static JsonNode contact(JsonNode contacts, long person) {
		JsonNode found = TracingScenario.contact(contacts, person);
		assertThat(found).as("contact " + person + " in " + contacts).isNotNull();
		return found;
	}

}
