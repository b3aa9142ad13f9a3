package org.epigrid.testing.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletRequest;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserTokens;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.FilterCall;
import org.epigrid.support.FilterCall.Passed;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestingFixtures;
import org.epigrid.support.TestingFixtures.Grid;
import org.epigrid.testing.SamplingManagement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sampling scans' fast path answers well-formed scans by samplers itself, exactly as
 * the ordinary pipeline would, and hands everything else — refusals included — on
 * untouched, so that the pipeline answers them as before.
 */
@IntegrationTest
class SampleScanFilterIntegrationTests extends AdminApiTest {

	@Autowired
	UserTokens tokens;

	@Autowired
	SamplingManagement sampling;

	@Autowired
	JsonMapper json;

	@Autowired
	UserManagement users;

	SampleScanFilter filter;

	String sampler;

	long round;

	long site;

	List<String> ids;

	@BeforeEach
	void setUp() {
		this.filter = new SampleScanFilter(this.tokens, this.sampling, this.json);
		TestingFixtures fixtures = new TestingFixtures(this.api, this.admin, this.jdbc, this.users);
		Grid grid = fixtures.grid(2);
		this.ids = fixtures.idNumbers(grid);
		this.site = fixtures.site(grid, "快速通道测试采样点");
		this.sampler = fixtures.staff(this.site, "fast-sampler", Role.SAMPLER).token();
		this.round = fixtures.round("快速通道测试", grid, 10, this.clock.instant()).get("id").asLong();
	}

	@Test
	void aWellFormedScanByASamplerIsAnsweredWithoutThePipeline() throws Exception {
		String tube = tube("FAST-A-");
		Passed passed = filter(this.sampler, tube, "{\"idNumber\":\"" + this.ids.get(0) + "\"}");
		assertThat(passed.request()).as("the pipeline was not called").isNull();
		assertThat(passed.response().getStatus()).isEqualTo(201);
		assertThat(passed.response().getContentType()).startsWith("application/json");
		assertThat(passed.response().getHeader("Cache-Control")).contains("no-store");
		JsonNode added = this.json.readTree(passed.response().getContentAsByteArray());
		assertThat(added.get("barcode").asString()).isEqualTo(tube);
		assertThat(added.get("samples").asInt()).isEqualTo(1);
		assertThat(added.get("maskedName").asString()).contains("*");
	}

