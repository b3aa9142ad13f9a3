package org.epigrid.codes.web;

import java.time.Instant;
import java.util.List;

import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api.Response;
import org.epigrid.support.DemoPersons;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Device scopes (issue 11): only a venue's own device records check-ins, and only at its
 * own venue; a gate or a compound checkpoint naming a venue is refused (400 naming
 * {@code venueId}) and places nobody anywhere — on the gates' fast path and on the
 * ordinary pipeline alike (a body over the fast path's 16 KiB goes the ordinary way).
 */
@IntegrationTest
class DeviceScopeIntegrationTests extends AdminApiTest {

	@Autowired
	CodeTokens tokens;

	@Test
	void aGateOrACheckpointNamingAVenueIsRefusedAndPlacesNobodyThere() {
		long venue = venue();
		long compound = this.jdbc.sql("SELECT min(id) FROM division WHERE level = 'GRID'").query(Long.class).single();
		String gate = this.api.device(this.admin, "{\"kind\":\"GATE\",\"label\":\"地铁站闸机\",\"days\":30}");
		String checkpoint = this.api.device(this.admin,
				"{\"kind\":\"CHECKPOINT\",\"label\":\"小区南门卡口\",\"days\":30,\"ref\":" + compound + "}");
		long person = person(0);
		for (String device : List.of(gate, checkpoint)) {
			for (boolean ordinary : List.of(false, true)) {
				for (String read : List.of("\"code\":\"" + code(person) + "\"",
						"\"idNumber\":\"" + idNumber(person) + "\"")) {
					Response refused = verify(device, "{" + read + ",\"venueId\":" + venue + "}", ordinary);
					String which = (device.equals(gate) ? "gate" : "checkpoint") + (ordinary ? ", pipeline" : ", fast")
							+ ": " + read;
					assertThat(refused.status()).as(which + " → " + refused.body()).isEqualTo(400);
					assertThat(refused.contentType()).isEqualTo("application/problem+json");
					JsonNode error = refused.json().get("errors").get(0);
					assertThat(error.get("field").asString()).isEqualTo("venueId");
					assertThat(error.get("message").asString()).contains("not bound to a venue");
				}
			}
		}
		assertThat(checkIns(venue)).as("check-ins at the venue").isZero();
		assertThat(checkInsOf(person)).as("check-ins of the person anywhere").isZero();

		// without a venue, a gate verifies and records nobody's presence
		for (boolean ordinary : List.of(false, true)) {
			Response verified = verify(gate, "{\"code\":\"" + code(person) + "\"}", ordinary);
			assertThat(verified.status()).as(verified.body()).isEqualTo(200);
			assertThat(verified.json().get("result").asString()).isEqualTo("GREEN");
			verified = verify(gate, "{\"idNumber\":\"" + idNumber(person) + "\"}", ordinary);
			assertThat(verified.json().get("result").asString()).isEqualTo("GREEN");
		}
		assertThat(checkInsOf(person)).isZero();
	}

	@Test
	void aVenuesDeviceRecordsCheckInsAtItsOwnVenueOnly() {
		long own = venue();
		long other = venue();
		String scanner = this.api.device(this.admin,
				"{\"kind\":\"VENUE\",\"label\":\"超市入口扫码枪\",\"days\":30,\"ref\":" + own + "}");
		long person = person(1);
		for (boolean ordinary : List.of(false, true)) {
			for (String read : List.of("\"code\":\"" + code(person) + "\"",
					"\"idNumber\":\"" + idNumber(person) + "\"")) {
				Response refused = verify(scanner, "{" + read + ",\"venueId\":" + other + "}", ordinary);
				assertThat(refused.status()).as(refused.body()).isEqualTo(400);
				assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("venueId");
			}
		}
		assertThat(checkIns(other)).isZero();

		// at its own venue, named or not, each verification is a check-in there
		int made = 0;
		for (boolean ordinary : List.of(false, true)) {
			for (String venueId : List.of("", ",\"venueId\":" + own)) {
				Response verified = verify(scanner, "{\"code\":\"" + code(person) + "\"" + venueId + "}", ordinary);
				assertThat(verified.status()).as(verified.body()).isEqualTo(200);
				made++;
			}
		}
		assertThat(checkIns(own)).isEqualTo(made);
		assertThat(checkInsOf(person)).isEqualTo(made);
	}

	@Test
	void aDeviceTokenSaysWhereItBelongs() {
		long venue = venue();
		Response gateWithPlace = this.api.post(this.admin, "/api/v1/device-tokens",
				"{\"kind\":\"GATE\",\"label\":\"闸机\",\"days\":30,\"ref\":" + venue + "}");
		assertThat(gateWithPlace.status()).isEqualTo(400);
		assertThat(gateWithPlace.json().get("errors").get(0).get("field").asString()).isEqualTo("ref");
		for (String kind : List.of("VENUE", "CHECKPOINT")) {
			Response placeless = this.api.post(this.admin, "/api/v1/device-tokens",
					"{\"kind\":\"" + kind + "\",\"label\":\"无处可属\",\"days\":30}");
			assertThat(placeless.status()).as(kind).isEqualTo(400);
			assertThat(placeless.json().get("errors").get(0).get("field").asString()).isEqualTo("ref");
		}
	}

	private Response verify(String device, String body, boolean ordinaryPipeline) {
		String sent = ordinaryPipeline ? body.substring(0, body.length() - 1) + " ".repeat(20_000) + "}" : body;
		return this.api.post(device, GateVerificationFilter.PATH, sent);
	}

	private long checkIns(long venue) {
		return this.jdbc.sql("SELECT count(*) FROM check_in WHERE venue_id = :v")
			.param("v", venue)
			.query(Long.class)
			.single();
	}

	private long checkInsOf(long person) {
		return this.jdbc.sql("SELECT count(*) FROM check_in WHERE person_id = :p")
			.param("p", person)
			.query(Long.class)
			.single();
	}

	/** A fresh venue (nobody checked in yet). */
	private long venue() {
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET 2")
			.query(Long.class)
			.single();
		Response made = this.api.post(this.admin, "/api/v1/codes/venues",
				"{\"gridId\":" + grid + ",\"name\":\"范围测试场所" + System.nanoTime() % 100000
						+ "\",\"type\":\"SUPERMARKET\",\"address\":\"测试路9号\",\"lon\":120.6,\"lat\":31.3,"
						+ "\"capacity\":300,\"crowdClass\":\"ORDINARY\"}");
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		return made.json().get("id").asLong();
	}

	private String code(long person) {
		Instant now = this.clock.instant();
		return this.tokens.issue(new Claims(person, "张*三", Colour.GREEN, false, now, now.plusSeconds(60),
				this.tokens.newTokenId(), Kind.DYNAMIC, null));
	}

	private String idNumber(long person) {
		return DemoPersons.idNumber(this.jdbc, person);
	}

	private long person(int offset) {
		return DemoPersons.nth(this.jdbc, 1100 + offset);
	}

}
