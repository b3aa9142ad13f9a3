package org.epigrid.codes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.shared.health.QuarantineKind;
import org.epigrid.shared.health.QuarantineStatusChanged;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.DeviceTokenSweep;
import org.epigrid.support.Api.Response;
import org.epigrid.support.DemoPersons;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gates verify codes with a device token: a verdict and a masked name, nothing else; each
 * kind of wrong code has its own answer, never a 500; a device token reads no personal
 * data anywhere.
 */
@IntegrationTest
class CodeVerificationIntegrationTests extends AdminApiTest {

	@Autowired
	CodeTokens tokens;

	@Autowired
	ResidentDirectory residents;

	@Test
	void aGateGetsAVerdictAndAMaskedNameOnly() {
		long person = person(0);
		String gate = device("GATE", "人民广场站B口闸机", 121.4737, 31.2304);
		Response verdict = verify(gate, "{\"code\":\"" + token(person, Instant.now(this.clock), 60) + "\"}");
		assertThat(verdict.status()).as(verdict.body()).isEqualTo(200);
		JsonNode json = verdict.json();
		assertThat(json.get("result").asString()).isEqualTo("GREEN");
		assertThat(json.get("decision").asString()).isEqualTo("ALLOW");
		assertThat(json.get("star").asBoolean()).isFalse();
		assertThat(json.get("maskedName").asString()).contains("*");
		Set<String> fields = new TreeSet<>();
		json.propertyNames().forEach(fields::add);
		assertThat(fields).containsExactly("decision", "maskedName", "reasons", "result", "star");
		// by identity card
		String idNumber = this.jdbc.sql("SELECT document_number FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
		JsonNode byCard = verify(gate, "{\"idNumber\":\"" + idNumber + "\"}").json();
		assertThat(byCard.get("result").asString()).isEqualTo("GREEN");
		assertThat(byCard.get("maskedName").asString()).isEqualTo(json.get("maskedName").asString());
		assertThat(verify(gate, "{\"idNumber\":\"11010519491231002X\"}").json().get("result").asString())
			.isIn("NOT_FOUND", "GREEN");
		assertThat(verify(gate, "{\"idNumber\":\"110105194912310021\"}").json()
			.get("reasons")
			.get(0)
			.get("code")
			.asString()).isEqualTo("BAD_ID_NUMBER");
		Response neither = verify(gate, "{}");
		assertThat(neither.status()).isEqualTo(400);
		assertThat(neither.body()).contains("\"code\"");
	}

	@Test
	void aCodeThatTurnedRedASecondAgoIsRedAtTheGate() {
		long person = person(1);
		String gate = device("GATE", "医院门口", null, null);
		String code = token(person, Instant.now(this.clock), 60);
		assertThat(verify(gate, "{\"code\":\"" + code + "\"}").json().get("result").asString()).isEqualTo("GREEN");
		Instant now = this.clock.instant();
		this.tx.executeWithoutResult(s -> {
			this.events.publishEvent(ContactStatusChanged.of(person, ContactLevel.CLOSE, now));
			this.events.publishEvent(new QuarantineStatusChanged(person, QuarantineKind.HOME, now));
		});
		await().atMost(Duration.ofSeconds(1))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> verify(gate, "{\"code\":\"" + code + "\"}").json().get("result").asString(), "RED"::equals);
		JsonNode red = verify(gate, "{\"code\":\"" + code + "\"}").json();
		assertThat(red.get("decision").asString()).isEqualTo("DENY");
		assertThat(red.get("reasons").get(0).get("code").asString()).isEqualTo("CLOSE_CONTACT");
	}

	@Test
	void forgedTamperedExpiredAndReplayedCodesEachHaveTheirAnswer() {
		long person = person(2);
		String gateA = device("GATE", "A口", 121.4737, 31.2304);
		String gateNear = device("GATE", "A口旁", 121.4740, 31.2306);
		String gateFar = device("GATE", "五公里外", 121.5237, 31.2304);
		Instant now = Instant.now(this.clock);

		String expired = token(person, now.minusSeconds(61), 60);
		assertThat(result(gateA, expired)).isEqualTo("EXPIRED");
		String stillValid = token(person, now.minusSeconds(50), 60);
		assertThat(result(gateA, stillValid)).isEqualTo("GREEN");
		String tooLong = token(person, now, 3600);
		assertThat(reason(gateA, tooLong)).isEqualTo("BAD_TIMES");

		String code = token(person, now, 60);
		byte[] cose = org.epigrid.codes.internal.token.Base45.decode(code.substring(5));
		cose[cose.length - 1] ^= 1;
		String tampered = "EGC1:" + org.epigrid.codes.internal.token.Base45.encode(cose);
		assertThat(result(gateA, tampered)).isEqualTo("INVALID");
		assertThat(reason(gateA, tampered)).isEqualTo("BAD_SIGNATURE");
		var foreign = org.epigrid.codes.internal.token.SigningKey.generate("es-000000-beef",
				org.epigrid.codes.internal.token.SigningKey.Algorithm.ES256, now);
		String forged = this.tokens.issue(claims(person, now, 60), foreign);
		assertThat(reason(gateA, forged)).isEqualTo("UNKNOWN_KEY");
		assertThat(reason(gateA, "hello")).isEqualTo("MALFORMED");

		assertThat(result(gateA, code)).isEqualTo("GREEN");
		assertThat(result(gateA, code)).isEqualTo("GREEN");
		assertThat(result(gateNear, code)).isEqualTo("GREEN");
		assertThat(result(gateFar, code)).isEqualTo("REPLAYED");
		assertThat(verify(gateFar, "{\"code\":\"" + code + "\"}").json().get("decision").asString()).isEqualTo("DENY");
	}

