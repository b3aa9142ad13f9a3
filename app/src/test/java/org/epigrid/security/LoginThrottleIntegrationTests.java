package org.epigrid.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.MutableClock;
import org.epigrid.support.WebSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.convention.TestBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff logins are throttled per account and per client address, with growing delays and
 * a temporary lock, on the token API and on the login form: the right password during a
 * delay or a lock does not let the caller in; a lock ends by itself or by an
 * administrator (audited). Resident one-time codes are limited per client address.
 */
@IntegrationTest
@TestPropertySource(
		properties = { "epigrid.security.login.client-free-failures=20", "epigrid.security.login.client-lock-after=50",
				"epigrid.security.login.code-sends-per-client=3", "epigrid.security.login.lookup-misses-per-client=3" })
class LoginThrottleIntegrationTests {

	static final MutableClock CLOCK = MutableClock.standingNow();

	static final String PASSWORD = "the-right-password";

	@TestBean
	Clock clock;

	static Clock clock() {
		return CLOCK;
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	Api api;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		// every test starts with nothing counted (all tests come from 127.0.0.1)
		this.jdbc.sql("DELETE FROM login_throttle").update();
	}

	@Test
	void sixtyWrongPasswordsThenTheRightOneIsRefusedOnTheApiUntilTheWaitIsOver() {
		user("flood.api");
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			statuses.add(token("flood.api", "wrong-password-" + i).status());
		}
		// three at full speed, then a delay: every further attempt is refused unchecked
		assertThat(statuses.subList(0, 3)).containsOnly(401);
		assertThat(statuses.subList(3, 60)).containsOnly(429);
		Response right = token("flood.api", PASSWORD);
		assertThat(right.status()).isEqualTo(429);
		assertThat(right.contentType()).startsWith("application/problem+json");
		assertThat(right.json().get("status").asInt()).isEqualTo(429);
		long retryAfter = Long.parseLong(right.header("Retry-After"));
		assertThat(retryAfter).isPositive();
		assertThat(right.json().get("retryAfterSeconds").asLong()).isEqualTo(retryAfter);

		CLOCK.advance(Duration.ofSeconds(retryAfter));
		assertThat(token("flood.api", PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void delaysGrowUntilAPatientAttackerLocksTheAccountForAWhileAndTheLockIsAudited() {
		user("patient.api");
		// three wrong passwords at full speed, then waits of 1 s, 2 s, 4 s … (each waited
		// out) until the tenth wrong password locks the account for 15 minutes
		assertThat(lock("patient.api")).containsExactly(0L, 0L, 0L, 1L, 0L, 2L, 0L, 4L, 0L, 8L, 0L, 16L, 0L, 32L, 0L,
				60L, 0L, 900L);
		Response right = token("patient.api", PASSWORD);
		assertThat(right.status()).isEqualTo(429);
		assertThat(Long.parseLong(right.header("Retry-After"))).isEqualTo(15 * 60);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log
				WHERE action = 'LOGIN_LOCKED' AND subject_type = 'ACCOUNT' AND subject_id = 'patient.api'
				  AND client_ip = '127.0.0.1' AND channel = 'API'
				""").query(Long.class).single()).isOne();
		// attempts during the lock neither open it nor prolong it
		for (int i = 0; i < 60; i++) {
			assertThat(token("patient.api", "still-wrong-" + i).status()).isEqualTo(429);
		}
		CLOCK.advance(Duration.ofMinutes(14));
		assertThat(token("patient.api", PASSWORD).status()).isEqualTo(429);
		CLOCK.advance(Duration.ofMinutes(1));
		assertThat(token("patient.api", PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void theRightPasswordIsRefusedOnTheLoginFormToo() {
		user("flood.web");
		WebSession attacker = new WebSession(this.port);
		for (int i = 0; i < 60; i++) {
			HttpResponse<String> wrong = attacker.logIn("flood.web", "wrong-password-" + i);
			assertThat(wrong.statusCode()).isEqualTo(302);
			assertThat(wrong.headers().firstValue("Location").orElseThrow()).contains("/login?");
		}
		HttpResponse<String> right = attacker.logIn("flood.web", PASSWORD);
		String location = right.headers().firstValue("Location").orElseThrow();
		assertThat(location).contains("/login?locked=");
		// not logged in
		assertThat(attacker.get("/population/persons").statusCode()).isEqualTo(302);
		// a readable message in the default language
		String page = attacker.get(location.substring(location.indexOf("/login"))).body();
		assertThat(page).contains("id=\"login-locked\"").contains("登录失败次数过多");

		lock("flood.web");
		HttpResponse<String> locked = new WebSession(this.port).logIn("flood.web", PASSWORD);
		assertThat(locked.headers().firstValue("Location").orElseThrow()).endsWith("/login?locked=900");
		assertThat(new WebSession(this.port).get("/login?locked=900").body()).contains("15 分钟");

		CLOCK.advance(Duration.ofMinutes(15));
		WebSession user = new WebSession(this.port);
		HttpResponse<String> in = user.logIn("flood.web", PASSWORD);
		assertThat(in.headers().firstValue("Location").orElseThrow()).doesNotContain("/login");
		assertThat(user.get("/population/persons").statusCode()).isEqualTo(200);
	}

	@Test
	void anAdministratorUnlocksAnAccountOverTheApiAndItIsAudited() {
		long id = user("unlock.api");
		lock("unlock.api");
		assertThat(token("unlock.api", PASSWORD).status()).isEqualTo(429);

		String admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		long other = user("not.an.admin");
		String notAdmin = this.api.token("not.an.admin", PASSWORD);
		assertThat(this.api.post(notAdmin, "/api/v1/users/" + id + "/unlock", "").status()).isEqualTo(403);
		assertThat(this.api.post(admin, "/api/v1/users/" + Long.MAX_VALUE + "/unlock", "").status()).isEqualTo(404);
		assertThat(this.api.post(admin, "/api/v1/users/" + id + "/unlock", "").status()).isEqualTo(204);
		assertThat(token("unlock.api", PASSWORD).status()).isEqualTo(200);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log
				WHERE action = 'UNLOCK_LOGIN' AND username = 'admin' AND subject_id = 'unlock.api' AND channel = 'API'
				""").query(Long.class).single()).isOne();
		assertThat(other).isNotEqualTo(id);
	}

