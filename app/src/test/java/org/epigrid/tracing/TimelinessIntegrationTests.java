package org.epigrid.tracing;

import java.time.Duration;

import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeliness: positive sample → case → contacts identified, counted against the drill's
 * four hours; a case found a month after its sample is the slowest.
 */
@IntegrationTest
class TimelinessIntegrationTests extends AdminApiTest {

	@Autowired
	CheckInWriter checkIns;

	@Test
	void eachCaseCountsFromItsPositiveSampleToItsContactsAgainstTheTarget() {
		JsonNode before = timeliness();
		TracingScenario scenario = new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
		// a positive an hour ago, its household identified at once: within four hours
		long quick = scenario.openCase(scenario.household(2).get(0), this.clock.instant().minus(Duration.ofHours(1)))
			.get("id")
			.asLong();
		// a sample a month old, reported only now: far over
		long late = scenario.openCase(scenario.household(2).get(0), this.clock.instant().minus(Duration.ofDays(30)))
			.get("id")
			.asLong();
		JsonNode after = timeliness();
		assertThat(after.get("targetSeconds").asLong()).isEqualTo(4 * 3600);
		assertThat(after.get("cases").asInt()).isEqualTo(before.get("cases").asInt() + 2);
		assertThat(after.get("withinTarget").asInt()).isEqualTo(before.get("withinTarget").asInt() + 1);
		assertThat(after.get("sampleToContacts").get("count").asInt())
			.isEqualTo(before.get("sampleToContacts").get("count").asInt() + 2);
		JsonNode slowest = after.get("slowest").get(0);
		assertThat(slowest.get("caseId").asLong()).isEqualTo(late);
		assertThat(slowest.get("seconds").asLong()).isBetween(30L * 86_400 - 60, 30L * 86_400 + 600);
		assertThat(after.get("slowest").toString()).doesNotContain("\"caseId\":" + quick + ",");
		assertThat(after.get("sampleToOpened").get("p90Seconds").asLong())
			.isGreaterThanOrEqualTo(after.get("sampleToOpened").get("medianSeconds").asLong());

		Response bad = this.api.get(this.admin, "/api/v1/tracing/timeliness?days=0");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("days");
	}

	private JsonNode timeliness() {
		Response response = this.api.get(this.admin, "/api/v1/tracing/timeliness?days=60");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

}
