package org.epigrid.codes;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.FormClient;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LoginCodes;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A phone that came from an import is a contact hint, not a login credential. Found by
 * trying: a department push token imported a row with a person's ID number and a new
 * phone, information completion filled the person's missing phone, and a resident login
 * with that phone opened the person's health code. Only a verified phone logs in.
 */
@IntegrationTest
class ResidentLoginPhoneIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Test
	void aPhoneFilledFromAPushedImportDoesNotOpenThePersonsHealthCode() throws Exception {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		String idNumber = TestIds.valid();
		long victim = register(api, admin, "无手机", idNumber);

		// the exact path tried: a department's push token imports the person with a new
		// phone, and information completion fills it
		String push = api.post(admin, "/api/v1/push-tokens", "{\"label\":\"某部门\",\"sources\":[\"police-floating\"]}")
			.json()
			.get("token")
			.asString();
		String attacker = "13700" + String.format("%06d", victim % 1_000_000);
		Response upload = api.upload(push, "/api/v1/imports", Map.of("source", "police-floating"),
				"takeover-" + UUID.randomUUID() + ".csv",
				("姓名,身份证号,联系电话\n无手机," + idNumber + "," + attacker + "\n").getBytes(StandardCharsets.UTF_8));
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30)).until(() -> phoneOf(victim), attacker::equals);

		// shown as unverified with its source
		Response detail = api.get(admin, "/api/v1/persons/" + victim);
		assertThat(detail.json().get("phoneVerified").asBoolean()).isFalse();
		assertThat(detail.json().get("phoneSource").asString()).isEqualTo("police-floating");

		// the login with that phone is refused, even with the right one-time code
		FormClient resident = new FormClient(this.port, "/r/login?lang=en");
		HttpResponse<String> refused = logIn(resident, attacker);
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("data-field=\"phone\"").contains("not verified");
		assertThat(resident.get("/r/code").statusCode()).isEqualTo(302);

		// staff of another grid cannot set it ("not yours" answers like "not there")
		String victimPath = this.jdbc.sql("SELECT path FROM person WHERE id = :id")
			.param("id", victim)
			.query(String.class)
			.single();
		String otherGrid = this.jdbc.sql("""
				SELECT path FROM division WHERE level = 'GRID' AND NOT starts_with(:p, path) ORDER BY id LIMIT 1
				""").param("p", victimPath).query(String.class).single();
		String workerName = "phone-worker-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(workerName, "网格员", "worker-password", EnumSet.of(Role.GRID_WORKER), otherGrid));
		String worker = api.token(workerName, "worker-password");
		Response notYours = api.put(worker, "/api/v1/persons/" + victim + "/login-phone",
				"{\"phone\":\"13912340000\"}");
		Response notThere = api.put(worker, "/api/v1/persons/" + Long.MAX_VALUE + "/login-phone",
				"{\"phone\":\"13912340000\"}");
		assertThat(notYours.status()).isEqualTo(404);
		assertThat(notYours.body()).isEqualTo(notThere.body().replace(Long.toString(Long.MAX_VALUE), "" + victim));
		assertThat(api.put(admin, "/api/v1/persons/" + victim + "/login-phone", "{\"phone\":\"12345\"}")
			.json()
			.get("errors")
			.get(0)
			.get("field")
			.asString()).isEqualTo("phone");

		// staff register the person's own phone after checking the ID card: it logs in,
		// the change is audited, the unverified number is not told anything
		String own = "13800" + String.format("%06d", victim % 1_000_000);
		Response registered = api.put(admin, "/api/v1/persons/" + victim + "/login-phone",
				"{\"phone\":\"" + own + "\"}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		assertThat(registered.json().get("verified").asBoolean()).isTrue();
		assertThat(audited("CHANGE_LOGIN_PHONE", victim)).isEqualTo(1);
		assertThat(messages(attacker, "LOGIN_PHONE_CHANGED")).isZero();
		assertThat(logIn(new FormClient(this.port, "/r/login"), own).statusCode()).isEqualTo(302);

		// a later change tells the old (verified) number
		String next = "13600" + String.format("%06d", victim % 1_000_000);
		assertThat(
				api.put(admin, "/api/v1/persons/" + victim + "/login-phone", "{\"phone\":\"" + next + "\"}").status())
			.isEqualTo(200);
		assertThat(messages(own, "LOGIN_PHONE_CHANGED")).isEqualTo(1);
		assertThat(audited("CHANGE_LOGIN_PHONE", victim)).isEqualTo(2);
		assertThat(logIn(new FormClient(this.port, "/r/login"), own).body()).contains("data-field=\"phone\"");
	}

	@Test
	void phonesOfASourceMarkedVerifiedLogIn() throws Exception {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		String idNumber = TestIds.valid();
		long person = register(api, admin, "户籍人", idNumber);
		String code = "police-hukou-" + UUID.randomUUID().toString().substring(0, 8);
		Response source = api.post(admin, "/api/v1/sources", "{\"code\":\"" + code
				+ "\",\"name\":\"公安户籍\",\"department\":\"公安局\",\"category\":\"RESIDENT_POPULATION\"}");
		assertThat(source.status()).as(source.body()).isEqualTo(201);
		Response marked = api.put(admin, "/api/v1/sources/" + code + "/phones-verified", "{\"verified\":true}");
		assertThat(marked.status()).as(marked.body()).isEqualTo(200);
		assertThat(marked.json().get("phonesVerified").asBoolean()).isTrue();
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM audit_log WHERE action = 'MARK_SOURCE_PHONES_VERIFIED' " + "AND subject_id = :c")
			.param("c", code)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(api.put(admin, "/api/v1/sources/" + code + "/phones-verified", "{\"verified\":\"yes\"}").status())
			.isEqualTo(400);

		String phone = "13500" + String.format("%06d", person % 1_000_000);
		api.importCsv(admin, code, "hukou-" + UUID.randomUUID() + ".csv",
				"姓名,身份证号,联系电话\n户籍人," + idNumber + "," + phone + "\n");
		await().atMost(Duration.ofSeconds(30)).until(() -> phoneOf(person), phone::equals);
		assertThat(api.get(admin, "/api/v1/persons/" + person).json().get("phoneVerified").asBoolean()).isTrue();
		assertThat(logIn(new FormClient(this.port, "/r/login"), phone).statusCode()).isEqualTo(302);
	}

	@Test
	void aNewcomerRegisteredFromAnImportCannotLogInWithTheImportedPhone() throws Exception {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		String idNumber = TestIds.valid();
		String phone = "13300" + idNumber.substring(12, 17) + "1";
		api.importCsv(admin, "police-floating", "newcomer-" + UUID.randomUUID() + ".csv",
				"姓名,身份证号,联系电话\n新来者," + idNumber + "," + phone + "\n");
		assertThat(this.jdbc.sql("SELECT phone_verified FROM person WHERE document_number = :n")
			.param("n", idNumber)
			.query(Boolean.class)
			.single()).isFalse();
		// in the page's language (Chinese by default)
		assertThat(logIn(new FormClient(this.port, "/r/login"), phone).body()).contains("该手机号尚未核验，不能用于登录")
			.doesNotContain("not verified");
	}

	/**
	 * Registers a person without a phone in a household; staff register no phone here.
	 */
	private long register(Api api, String admin, String name, String idNumber) {
		long household = this.jdbc.sql("SELECT id FROM household ORDER BY id LIMIT 1").query(Long.class).single();
		Response created = api.post(admin, "/api/v1/persons",
				"{\"name\":\"" + name + "\",\"idNumber\":\"" + idNumber + "\",\"householdId\":" + household + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	private HttpResponse<String> logIn(FormClient client, String phone) throws Exception {
		assertThat(client.post("/r/login/code", "phone=" + phone).body()).contains("name=\"code\"");
		return client.post("/r/login", "phone=" + phone + "&code=" + outboxCode(phone));
	}

	private String outboxCode(String phone) {
		return LoginCodes.lastSentTo(this.jdbc, phone);
	}

	private String phoneOf(long person) {
		return this.jdbc.sql("SELECT phone FROM person WHERE id = :p").param("p", person).query(String.class).single();
	}

	private long audited(String action, long person) {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = :a AND subject_id = :s")
			.param("a", action)
			.param("s", Long.toString(person))
			.query(Long.class)
			.single();
	}

	private long messages(String phone, String purpose) {
		return this.jdbc.sql("SELECT count(*) FROM message_outbox WHERE recipient = :p AND purpose = :u")
			.param("p", phone)
			.param("u", purpose)
			.query(Long.class)
			.single();
	}

}
