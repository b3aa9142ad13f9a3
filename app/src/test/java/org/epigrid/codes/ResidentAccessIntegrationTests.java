package org.epigrid.codes;

import java.net.http.HttpResponse;

import org.epigrid.support.Api;
import org.epigrid.support.FormClient;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LoginCodes;
import org.epigrid.support.QrDecoder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Residents log in with their phone and a one-time code from the outbox, see their own
 * code (and only theirs), and the QR code they are shown reads back to a token a gate
 * accepts.
 */
@IntegrationTest
class ResidentAccessIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CodeStatisticsManagement statistics;

	@Test
	void aResidentLogsInWithTheOutboxCodeAndTheirQrCodeVerifiesAtAGate() throws Exception {
		record Person(long id, String phone) {
		}
		Person person = this.jdbc.sql("""
				SELECT min(id), phone FROM person WHERE phone LIKE '1%' AND merged_into IS NULL
				GROUP BY phone HAVING count(*) = 1 ORDER BY phone LIMIT 1
				""").query((rs, i) -> new Person(rs.getLong(1), rs.getString(2))).single();
		FormClient browser = new FormClient(this.port, "/r/login");

		// a wrong phone is refused, naming the field
		assertThat(browser.post("/r/login/code", "phone=12345").body()).contains("data-field=\"phone\"");
		HttpResponse<String> sent = browser.post("/r/login/code", "phone=" + person.phone());
		assertThat(sent.body()).contains("name=\"code\"");
		// asking again at once is refused, in the page's language (Chinese by default)
		assertThat(browser.post("/r/login/code", "phone=" + person.phone()).body())
			.containsPattern("验证码刚刚已发送，请 \\d+ 秒后再获取")
			.doesNotContain("before asking again");
		FormClient english = new FormClient(this.port, "/r/login?lang=en");
		assertThat(english.post("/r/login/code", "phone=" + person.phone()).body())
			.containsPattern("a code was just sent: wait \\d+ s before asking again");
		String code = outboxCode(person.phone());
		HttpResponse<String> wrong = browser.post("/r/login",
				"phone=" + person.phone() + "&code=" + (code.equals("000000") ? "111111" : "000000"));
		assertThat(wrong.body()).contains("data-field=\"code\"").contains("验证码错误（还可尝试 4 次）");
		HttpResponse<String> in = browser.post("/r/login", "phone=" + person.phone() + "&code=" + code);
		assertThat(in.statusCode()).isEqualTo(302);
		assertThat(in.headers().firstValue("Location").orElseThrow()).endsWith("/r/code");
		// the code is used up
		assertThat(this.jdbc.sql("SELECT count(*) FROM resident_login_code WHERE phone = :p")
			.param("p", person.phone())
			.query(Long.class)
			.single()).isZero();

		HttpResponse<String> page = browser.get("/r/code");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"qr\"").contains("id=\"clock\"");
		JsonNode token = JsonMapper.builder()
			.build()
			.readTree(browser.get("/r/code/token?person=" + person.id()).body());
		assertThat(token.get("expiresAt").asLong() - token.get("issuedAt").asLong()).isLessThanOrEqualTo(60_000);
		String text = QrDecoder.decodeSvg(token.get("svg").asString());
		assertThat(text).startsWith("EGC1:");

		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		String gate = api.post(admin, "/api/v1/device-tokens", "{\"kind\":\"GATE\",\"label\":\"小区东门\",\"days\":1}")
			.json()
			.get("token")
			.asString();
		JsonNode verdict = api.post(gate, "/api/v1/codes/verify", "{\"code\":\"" + text + "\"}").json();
		assertThat(verdict.get("result").asString()).isIn("GREEN", "YELLOW", "RED");
		assertThat(verdict.get("maskedName").asString()).contains("*");
		// the code shown is counted where the resident lives (C1)
		this.statistics.flush();
		String home = this.jdbc.sql("SELECT path FROM person WHERE id = :id")
			.param("id", person.id())
			.query(String.class)
			.single();
		long displays = 0;
		for (JsonNode row : api.get(admin, "/api/v1/codes/statistics/daily").json()) {
			if (row.get("kind").asString().equals("DISPLAY") && row.get("divisionPath").asString().equals(home)) {
				displays += row.get("count").asLong();
			}
		}
		assertThat(displays).isPositive();

		// the travel record: a journey the railway reported two days ago
		this.jdbc
			.sql("""
					WITH s AS (
					  INSERT INTO data_source (code, name, department, category, mapping, created_at, updated_at)
					  VALUES ('rail-' || gen_random_uuid(), '铁路到达旅客', '铁路局', 'INBOUND_TRAVELLER', '{}', now(), now())
					  RETURNING id
					), j AS (
					  INSERT INTO import_job (source_id, file_name, stored_file, content_hash, size_bytes, state, created_by,
					                          jurisdiction, created_at)
					  SELECT id, 'rail.csv', 'rail.csv', gen_random_uuid()::text, 1, 'QUEUED', 'test', '/', now() FROM s
					  RETURNING id, source_id
					)
					INSERT INTO source_record (job_id, source_id, category, row_number, occurred_at, fields, person_id,
					                           link_method, created_at)
					SELECT id, source_id, 'INBOUND_TRAVELLER', 1, now() - interval '2 days',
					       '{"originCity":"西安市","transport":"铁路","trainOrFlight":"G1234"}', :p, 'ID_NUMBER', now() FROM j
					""")
			.param("p", person.id())
			.update();
		HttpResponse<String> travel = browser.get("/r/travel?person=" + person.id());
		assertThat(travel.statusCode()).isEqualTo(200);
		assertThat(travel.body()).contains("西安市").contains("G1234").contains("id=\"star\"");
		assertThat(browser.get("/r/travel?person=" + Long.MAX_VALUE).statusCode()).isEqualTo(404);

		// somebody else's code: not found; staff pages: not with a resident's login
		long other = this.jdbc.sql("SELECT id FROM person WHERE phone IS DISTINCT FROM :p ORDER BY id LIMIT 1")
			.param("p", person.phone())
			.query(Long.class)
			.single();
		assertThat(browser.get("/r/code/token?person=" + other).statusCode()).isEqualTo(404);
		HttpResponse<String> staff = browser.get("/population/persons");
		assertThat(staff.statusCode()).isEqualTo(302);
		assertThat(staff.headers().firstValue("Location").orElseThrow()).endsWith("/login");
		// and a staff API with the resident's cookie: 401
		assertThat(browser.get("/api/v1/persons").statusCode()).isEqualTo(401);
	}

	@Test
	void theOutboxIsForAdministratorsOnly() throws Exception {
		FormClient browser = new FormClient(this.port, "/r/login");
		HttpResponse<String> page = browser.get("/admin/outbox");
		assertThat(page.statusCode()).isEqualTo(302);
	}

	private String outboxCode(String phone) {
		return LoginCodes.lastSentTo(this.jdbc, phone);
	}

}
