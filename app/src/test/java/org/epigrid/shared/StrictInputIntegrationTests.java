package org.epigrid.shared;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Input the API used to coerce or choke on, found by trying: a float merged a person, a
 * full-width number became a number, a number became {@code true}, an empty string became
 * the default, a megabyte was stored in a person's place of household registration, a NUL
 * character gave 500, and {@code ?lang=<img>} gave anonymous users Tomcat's error page.
 * Each is now a 400 naming the field (or, for the language, ignored).
 */
@IntegrationTest
class StrictInputIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aFloatDoesNotMergePersonOne() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		long survivor = register(api, admin, "合并甲");
		long first = this.jdbc.sql("SELECT min(id) FROM person WHERE merged_into IS NULL").query(Long.class).single();
		Response merge = api.post(admin, "/api/v1/persons/" + survivor + "/merges",
				"{\"duplicateId\": " + first + ".5, \"reason\": \"同一人\"}");
		assertThat(merge.status()).isEqualTo(400);
		assertField(merge, "duplicateId", "whole number");
		assertThat(
				this.jdbc.sql("SELECT count(*) FROM person WHERE merged_into IS NOT NULL").query(Long.class).single())
			.isZero();
		// a number in a string is not a number either
		assertField(api.post(admin, "/api/v1/persons/" + survivor + "/merges",
				"{\"duplicateId\": \"" + first + "\", \"reason\": \"同一人\"}"), "duplicateId", "whole number");
	}

	@Test
	void wrongTypesAreRefusedNamingTheField() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		// full-width digits
		assertField(api.post(admin, "/api/v1/device-tokens", "{\"kind\":\"GATE\",\"label\":\"东门\",\"days\":\"１２３\"}"),
				"days", "whole number");
		// an empty string for a number
		assertField(api.post(admin, "/api/v1/device-tokens", "{\"kind\":\"GATE\",\"label\":\"东门\",\"days\":\"\"}"),
				"days", "whole number");
		// a number for a boolean
		assertField(api.put(admin, "/api/v1/sources/police-floating/phones-verified", "{\"verified\":123}"), "verified",
				"true or false");
		// a number for a string
		assertField(api.post(admin, "/api/v1/device-tokens", "{\"kind\":\"GATE\",\"label\":123,\"days\":1}"), "label",
				"string");
		// a misspelt field is not silently ignored
		assertField(api.post(admin, "/api/v1/device-tokens", "{\"kind\":\"GATE\",\"label\":\"东门\",\"dayz\":1}"), "dayz",
				"not a known field");
		// nothing was created by any of them
		assertThat(this.jdbc.sql("SELECT count(*) FROM api_token WHERE label = '东门'").query(Long.class).single())
			.isZero();
	}

	@Test
	void longTextsAreRefusedAndTheDatabaseChecksThemToo() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		long household = this.jdbc.sql("SELECT id FROM household ORDER BY id LIMIT 1").query(Long.class).single();
		String megabyte = "长".repeat(1 << 20);
		Response huge = api.post(admin, "/api/v1/persons", "{\"name\":\"长户籍\",\"idNumber\":\"" + TestIds.valid()
				+ "\",\"householdId\":" + household + ",\"hukouPlace\":\"" + megabyte + "\"}");
		assertField(huge, "hukouPlace", "longer than");
		Response long301 = api.post(admin, "/api/v1/persons", "{\"name\":\"长户籍\",\"idNumber\":\"" + TestIds.valid()
				+ "\",\"householdId\":" + household + ",\"hukouPlace\":\"" + "省".repeat(301) + "\"}");
		assertField(long301, "hukouPlace", "at most 300");
		assertThat(this.jdbc.sql("SELECT count(*) FROM person WHERE name = '长户籍'").query(Long.class).single()).isZero();
		// another path that forgets to check meets the database's CHECK
		assertThatThrownBy(
				() -> this.jdbc.sql("UPDATE person SET hukou_place = :h WHERE id = (SELECT min(id) FROM person)")
					.param("h", "省".repeat(301))
					.update())
			.isInstanceOf(DataIntegrityViolationException.class);
	}

	@Test
	void nulCharactersAreA400NamingTheField() throws Exception {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		assertField(api.get(admin, "/api/v1/persons?q=%E5%BC%A0%00"), "q", "NUL");
		assertField(
				api.post(admin, "/api/v1/persons", "{\"name\":\"张\\u0000三\",\"idNumber\":\"" + TestIds.valid() + "\"}"),
				"name", "NUL");
		Response upload = api.upload(admin, "/api/v1/imports", Map.of("source", "rail-arrivals"),
				"nul\0" + UUID.randomUUID() + ".csv", "姓名,身份证号\n张三,1\n".getBytes(StandardCharsets.UTF_8));
		assertField(upload, "file", "NUL");
		// a page answers with a readable 400, not a 500
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(api.url("/login?error=%00"))).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(400);
		assertThat(page.body()).contains("error").contains("NUL");
	}

	@Test
	void anUnknownLanguageIsIgnored() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (String lang : new String[] { "%3Cimg%3E", "xx", "zz_ZZ", "en_%00" }) {
			HttpResponse<String> page = http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/login?lang=" + lang))
					.GET()
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(page.statusCode()).as(lang).isIn(200, 400);
			assertThat(page.body()).as(lang).doesNotContain("Apache Tomcat");
		}
		HttpResponse<String> english = http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/login?lang=en")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(english.body()).contains("Log in");
	}

	private long register(Api api, String token, String name) {
		long household = this.jdbc.sql("SELECT id FROM household ORDER BY id LIMIT 1").query(Long.class).single();
		Response created = api.post(token, "/api/v1/persons", "{\"name\":\"" + name + "\",\"idNumber\":\""
				+ TestIds.valid() + "\",\"householdId\":" + household + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private static void assertField(Response response, String field, String reason) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).as(response.body()).isEqualTo(field);
		assertThat(response.json().get("errors").get(0).get("message").asString()).as(response.body()).contains(reason);
	}

}
