package org.epigrid.shared.web;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.QrDecoder;
import org.epigrid.support.RawHttp;
import org.epigrid.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages and API answers carry a Content-Security-Policy and a Referrer-Policy; the
 * session cookie is SameSite=Lax; without a trusted proxy, forwarded headers change
 * nothing; a venue's code and poster point at the configured public address whatever the
 * {@code Host} header says.
 */
@IntegrationTest
class SecurityHeadersIntegrationTests {

	@LocalServerPort
	int port;

	@Value("${epigrid.public-url}")
	String publicUrl;

	@Autowired
	JdbcClient jdbc;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
	}

	@Test
	void pagesAndApiAnswersCarryTheSecurityHeaders() {
		WebSession browser = new WebSession(this.port);
		HttpResponse<String> page = browser.get("/login");
		assertThat(page.statusCode()).isEqualTo(200);
		assertPolicies(page.headers().firstValue("Content-Security-Policy").orElse(""),
				page.headers().firstValue("Referrer-Policy").orElse(""));
		Response keys = this.api.get(null, "/api/v1/codes/keys");
		assertThat(keys.status()).isEqualTo(200);
		assertPolicies(keys.header("Content-Security-Policy"), keys.header("Referrer-Policy"));
		Response refused = this.api.get(null, "/api/v1/persons");
		assertThat(refused.status()).isEqualTo(401);
		assertPolicies(refused.header("Content-Security-Policy"), refused.header("Referrer-Policy"));
		// plain http: no HSTS
		assertThat(page.headers().firstValue("Strict-Transport-Security")).isEmpty();
	}

	private static void assertPolicies(String csp, String referrer) {
		assertThat(csp).contains("default-src 'self'")
			.contains("script-src 'self'")
			.contains("style-src 'self'")
			.contains("frame-ancestors 'none'")
			.doesNotContain("unsafe-inline")
			.doesNotContain("unsafe-eval");
		assertThat(referrer).isEqualTo("same-origin");
	}

	@Test
	void theSessionCookieIsSameSiteLaxAndForwardedHttpsFromAnUntrustedClientChangesNothing() {
		RawHttp.Answer page = RawHttp.get(this.port, "/login", Map.of("Host", "127.0.0.1:" + this.port,
				"X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example"));
		assertThat(page.status()).isEqualTo(200);
		List<String> session = page.header("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).toList();
		assertThat(session).hasSize(1);
		assertThat(session.get(0)).contains("SameSite=Lax").contains("HttpOnly");
		// X-Forwarded-* is honoured only from a trusted proxy, and none is configured
		assertThat(session.get(0)).doesNotContain("Secure");
		assertThat(page.header("Strict-Transport-Security")).isEmpty();
	}

	@Test
	void aVenueCodeAndPosterAskedForWithAForeignHostPointAtTheConfiguredAddress() throws Exception {
		String admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1")
			.query(Long.class)
			.single();
		Response made = this.api.post(admin, "/api/v1/codes/venues", "{\"gridId\":" + grid
				+ ",\"name\":\"主机头测试超市\",\"type\":\"SUPERMARKET\",\"address\":\"测试路9号\",\"lon\":120.6,\"lat\":31.3,"
				+ "\"capacity\":100,\"crowdClass\":\"ORDINARY\"}");
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		long venue = made.json().get("id").asLong();
		Map<String, String> evil = Map.of("Host", "evil.example", "X-Forwarded-Host", "evil.example",
				"X-Forwarded-Proto", "https", "Authorization", "Bearer " + admin);

		RawHttp.Answer code = RawHttp.get(this.port, "/api/v1/codes/venues/" + venue + "/code", evil);
		assertThat(code.status()).as(code.text()).isEqualTo(200);
		assertThat(code.text()).contains("\"url\":\"" + this.publicUrl + "/r/v/").doesNotContain("evil.example");

		RawHttp.Answer poster = RawHttp.get(this.port, "/api/v1/codes/venues/" + venue + "/poster.pdf", evil);
		assertThat(poster.status()).isEqualTo(200);
		// read as a 300-dpi scan of the page, the resolution printed codes are checked at
		// (at 100 dpi ZXing misses ~2 % of random-content codes: a flaky test)
		String url = QrDecoder.decodePdf(poster.body(), null, 300);
		assertThat(url).startsWith(this.publicUrl + "/r/v/");
	}

}
