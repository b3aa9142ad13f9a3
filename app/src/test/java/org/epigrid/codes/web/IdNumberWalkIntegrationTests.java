package org.epigrid.codes.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.codes.internal.verification.IdNumberWalkGuard;
import org.epigrid.shared.IdNumber;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gate token walking the sequence numbers of a birth date (issue 11): after its
 * allowance of ID-number verifications (30 at once, 60 a minute by default) it gets 429
 * with {@code Retry-After} — on the fast path and the ordinary pipeline alike — and the
 * burst of NOT_FOUND leaves an alert in the audit log. QR codes stay unlimited.
 */
@IntegrationTest
class IdNumberWalkIntegrationTests extends AdminApiTest {

	/** At most this many requests before the limit must have answered 429. */
	private static final int WALK = 200;

	@Autowired
	CodeTokens tokens;

	@Autowired
	JsonMapper json;

	@Test
	void aGateWalkingIdNumbersOnTheFastPathIsStoppedAndRaisesAnAlert() throws Exception {
		walk(false, "19230101");
	}

	@Test
	void aGateWalkingIdNumbersThroughThePipelineIsStoppedAndRaisesAnAlert() throws Exception {
		walk(true, "19240202");
	}

	private void walk(boolean ordinaryPipeline, String birthDate) throws Exception {
		Response issued = this.api.post(this.admin, "/api/v1/device-tokens",
				"{\"kind\":\"GATE\",\"label\":\"枚举测试闸机\",\"days\":30}");
		assertThat(issued.status()).isEqualTo(201);
		String gate = issued.json().get("token").asString();
		long tokenId = issued.json().get("device").get("tokenId").asLong();
		HttpClient client = HttpClient.newHttpClient();
		int answered = 0;
		HttpResponse<String> limited = null;
		for (int sequence = 0; sequence < WALK && limited == null; sequence++) {
			HttpResponse<String> response = post(client, gate,
					"{\"idNumber\":\"" + idNumber(birthDate, sequence) + "\"}", ordinaryPipeline);
			if (response.statusCode() == 429) {
				limited = response;
			}
			else {
				assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
				assertThat(this.json.readTree(response.body()).get("result").asString()).isEqualTo("NOT_FOUND");
				answered++;
			}
		}
		assertThat(answered).as("the allowance at once").isGreaterThanOrEqualTo(30);
		assertThat(limited).as("429 within " + WALK + " ID numbers").isNotNull();
		assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		JsonNode problem = this.json.readTree(limited.body());
		assertThat(problem.get("status").asInt()).isEqualTo(429);
		assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("idNumber");

		// a signed code is not limited: the same gate still verifies phones
		HttpResponse<String> code = post(client, gate, "{\"code\":\"" + code() + "\"}", ordinaryPipeline);
		assertThat(code.statusCode()).as(code.body()).isEqualTo(200);

		// the burst of unknown numbers left one alert about this device for the
		// administrator
		List<String> alerts = this.jdbc.sql("""
				SELECT purpose FROM audit_log
				WHERE action = :action AND subject_type = 'DEVICE_TOKEN' AND subject_id = :id
				""")
			.param("action", IdNumberWalkGuard.ALERT_ACTION)
			.param("id", Long.toString(tokenId))
			.query(String.class)
			.list();
		assertThat(alerts).singleElement().asString().contains("30 ID numbers nobody is registered with");
	}

	private HttpResponse<String> post(HttpClient client, String device, String body, boolean ordinaryPipeline)
			throws Exception {
		String sent = ordinaryPipeline ? body.substring(0, body.length() - 1) + " ".repeat(20_000) + "}" : body;
		return client.send(HttpRequest.newBuilder(URI.create(this.api.url(GateVerificationFilter.PATH)))
			.header("Authorization", "Bearer " + device)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(sent))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The ID number of a birth date's sequence number under 320599, a region code the
	 * demo town never issues: nobody is registered with it.
	 */
	/**
	 * Numbers nobody has: region 320599 (never issued by the demo town) and birth dates
	 * in the 1920s (other tests' random persons are born 1950–1999, {@code TestIds}).
	 */
	private static String idNumber(String birthDate, int sequence) {
		String first17 = "320599" + birthDate + String.format("%03d", sequence);
		return first17 + IdNumber.checkCharacter(first17);
	}

	private String code() {
		long person = this.jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 1200")
			.query(Long.class)
			.single();
		Instant now = this.clock.instant();
		return this.tokens.issue(new Claims(person, "张*三", Colour.GREEN, false, now, now.plusSeconds(60),
				this.tokens.newTokenId(), Kind.DYNAMIC, null));
	}

}
