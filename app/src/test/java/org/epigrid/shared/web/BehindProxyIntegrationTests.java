package org.epigrid.shared.web;

import java.util.List;
import java.util.Map;

import org.epigrid.support.IntegrationTest;
import org.epigrid.support.RawHttp;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behind a trusted reverse proxy ({@code server.forward-headers-strategy=native}; the
 * tests' 127.0.0.1 is one of Tomcat's default internal proxies) that terminates TLS:
 * answers carry HSTS, the session cookie is Secure, and the client address that login
 * throttling counts is the forwarded one. The public address still comes from
 * configuration.
 */
@IntegrationTest
@TestPropertySource(properties = "server.forward-headers-strategy=native")
class BehindProxyIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void httpsThroughATrustedProxyGetsHstsAndASecureSessionCookie() {
		RawHttp.Answer page = RawHttp.get(this.port, "/login", Map.of("Host", "epigrid.example.gov.cn",
				"X-Forwarded-Proto", "https", "X-Forwarded-For", "203.0.113.7"));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Strict-Transport-Security")).hasSize(1)
			.first()
			.asString()
			.contains("max-age=31536000")
			.contains("includeSubDomains");
		List<String> session = page.header("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID=")).toList();
		assertThat(session).hasSize(1);
		assertThat(session.get(0)).contains("Secure").contains("SameSite=Lax").contains("HttpOnly");
	}

	@Test
	void theForwardedClientAddressIsWhatLoginThrottlingCounts() {
		RawHttp.post(this.port, "/api/v1/auth/token",
				Map.of("Host", "127.0.0.1", "X-Forwarded-For", "198.51.100.23", "Content-Type", "application/json"),
				"{\"username\":\"nobody.here\",\"password\":\"wrong-password\"}");
		assertThat(this.jdbc.sql("""
				SELECT attempts FROM login_throttle WHERE scope = 'CLIENT' AND subject = '198.51.100.23'
				""").query(Integer.class).single()).isOne();
	}

}
