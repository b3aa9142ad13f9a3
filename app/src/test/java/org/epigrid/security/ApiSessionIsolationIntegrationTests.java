package org.epigrid.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.epigrid.support.Api;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API has no CSRF protection because it only trusts bearer tokens: a browser's login
 * session must not authenticate it. And the OpenAPI description documents that scheme.
 */
@IntegrationTest
class ApiSessionIsolationIntegrationTests {

	@LocalServerPort
	int port;

	@Test
	void loginSessionCookieDoesNotAuthenticateTheApi() throws IOException, InterruptedException {
		HttpClient browser = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		String base = "http://127.0.0.1:" + this.port;
		String loginPage = browser
			.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
			.body();
		Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage);
		assertThat(csrf.find()).isTrue();
		HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("username=admin&password="
					+ URLEncoder.encode(IntegrationTest.ADMIN_PASSWORD, StandardCharsets.UTF_8) + "&_csrf="
					+ csrf.group(1)))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
		// the session works for pages …
		assertThat(browser
			.send(HttpRequest.newBuilder(URI.create(base + "/population/persons")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		// … but not for the API, neither to read nor to write
		assertThat(browser
			.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/persons")).build(),
					HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(401);
		HttpResponse<String> write = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/persons"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"跨站\",\"idNumber\":\"" + TestIds.valid() + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(write.statusCode()).isEqualTo(401);
	}

	@Test
	void openApiDescribesTheEndpointsAndBearerAuth() {
		Api.Response docs = new Api(this.port).get(null, "/api/docs");
		assertThat(docs.status()).isEqualTo(200);
		var json = docs.json();
		assertThat(json.get("paths").has("/api/v1/persons")).isTrue();
		assertThat(json.get("paths").has("/api/v1/persons/{id}")).isTrue();
		assertThat(json.get("paths").has("/api/v1/households/{id}")).isTrue();
		assertThat(json.get("paths").has("/api/v1/auth/token")).isTrue();
		assertThat(json.at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
	}

}
