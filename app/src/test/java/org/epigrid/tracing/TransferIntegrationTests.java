package org.epigrid.tracing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.DeviceTokenSweep;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.tracing.internal.TransferDispatcher;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hand-off to 120 ambulance dispatch against a real HTTP receiver: the signed request is
 * refused once and delivered on the retry, the receiver verifies the signature, every
 * attempt is logged; the dispatch system reports back with its own device token (which
 * can do nothing else) and the case moves to transferred and in hospital; a transfer not
 * picked up in time is flagged; an unreachable dispatch system is given up on and shown
 * so.
 */
@IntegrationTest
class TransferIntegrationTests extends AdminApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	HealthCodeManagement codes;

	@Test
	void aRefusedRequestIsRetriedSignedAndEveryAttemptLogged() throws IOException {
		List<Map<String, String>> received = Collections.synchronizedList(new ArrayList<>());
		AtomicInteger calls = new AtomicInteger();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/120/transfers", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			received.add(Map.of("body", new String(body, StandardCharsets.UTF_8), "timestamp",
					exchange.getRequestHeaders().getFirst("X-EpiGrid-Timestamp"), "signature",
					exchange.getRequestHeaders().getFirst("X-EpiGrid-Signature"), "delivery",
					exchange.getRequestHeaders().getFirst("X-EpiGrid-Delivery")));
			// the first delivery finds the dispatch system busy
			exchange.sendResponseHeaders((calls.incrementAndGet() == 1) ? 503 : 202, -1);
			exchange.close();
		});
		receiver.start();
		try {
			String secret = configure("http://127.0.0.1:" + receiver.getAddress().getPort() + "/120/transfers");
			long caseId = openCase();
			Response requested = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/transfers",
					"{\"destination\":\"市公共卫生临床中心\",\"note\":\"六楼，无电梯\"}");
			assertThat(requested.status()).as(requested.body()).isEqualTo(201);
			long transfer = requested.json().get("id").asLong();
			assertThat(requested.json().get("status").asString()).isEqualTo("REQUESTED");
			assertThat(requested.json().get("pickupAddress").asString()).isNotBlank();
			assertThat(requested.json().get("late").asBoolean()).isFalse();

			await().atMost(Duration.ofSeconds(15))
				.until(() -> "DELIVERED".equals(detail(transfer).get("transfer").get("delivery").asString()));
			JsonNode detail = detail(transfer);
			JsonNode attempts = detail.get("attempts");
			assertThat(attempts).hasSize(2);
			assertThat(attempts.get(0).get("httpStatus").asInt()).isEqualTo(503);
			assertThat(attempts.get(0).get("error").asString()).contains("503");
			assertThat(attempts.get(1).get("httpStatus").asInt()).isEqualTo(202);
			assertThat(attempts.get(1).get("error").isNull()).isTrue();
			assertThat(detail.get("transfer").get("attempts").asInt()).isEqualTo(2);

			// the receiver checks each request's signature with the secret it was given
			assertThat(received).hasSize(2);
			for (Map<String, String> request : received) {
				String expected = "sha256="
						+ TransferDispatcher.sign(secret, request.get("timestamp") + "." + request.get("body"));
				assertThat(request.get("signature")).isEqualTo(expected);
				assertThat(request.get("signature")).isNotEqualTo("sha256="
						+ TransferDispatcher.sign(secret, request.get("timestamp") + "." + request.get("body") + " "));
				JsonNode body = JSON.readTree(request.get("body"));
				assertThat(body.get("transferId").asLong()).isEqualTo(transfer);
				assertThat(body.get("patient").get("caseId").asLong()).isEqualTo(caseId);
				assertThat(body.get("destination").asString()).isEqualTo("市公共卫生临床中心");
				assertThat(body.get("statusCallback").asString())
					.isEqualTo("/api/v1/tracing/transfers/" + transfer + "/status");
			}
			assertThat(received.get(0).get("delivery")).isEqualTo(transfer + "-1");
			assertThat(received.get(1).get("delivery")).isEqualTo(transfer + "-2");
			// delivered: nothing more goes out
			await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == 2);
		}
		finally {
			receiver.stop(0);
		}
	}

	@Test
	void theDispatchSystemReportsWithItsOwnTokenAndTheCaseMovesOn() {
		long caseId = openCase();
		Response requested = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/transfers",
				"{\"destination\":\"定点医院\"}");
		long transfer = requested.json().get("id").asLong();
		// one transfer under way at a time
		assertThat(this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/transfers", "{}").status())
			.isEqualTo(409);
		String dispatch = deviceToken("DISPATCH");

		Response dispatched = status(dispatch, transfer, "{\"status\":\"DISPATCHED\",\"vehicle\":\"沪A·120-07\"}");
		assertThat(dispatched.status()).as(dispatched.body()).isEqualTo(200);
		assertThat(dispatched.json().get("status").asString()).isEqualTo("DISPATCHED");
		// nothing personal comes back to the device
		assertThat(dispatched.json().has("pickupAddress")).isFalse();
		assertThat(status(dispatch, transfer, "{\"status\":\"PICKED_UP\"}").status()).isEqualTo(200);
		assertThat(caseJson(caseId).get("state").asString()).isEqualTo("TRANSFERRED");
		assertThat(status(dispatch, transfer, "{\"status\":\"ARRIVED\"}").status()).isEqualTo(200);
		JsonNode arrived = caseJson(caseId);
		assertThat(arrived.get("state").asString()).isEqualTo("IN_HOSPITAL");
		assertThat(arrived.get("hospital").asString()).isEqualTo("定点医院");
		// a repeated report changes nothing; a step back is refused
		assertThat(status(dispatch, transfer, "{\"status\":\"ARRIVED\"}").status()).isEqualTo(200);
		Response back = status(dispatch, transfer, "{\"status\":\"DISPATCHED\"}");
		assertThat(back.status()).isEqualTo(409);
		assertThat(back.body()).contains("status");

		JsonNode detail = detail(transfer);
		assertThat(detail.get("updates")).hasSize(3);
		assertThat(detail.get("updates").get(0).get("vehicle").asString()).isEqualTo("沪A·120-07");
		assertThat(detail.get("updates").get(0).get("reportedBy").asString()).startsWith("device:");
		assertThat(detail.get("transfer").get("vehicle").asString()).isEqualTo("沪A·120-07");
		assertThat(detail.get("transfer").get("pickedUpAt").isNull()).isFalse();
		assertThat(detail.get("transfer").get("arrivedAt").isNull()).isFalse();

		// bad reports name the field
		long other = this.api.post(this.admin, "/api/v1/tracing/cases/" + openCase() + "/transfers", "{}")
			.json()
			.get("id")
			.asLong();
		Response unknown = status(dispatch, other, "{\"status\":\"FLYING\"}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("status");
		Response future = status(dispatch, other,
				"{\"status\":\"DISPATCHED\",\"at\":\"" + this.clock.instant().plus(Duration.ofHours(2)) + "\"}");
		assertThat(future.status()).isEqualTo(400);
		assertThat(future.body()).contains("\"at\"");
		assertThat(status(dispatch, other, "{\"status\":\"DISPATCHED\",\"vehicle\":7}").status()).isEqualTo(400);
		assertThat(
				status(dispatch, other, "{\"status\":\"DISPATCHED\",\"vehicle\":\"" + "车".repeat(65) + "\"}").status())
			.isEqualTo(400);
		assertThat(status(dispatch, 999_999_999L, "{\"status\":\"DISPATCHED\"}").status()).isEqualTo(404);
		// a gate's token reports nothing
		assertThat(status(deviceToken("GATE"), other, "{\"status\":\"DISPATCHED\"}").status()).isEqualTo(403);
	}

	@Test
	void theDispatchTokenReadsNothingElse() {
		String dispatch = deviceToken("DISPATCH");
		List<String> checked = DeviceTokenSweep.refusedEverywhereBut(this.api, this.admin, dispatch,
				Set.of("POST /api/v1/tracing/transfers/{id}/status", "GET /api/v1/devices/me", "GET /api/v1/codes/keys",
						"POST /api/v1/auth/token"));
		assertThat(checked).contains("GET /api/v1/tracing/cases/{id}", "GET /api/v1/tracing/transfers/{id}",
				"GET /api/v1/persons/{id}", "POST /api/v1/tracing/transfers/{id}/cancel");
	}

	@Test
	void aTransferNotPickedUpInTimeIsFlaggedLate() {
		long onTime = this.api.post(this.admin, "/api/v1/tracing/cases/" + openCase() + "/transfers", "{}")
			.json()
			.get("id")
			.asLong();
		long waiting = this.api.post(this.admin, "/api/v1/tracing/cases/" + openCase() + "/transfers", "{}")
			.json()
			.get("id")
			.asLong();
		// three hours pass for the second (the protocol's limit is two)
		this.jdbc.sql("""
				UPDATE tracing_transfer SET requested_at = requested_at - interval '3 hours',
				       pickup_due_at = pickup_due_at - interval '3 hours' WHERE id = :id""")
			.param("id", waiting)
			.update();
		assertThat(detail(onTime).get("transfer").get("late").asBoolean()).isFalse();
		assertThat(detail(waiting).get("transfer").get("late").asBoolean()).isTrue();
		String late = this.api.get(this.admin, "/api/v1/tracing/transfers?late=true&size=200").body();
		assertThat(late).contains("\"id\":" + waiting + ",").doesNotContain("\"id\":" + onTime + ",");
		// picked up now: still late (after the limit)
		assertThat(status(this.admin, waiting, "{\"status\":\"PICKED_UP\"}").status()).isEqualTo(200);
		assertThat(detail(waiting).get("transfer").get("late").asBoolean()).isTrue();
		assertThat(status(this.admin, onTime, "{\"status\":\"PICKED_UP\"}").json().get("late").asBoolean()).isFalse();
	}

	@Test
	void anUnreachableDispatchSystemIsGivenUpOnAfterTheLastAttemptAndShownSo() throws IOException {
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		configure("http://127.0.0.1:" + closed + "/nobody");
		long transfer = this.api.post(this.admin, "/api/v1/tracing/cases/" + openCase() + "/transfers", "{}")
			.json()
			.get("id")
			.asLong();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "FAILED".equals(detail(transfer).get("transfer").get("delivery").asString()));
		JsonNode detail = detail(transfer);
		// epigrid.tracing.dispatch-max-attempts=4 in the tests
		assertThat(detail.get("attempts")).hasSize(4);
		assertThat(detail.get("attempts").get(0).get("httpStatus").isNull()).isTrue();
		assertThat(detail.get("attempts").get(0).get("error").asString()).isNotBlank();
		assertThat(detail.get("transfer").get("nextAttemptAt").isNull()).isTrue();
		// not reached: the investigator may still cancel it
		Response cancelled = this.api.post(this.admin, "/api/v1/tracing/transfers/" + transfer + "/cancel",
				"{\"reason\":\"已电话联系120\"}");
		assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
	}

	@Test
	void aCasesStateMovesOnlyForwardAndANewClassificationReachesTheCodes() {
		long caseId = openCase();
		Response investigating = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/changes",
				"{\"state\":\"INVESTIGATING\",\"classification\":\"MILD\"}");
		assertThat(investigating.status()).as(investigating.body()).isEqualTo(200);
		assertThat(investigating.json().get("state").asString()).isEqualTo("INVESTIGATING");
		assertThat(investigating.json().get("classification").asString()).isEqualTo("MILD");
		long person = investigating.json().get("personId").asLong();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.codes.status(person).colour() == Colour.RED);
		Response back = this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/changes",
				"{\"state\":\"REPORTED\"}");
		assertThat(back.status()).isEqualTo(409);
		assertThat(back.body()).contains("state");
		assertThat(this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/changes", "{}").status())
			.isEqualTo(400);
		assertThat(this.api.post(this.admin, "/api/v1/tracing/cases/" + caseId + "/changes", "{\"state\":\"GONE\"}")
			.status()).isEqualTo(400);
		assertThat(
				this.api.post(this.admin, "/api/v1/tracing/cases/999999999/changes", "{\"state\":\"DIED\"}").status())
			.isEqualTo(404);
	}

	private String configure(String url) {
		Response configured = this.api.put(this.admin, "/api/v1/tracing/dispatch-endpoint",
				"{\"url\":\"" + url + "\"}");
		assertThat(configured.status()).as(configured.body()).isEqualTo(200);
		String secret = configured.json().get("secret").asString();
		assertThat(secret).hasSizeGreaterThanOrEqualTo(40);
		// the secret is shown once
		assertThat(this.api.get(this.admin, "/api/v1/tracing/dispatch-endpoint").body()).doesNotContain(secret)
			.contains(url);
		return secret;
	}

	private long openCase() {
		TracingScenario scenario = new TracingScenario(this.jdbc, this.api, this.admin, this.checkIns);
		return scenario.openCase(scenario.household(1).get(0), this.clock.instant()).get("id").asLong();
	}

	private String deviceToken(String kind) {
		Response issued = this.api.post(this.admin, "/api/v1/device-tokens",
				"{\"kind\":\"" + kind + "\",\"label\":\"120调度 " + TracingScenario.serial() + "\",\"days\":30}");
		assertThat(issued.status()).as(issued.body()).isEqualTo(201);
		return issued.json().get("token").asString();
	}

	private Response status(String token, long transfer, String json) {
		return this.api.post(token, "/api/v1/tracing/transfers/" + transfer + "/status", json);
	}

	private JsonNode detail(long transfer) {
		Response detail = this.api.get(this.admin, "/api/v1/tracing/transfers/" + transfer);
		assertThat(detail.status()).as(detail.body()).isEqualTo(200);
		return detail.json();
	}

	private JsonNode caseJson(long caseId) {
		return this.api.get(this.admin, "/api/v1/tracing/cases/" + caseId).json();
	}

}