	@Test
	void everythingElseGoesOnToThePipelineWithItsBodyIntactAndNothingWritten() throws Exception {
		String tube = tube("FAST-B-");
		String lab = this.api.device(this.admin, "{\"kind\":\"LAB\",\"label\":\"快速通道测试实验室\",\"days\":30}");
		String person = "{\"idNumber\":\"" + this.ids.get(1) + "\"}";
		String[][] cases = { { lab, tube, person }, // a device's token, not a user's
				{ "not-a-token", tube, person }, // unknown token
				{ this.admin, "FAST-NONE-" + this.round, person }, // no such tube
				{ this.sampler, tube, "{\"idNumber\":" }, // broken JSON
				{ this.sampler, tube, "{\"idNumber\":18}" }, // a number, not a string
				{ this.sampler, tube, "{}" }, // neither code nor idNumber
				{ this.sampler, tube, "{\"idNumber\":\"110101199003070000\"}" } }; // check
																					// digit
		for (String[] c : cases) {
			Passed passed = filter(c[0], c[1], c[2]);
			assertThat(passed.request()).as(c[2]).isNotNull();
			assertThat(new String(passed.request().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo(c[2]);
		}
		assertThat(this.jdbc.sql("SELECT samples FROM testing_tube WHERE barcode = :b")
			.param("b", tube)
			.query(Integer.class)
			.single()).isZero();
		// other methods and paths are not its business
		MockHttpServletRequest get = new MockHttpServletRequest("GET", "/api/v1/testing/tubes/" + tube + "/samples");
		get.addHeader("Authorization", "Bearer " + this.sampler);
		AtomicReference<ServletRequest> passedOn = new AtomicReference<>();
		this.filter.doFilter(get, new MockHttpServletResponse(), (req, res) -> passedOn.set(req));
		assertThat(passedOn.get()).isSameAs(get);
	}

	@Test
	void bothPathsGiveTheSameAnswerOverHttp() throws Exception {
		String tube = tube("FAST-C-");
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> fast = post(client, tube, "{\"idNumber\":\"" + this.ids.get(2) + "\"}");
		// a body over the fast path's limit goes the ordinary way (same JSON, padded)
		HttpResponse<String> ordinary = post(client, tube,
				"{\"idNumber\":\"" + this.ids.get(3) + "\"" + " ".repeat(5_000) + "}");
		assertThat(fast.statusCode()).as(fast.body()).isEqualTo(201);
		assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(201);
		JsonNode f = this.json.readTree(fast.body());
		JsonNode o = this.json.readTree(ordinary.body());
		assertThat(f.propertyNames()).containsExactlyElementsOf(o.propertyNames());
		assertThat(f.get("samples").asInt()).isEqualTo(1);
		assertThat(o.get("samples").asInt()).isEqualTo(2);
		for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "Expires", "X-Content-Type-Options",
				"X-Frame-Options", "X-XSS-Protection", "Content-Security-Policy", "Referrer-Policy")) {
			assertThat(fast.headers().firstValue(header)).as(header).isEqualTo(ordinary.headers().firstValue(header));
		}
		// a refused scan is answered by the pipeline, naming the field
		HttpResponse<String> twice = post(client, tube, "{\"idNumber\":\"" + this.ids.get(2) + "\"}");
		assertThat(twice.statusCode()).isEqualTo(409);
		assertThat(twice.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(twice.body()).contains("idNumber").contains("already sampled");
	}

	@Test
	void openingATubeInOrderIsAnsweredWithoutThePipelineAndEveryRefusalByIt() throws Exception {
		String barcode = "FAST-O-" + this.round;
		String body = "{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(barcode, this.round, this.site);
		Passed opened = filterAt("/api/v1/testing/tubes", this.sampler, body);
		assertThat(opened.request()).as("the pipeline was not called").isNull();
		assertThat(opened.response().getStatus()).isEqualTo(201);
		JsonNode tube = this.json.readTree(opened.response().getContentAsByteArray());
		assertThat(tube.get("barcode").asString()).isEqualTo(barcode);
		assertThat(tube.get("capacity").asInt()).isEqualTo(10);
		assertThat(tube.get("samples").asInt()).isZero();
		assertThat(tube.get("roundId").asLong()).isEqualTo(this.round);

		TestingFixtures fixtures = new TestingFixtures(this.api, this.admin, this.jdbc, this.users);
		long otherSite = fixtures.site(fixtures.grid(2), "快速通道测试别的采样点");
		String[] refused = { body, // the barcode is taken
				"{\"barcode\":\"FAST-P-%d\",\"roundId\":%d,\"siteId\":%d}".formatted(this.round, this.round, otherSite), // not
																															// the
																															// sampler's
																															// site
				"{\"barcode\":\"FAST-Q-%d\",\"roundId\":%d,\"siteId\":%d}".formatted(this.round, 999_999_999L,
						this.site), // no such round
				"{\"barcode\":\"FAST-R-%d\",\"roundId\":\"%d\",\"siteId\":%d}".formatted(this.round, this.round,
						this.site), // a string, not a number
				"{\"barcode\":\"FAST-S-%d\",\"roundId\":%d}".formatted(this.round, this.round), // no
																								// site
				"{\"barcode\":\"x\",\"roundId\":%d,\"siteId\":%d}".formatted(this.round, this.site) }; // barcode
		for (String r : refused) {
			Passed passed = filterAt("/api/v1/testing/tubes", this.sampler, r);
			assertThat(passed.request()).as(r).isNotNull();
			assertThat(new String(passed.request().getInputStream().readAllBytes(), StandardCharsets.UTF_8))
				.isEqualTo(r);
		}
		// an admin's opening is checked against their jurisdiction by the pipeline
		assertThat(filterAt("/api/v1/testing/tubes", this.admin,
				"{\"barcode\":\"FAST-T-%d\",\"roundId\":%d,\"siteId\":%d}".formatted(this.round, this.round, this.site))
			.request()).isNotNull();
		assertThat(this.jdbc.sql("SELECT count(*) FROM testing_tube WHERE barcode LIKE 'FAST-%' AND round_id = :r")
			.param("r", this.round)
			.query(Long.class)
			.single()).as("only the tube in order").isEqualTo(1);

		// over HTTP both paths answer alike; a taken barcode is refused naming the field
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> fast = open(client, "FAST-U-" + this.round, "");
		HttpResponse<String> ordinary = open(client, "FAST-V-" + this.round, " ".repeat(5_000));
		assertThat(fast.statusCode()).as(fast.body()).isEqualTo(201);
		assertThat(ordinary.statusCode()).as(ordinary.body()).isEqualTo(201);
		JsonNode f = this.json.readTree(fast.body());
		JsonNode o = this.json.readTree(ordinary.body());
		assertThat(f.propertyNames()).containsExactlyElementsOf(o.propertyNames());
		for (String field : List.of("roundId", "siteId", "capacity", "retest", "samples", "closedAt", "outcome",
				"box")) {
			assertThat(f.get(field)).as(field).isEqualTo(o.get(field));
		}
		for (String header : List.of("Content-Type", "Cache-Control", "Pragma", "Expires", "X-Content-Type-Options",
				"X-Frame-Options", "X-XSS-Protection", "Content-Security-Policy", "Referrer-Policy")) {
			assertThat(fast.headers().firstValue(header)).as(header).isEqualTo(ordinary.headers().firstValue(header));
		}
		HttpResponse<String> taken = open(client, "FAST-U-" + this.round, "");
		assertThat(taken.statusCode()).isEqualTo(409);
		assertThat(taken.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(taken.body()).contains("barcode").contains("already in use");
	}

	private HttpResponse<String> open(HttpClient client, String barcode, String padding) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create(this.api.url("/api/v1/testing/tubes")))
			.header("Authorization", "Bearer " + this.sampler)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d%s}"
				.formatted(barcode, this.round, this.site, padding)))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Passed filterAt(String path, String token, String body) throws Exception {
		return FilterCall.post(this.filter, path, token, body);
	}

	private String tube(String prefix) {
		String barcode = prefix + this.round;
		assertThat(
				this.api
					.post(this.sampler, "/api/v1/testing/tubes",
							"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(barcode, this.round,
									this.site))
					.status())
			.isEqualTo(201);
		return barcode;
	}

	private HttpResponse<String> post(HttpClient client, String tube, String body) throws Exception {
		return client
			.send(HttpRequest.newBuilder(URI.create(this.api.url("/api/v1/testing/tubes/" + tube + "/samples")))
				.header("Authorization", "Bearer " + this.sampler)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Passed filter(String token, String tube, String body) throws Exception {
		return filterAt("/api/v1/testing/tubes/" + tube + "/samples", token, body);
	}

}
