package org.epigrid.codes.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.security.DeviceTokens;
import org.epigrid.support.Api;
import org.epigrid.support.FilterCall;
import org.epigrid.support.FilterCall.Passed;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gates' fast path answers well-formed verifications by devices itself, exactly as
 * the ordinary pipeline would, and hands everything else on untouched.
 */
@IntegrationTest
class GateVerificationFilterIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	DeviceTokens devices;

	@Autowired
	CodeVerification verification;

	@Autowired
	JsonMapper json;

	@Autowired
	CodeTokens tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Clock clock;

	Api api;

	String admin;

	String gate;

	GateVerificationFilter filter;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		this.gate = this.api.device(this.admin, "{\"kind\":\"GATE\",\"label\":\"快速通道测试闸机\",\"days\":30}");
		this.filter = new GateVerificationFilter(this.devices, this.verification, this.json);
	}

	@Test
	void aWellFormedVerificationByADeviceIsAnsweredWithoutThePipeline() throws Exception {
		String body = "{\"code\":\"" + token() + "\"}";
		Passed passed = filter(this.gate, body);
		assertThat(passed.request()).as("the pipeline was not called").isNull();
		assertThat(passed.response().getStatus()).isEqualTo(200);
		assertThat(passed.response().getContentType()).startsWith("application/json");
		assertThat(passed.response().getHeader("Cache-Control")).contains("no-store");
		assertThat(passed.response().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
		var verdict = this.json.readTree(passed.response().getContentAsByteArray());
		assertThat(verdict.get("result").asString()).isEqualTo("GREEN");
		assertThat(verdict.get("maskedName").asString()).contains("*");
	}

	@Test
	void everythingElseGoesOnToThePipelineWithItsBodyIntact() throws Exception {
		String user = this.admin;
		String[][] cases = { { user, "{\"code\":\"" + token() + "\"}" }, // not a device
				{ "not-a-token", "{\"code\":\"x\"}" }, // unknown token
				{ this.gate, "{\"code\":" }, // broken JSON
				{ this.gate, "{}" }, // neither code nor idNumber
				{ this.gate, "{\"code\":\"x\",\"idNumber\":\"y\"}" }, // both
				{ this.gate, "{\"code\":\"x\",\"venueId\":999999999}" } }; // no such
																			// venue
		for (String[] c : cases) {
			Passed passed = filter(c[0], c[1]);
			assertThat(passed.request()).as(c[1]).isNotNull();
			assertThat(new String(passed.request().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo(c[1]);
		}
		// a body that is not JSON is the pipeline's to refuse (415)
		MockHttpServletRequest text = new MockHttpServletRequest("POST", GateVerificationFilter.PATH);
		text.addHeader("Authorization", "Bearer " + this.gate);
		text.setContentType("text/plain");
		text.setContent(("{\"code\":\"" + token() + "\"}").getBytes(StandardCharsets.UTF_8));
		MockFilterChain textChain = new MockFilterChain();
		this.filter.doFilter(text, new MockHttpServletResponse(), textChain);
		assertThat(textChain.getRequest()).isSameAs(text);
		// other methods and paths are not its business
		MockHttpServletRequest get = new MockHttpServletRequest("GET", GateVerificationFilter.PATH);
		get.addHeader("Authorization", "Bearer " + this.gate);
		MockFilterChain chain = new MockFilterChain();
		this.filter.doFilter(get, new MockHttpServletResponse(), chain);
		assertThat(chain.getRequest()).isSameAs(get);
	}

	@Test
	void bothPathsGiveTheSameAnswerOverHttp() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		String code = token();
		String body = "{\"code\":\"" + code + "\"}";
		// a body over the fast path's limit goes the ordinary way (same JSON, padded)
		String padded = "{\"code\":\"" + code + "\"" + " ".repeat(20_000) + "}";
		HttpResponse<String> fast = post(client, body);
		HttpResponse<String> ordinary = post(client, padded);
		assertThat(fast.statusCode()).isEqualTo(200);
		assertThat(ordinary.statusCode()).isEqualTo(200);
		assertThat(this.json.readTree(fast.body())).isEqualTo(this.json.readTree(ordinary.body()));
		for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "Expires", "X-Content-Type-Options",
				"X-Frame-Options", "X-XSS-Protection", "Content-Security-Policy", "Referrer-Policy")) {
			assertThat(fast.headers().firstValue(header)).as(header).isEqualTo(ordinary.headers().firstValue(header));
		}
		// and a wrong request is answered by the pipeline, naming the field
		HttpResponse<String> neither = post(client, "{}");
		assertThat(neither.statusCode()).isEqualTo(400);
		assertThat(neither.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(neither.body()).contains("\"code\"");
	}

	private HttpResponse<String> post(HttpClient client, String body) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(this.api.url(GateVerificationFilter.PATH)))
			.header("Authorization", "Bearer " + this.gate)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Passed filter(String token, String body) throws Exception {
		return FilterCall.post(this.filter, GateVerificationFilter.PATH, token, body);
	}

	private String token() {
		long person = this.jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 700")
			.query(Long.class)
			.single();
		return this.tokens.issue(new Claims(person, "张*三", Colour.GREEN, false, this.clock.instant(),
				this.clock.instant().plusSeconds(60), this.tokens.newTokenId(), Kind.DYNAMIC, null));
	}

}