	@Test
	void anAdministratorSeesTheLockOnTheUserPageAndLiftsIt() {
		long id = user("unlock.web");
		lock("unlock.web");
		WebSession admin = new WebSession(this.port);
		admin.logIn("admin", IntegrationTest.ADMIN_PASSWORD);
		String page = admin.get("/admin/users/" + id).body();
		assertThat(page).contains("id=\"unlock\"").contains("已锁定至");
		HttpResponse<String> unlocked = admin.post("/admin/users/" + id + "/unlock", "");
		assertThat(unlocked.statusCode()).isEqualTo(302);
		assertThat(admin.get("/admin/users/" + id).body()).doesNotContain("已锁定至").contains("已解锁用户 unlock.web");
		assertThat(token("unlock.web", PASSWORD).status()).isEqualTo(200);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log
				WHERE action = 'UNLOCK_LOGIN' AND username = 'admin' AND subject_id = 'unlock.web' AND channel = 'WEB'
				""").query(Long.class).single()).isOne();
	}

	@Test
	void oneClientGuessingAcrossManyAccountsIsSlowedDownToo() {
		for (int i = 0; i < 20; i++) {
			assertThat(token("sprayed." + i, "Password123!").status()).isEqualTo(401);
		}
		// the client's free failures are used up: even the administrator's right password
		// from this address must wait
		Response admin = token("admin", IntegrationTest.ADMIN_PASSWORD);
		assertThat(admin.status()).isEqualTo(429);
		CLOCK.advance(Duration.ofSeconds(Long.parseLong(admin.header("Retry-After"))));
		assertThat(token("admin", IntegrationTest.ADMIN_PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void oneClientCannotHaveCodesSentToManyPhones() {
		WebSession resident = new WebSession(this.port);
		resident.get("/r/login");
		for (int i = 0; i < 3; i++) {
			String sent = resident.post("/r/login/code", "phone=1390000100" + i).body();
			assertThat(sent).contains("name=\"code\"");
		}
		HttpResponse<String> refused = resident.post("/r/login/code", "phone=13900001003");
		assertThat(refused.body()).contains("data-field=\"client\"").contains("本设备获取验证码次数过多");
		// the same client with a fresh cookie is the same client
		WebSession again = new WebSession(this.port);
		again.get("/r/login");
		assertThat(again.post("/r/login/code", "phone=13900001004").body()).contains("data-field=\"client\"");
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM message_outbox WHERE recipient IN ('13900001003', '13900001004')
				""").query(Long.class).single()).isZero();

		CLOCK.advance(Duration.ofHours(1));
		assertThat(again.post("/r/login/code", "phone=13900001003").body()).contains("name=\"code\"");
	}

	@Test
	void oneClientCannotWalkTheCertificateIds() throws Exception {
		for (int i = 0; i < 3; i++) {
			assertThat(
					this.api.get(null, "/api/v1/public/certificates/" + "Guess" + i + "x".repeat(15) + "/verification")
						.status())
				.isEqualTo(404);
		}
		// three ids that do not exist: every further look-up of this client is refused
		// for
		// the rest of the window, on the API (a problem with Retry-After) and on the page
		Response refused = this.api.get(null,
				"/api/v1/public/certificates/" + "Guess3" + "x".repeat(15) + "/verification");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.contentType()).contains("application/problem+json");
		assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 600L);
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(
						URI.create("http://127.0.0.1:" + this.port + "/p/certificates/" + "Guess4" + "x".repeat(15)))
				.header("Accept-Language", "zh-CN")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(429);
		assertThat(page.body()).contains("查询过于频繁");

		CLOCK.advance(Duration.ofMinutes(10));
		assertThat(this.api.get(null, "/api/v1/public/certificates/" + "Guess5" + "x".repeat(15) + "/verification")
			.status()).isEqualTo(404);
	}

	/**
	 * Waits out every delay (moving the clock) until the account is locked.
	 * @return the delays seen, the last one being the lock
	 */
	private List<Long> lock(String username) {
		List<Long> delays = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			Response wrong = token(username, "wrong-password-" + i);
			if (wrong.status() == 401) {
				delays.add(0L);
				continue;
			}
			assertThat(wrong.status()).isEqualTo(429);
			long retryAfter = Long.parseLong(wrong.header("Retry-After"));
			delays.add(retryAfter);
			if (retryAfter >= 15 * 60) {
				return delays;
			}
			CLOCK.advance(Duration.ofSeconds(retryAfter));
		}
		throw new AssertionError("not locked after 100 wrong passwords: " + delays);
	}

	private Response token(String username, String password) {
		return this.api.post(null, "/api/v1/auth/token",
				"{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
	}

	private long user(String username) {
		return this.users
			.create(new UserManagement.NewUser(username, username, PASSWORD, EnumSet.of(Role.GRID_WORKER),
					this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path LIMIT 1")
						.query(String.class)
						.single()))
			.id();
	}

}