	@Test
	void randomBytesNeverCauseAServerError() throws Exception {
		String gate = device("GATE", "fuzz", null, null);
		HttpClient client = HttpClient.newHttpClient();
		Random random = new Random(2026);
		String valid = token(person(3), Instant.now(this.clock), 60);
		for (int i = 0; i < 400; i++) {
			byte[] body;
			switch (i % 4) {
				case 0 -> {
					body = new byte[random.nextInt(300)];
					random.nextBytes(body);
				}
				case 1 -> {
					byte[] junk = new byte[random.nextInt(120)];
					random.nextBytes(junk);
					body = ("{\"code\":\"EGC1:" + org.epigrid.codes.internal.token.Base45.encode(junk) + "\"}")
						.getBytes();
				}
				case 2 -> {
					char[] chars = valid.toCharArray();
					chars[5 + random.nextInt(chars.length - 5)] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
						.charAt(random.nextInt(45));
					body = ("{\"code\":\"" + new String(chars) + "\"}").getBytes();
				}
				default -> {
					String[] shapes = { "{\"code\":123}", "{\"code\":null,\"idNumber\":[1]}", "[]", "null", "\"x\"",
							"{\"idNumber\":\"" + random.nextLong() + "\"}", "{\"code\":\"" + "9".repeat(5000) + "\"}" };
					body = shapes[random.nextInt(shapes.length)].getBytes();
				}
			}
			HttpResponse<String> response = client
				.send(HttpRequest.newBuilder(URI.create(this.api.url("/api/v1/codes/verify")))
					.header("Authorization", "Bearer " + gate)
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(new String(body) + " → " + response.body()).isIn(200, 400);
		}
	}

	@Test
	void aVenueTokenReadsNoPersonalDataThroughAnyEndpoint() {
		long venueId = this.jdbc.sql("SELECT min(id) FROM venue").query(Long.class).single();
		Response issued = this.api.post(this.admin, "/api/v1/device-tokens",
				"{\"kind\":\"VENUE\",\"label\":\"某商场\",\"days\":30,\"ref\":" + venueId + "}");
		String venue = issued.json().get("token").asString();
		// what a venue's device may call: verify, itself, its own counts, and what is
		// public to anyone (the keys, the token exchange, the open data)
		List<String> checked = DeviceTokenSweep.refusedEverywhereBut(this.api, this.admin, venue,
				Set.of("POST /api/v1/codes/verify", "GET /api/v1/codes/keys", "GET /api/v1/devices/me",
						"GET /api/v1/codes/venue-counts", "POST /api/v1/auth/token"));
		assertThat(checked).contains("GET /api/v1/persons/{id}", "GET /api/v1/codes/persons/{id}",
				"GET /api/v1/persons", "GET /api/v1/households/{id}", "GET /api/v1/codes/appeals",
				"GET /api/v1/codes/venues/{id}", "GET /api/v1/codes/venues/{id}/counts",
				"POST /api/v1/codes/venues/{id}/check-ins", "GET /api/v1/codes/venues/{id}/poster.pdf");
		// its counts are numbers, nothing about anybody
		Response counts = this.api.get(venue, "/api/v1/codes/venue-counts");
		assertThat(counts.status()).isEqualTo(200);
		Set<String> countFields = new TreeSet<>();
		counts.json().propertyNames().forEach(countFields::add);
		assertThat(countFields).containsExactly("allowed", "allowedHourly", "colours", "day", "denied", "hourly",
				"starred", "venueId");
		assertThat(checked.size()).isGreaterThan(20);
		// and its own view of itself says nothing personal either
		Response me = this.api.get(venue, "/api/v1/devices/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("label").asString()).isEqualTo("某商场");
	}

	@Test
	void publicKeysArePublishedForOfflineVerifiers() {
		Response keys = this.api.get(null, "/api/v1/codes/keys");
		assertThat(keys.status()).isEqualTo(200);
		JsonNode first = keys.json().get("keys").get(0);
		assertThat(first.get("kty").asString()).isEqualTo("EC");
		assertThat(first.get("crv").asString()).isEqualTo("P-256");
		assertThat(first.has("d")).isFalse();
		assertThat(keys.body()).doesNotContain("private");
	}

	private String result(String device, String code) {
		return verify(device, "{\"code\":\"" + code + "\"}").json().get("result").asString();
	}

	private String reason(String device, String code) {
		return verify(device, "{\"code\":\"" + code + "\"}").json().get("reasons").get(0).get("code").asString();
	}

	private Response verify(String device, String body) {
		return this.api.post(device, "/api/v1/codes/verify", body);
	}

	private String device(String kind, String label, Double lon, Double lat) {
		return this.api.device(this.admin, "{\"kind\":\"" + kind + "\",\"label\":\"" + label + "\",\"days\":30"
				+ ((lon == null) ? "" : ",\"lon\":" + lon + ",\"lat\":" + lat) + "}");
	}

	private String token(long person, Instant issuedAt, long lifeSeconds) {
		return this.tokens.issue(claims(person, issuedAt, lifeSeconds));
	}

	private Claims claims(long person, Instant issuedAt, long lifeSeconds) {
		String masked = this.residents.byIds(List.of(person)).get(person).maskedName();
		return new Claims(person, masked, Colour.GREEN, false, issuedAt, issuedAt.plusSeconds(lifeSeconds),
				this.tokens.newTokenId(), Kind.DYNAMIC, null);
	}

	private long person(int offset) {
		return DemoPersons.nth(this.jdbc, 600 + offset);
	}

}
