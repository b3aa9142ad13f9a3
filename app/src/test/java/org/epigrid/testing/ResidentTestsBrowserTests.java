package org.epigrid.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LoginCodes;
import org.epigrid.testing.LabResultManagement.Delivery;
import org.epigrid.testing.SamplingManagement.NewTube;
import org.epigrid.testing.SamplingManagement.Scan;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.TestingRoundManagement.NewRound;
import org.epigrid.testing.internal.lab.LabResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident on a phone-sized screen, in real headless Chromium: logs in, goes from their
 * code to their tests, sees the negative result and opens its certificate, a sealed PDF;
 * the QR code's public page says the certificate is valid.
 */
@IntegrationTest
class ResidentTestsBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(390, 844);

	private static final Caller ADMIN = new Caller(1, "admin", "管理员", EnumSet.of(Role.ADMIN), "/");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SamplingSiteManagement sites;

	@Autowired
	TestingRoundManagement rounds;

	@Autowired
	SamplingManagement sampling;

	@Autowired
	LabResultManagement results;

	@Autowired
	UserManagement users;

	@Autowired
	java.time.Clock clock;

	@Test
	void aResidentOpensTheCertificateOfTheirNegativeSample() {
		record Person(long id, String phone, String idNumber, String path) {
		}
		Person me = this.jdbc.sql("""
				SELECT min(id), phone, min(document_number), min(path) FROM person
				WHERE phone LIKE '1%' AND merged_into IS NULL AND document_number ~ '^[0-9]{17}[0-9X]$'
				GROUP BY phone HAVING count(*) = 1 ORDER BY phone LIMIT 1 OFFSET 60
				""")
			.query((rs, i) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.single();
		long grid = this.jdbc.sql("SELECT testing_grid_of(:p)").param("p", me.path()).query(Long.class).single();
		SamplingSite site = this.sites.register(ADMIN,
				new NewSite("报告测试采样点", SiteKind.FIXED, grid, "报告路2号", 120.6, 31.4, null, 2, 120, null));
		String username = "report-sampler-" + site.id();
		long userId = this.users.create(new NewUser(username, "采样员", "sampler-password", EnumSet.of(Role.SAMPLER), "/"))
			.id();
		this.sites.addStaff(ADMIN, site.id(), userId);
		Caller sampler = new Caller(userId, username, "采样员", EnumSet.of(Role.SAMPLER), "/");
		Instant now = this.clock.instant();
		TestingRound round = this.rounds.start(ADMIN, new NewRound("报告测试轮次", now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofHours(8)), RoundPopulation.ALL, List.of(), List.of(), 5, 0, List.of(grid)));
		String tube = "REPORT-" + round.id();
		this.sampling.openTube(sampler, new NewTube(tube, round.id(), site.id(), false));
		this.sampling.sample(sampler, tube, new Scan(null, me.idNumber()));
		this.sampling.closeTube(sampler, tube);
		this.results.receive(new Delivery("API", "某实验室", null, "test",
				List.of(new LabResult(tube, TubeOutcome.NEGATIVE, null, "某实验室", now)), List.of()));

		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/r/code");
		browser.waiting().until(ExpectedConditions.urlContains("/r/login"));
		driver.findElement(By.id("phone")).sendKeys(me.phone());
		driver.findElement(By.cssSelector("#send-code button")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
		driver.findElement(By.id("code")).sendKeys(LoginCodes.lastSentTo(this.jdbc, me.phone()));
		driver.findElement(By.cssSelector("#log-in button")).click();
		browser.waiting().until(ExpectedConditions.urlContains("/r/code"));
		browser.screenshot("resident-code-tests-link");
		driver.findElement(By.id("tests-link")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("tests")));
		assertThat(driver.findElement(By.id("tests")).getText()).contains("报告测试采样点").contains("阴性").contains(tube);
		browser.screenshot("resident-tests");

		@SuppressWarnings("unchecked")
		Map<String, Object> pdf = (Map<String, Object>) driver.executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				fetch(document.querySelector('#tests .t-certificate').href).then(function (r) {
				  return r.arrayBuffer().then(function (b) {
				    var head = String.fromCharCode.apply(null, new Uint8Array(b.slice(0, 5)));
				    done({status: r.status, type: r.headers.get('Content-Type'), head: head});
				  });
				});
				""");
		assertThat(pdf).containsEntry("status", 200L)
			.containsEntry("type", "application/pdf")
			.containsEntry("head", "%PDF-");

		// the QR code's page: valid, masked
		String id = this.jdbc.sql("""
				SELECT c.id FROM testing_certificate c JOIN testing_sample s ON s.id = c.sample_id
				JOIN testing_tube t ON t.id = s.tube_id WHERE t.barcode = :b""")
			.param("b", tube)
			.query(String.class)
			.single();
		driver.get(base + "/p/certificates/" + id);
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
		assertThat(driver.findElement(By.id("verdict")).getText()).isEqualTo("本平台出具的有效报告");
		assertThat(driver.findElement(By.id("outcome")).getText()).isEqualTo("阴性");
		assertThat(driver.findElement(By.id("name")).getText()).contains("*");
		browser.screenshot("certificate-verification");
	}

}
