package org.epigrid.testing.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.Browser;
import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SamplingSiteManagement.StatusReport;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.SiteStatus;
import org.epigrid.testing.RoundPopulation;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.TestingRoundManagement;
import org.epigrid.testing.TestingRoundManagement.NewRound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In real headless Chromium: a site leader marks their site BUSY with a queue on the
 * phone page (390 px wide), and the command's site page, open since before, shows it
 * within seconds without reloading (Server-Sent Events).
 */
@IntegrationTest
class TestingSitesBrowserTests {

	@RegisterExtension
	static final BrowserSession command = new BrowserSession(1280, 900);

	@LocalServerPort
	int port;

	@Autowired
	SamplingSiteManagement sites;

	@Autowired
	UserManagement users;

	@Autowired
	TestingRoundManagement rounds;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aSiteLeaderMarksBusyOnThePhoneAndTheCommandsMapShowsItWithoutReload() {
		record Grid(long id, String path, double lon, double lat) {
		}
		Grid grid = this.jdbc.sql(
				"SELECT id, path, centroid_lon, centroid_lat FROM division WHERE level = 'GRID' AND centroid_lon IS NOT NULL ORDER BY id LIMIT 1 OFFSET 2")
			.query((rs, i) -> new Grid(rs.getLong(1), rs.getString(2), rs.getDouble(3), rs.getDouble(4)))
			.single();
		Caller admin = this.users.findByUsername("admin").orElseThrow().asCaller();
		String tag = Long.toString(System.nanoTime() % 100_000);
		SamplingSite site = this.sites.register(admin, new NewSite("浏览器测试采样点" + tag, SiteKind.MASS, grid.id(),
				"测试路 8 号", grid.lon(), grid.lat(), "08:00-20:00", 3, 120, "010-7654321"));
		String leader = "site.leader." + tag;
		long leaderId = this.users
			.create(new NewUser(leader, "采样点负责人", "site-leader-password", EnumSet.of(Role.SITE_LEADER), grid.path()))
			.id();
		this.sites.addStaff(admin, site.id(), leaderId);
		String base = "http://127.0.0.1:" + this.port;

		// the command's page is open before the report
		ChromeDriver desk = command.driver();
		logIn(desk, base, "admin", IntegrationTest.ADMIN_PASSWORD);
		desk.get(base + "/testing/sites");
		command.waiting().until(ExpectedConditions.attributeToBe(By.id("live"), "data-state", "connected"));
		By row = By.id("site-" + site.id());
		assertThat(desk.findElement(row).getAttribute("data-status")).isEqualTo("CLOSED");
		assertThat(desk.findElements(By.cssSelector(".leaflet-interactive"))).isNotEmpty();
		desk.executeScript("window.notReloaded = true;");

		try (Browser phone = new Browser(390, 844)) {
			ChromeDriver driver = phone.driver();
			// headless Chromium keeps a window at least 500 px wide: emulate the phone's
			// screen
			driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
					Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
			logIn(driver, base, leader, "site-leader-password");
			driver.get(base + "/testing/site");
			phone.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("report-form")));
			assertThat(driver.findElement(By.id("site-name")).getText()).isEqualTo(site.name());
			phone.screenshot("testing-site-leader-before");
			driver.findElement(By.id("queueLength")).clear();
			driver.findElement(By.id("queueLength")).sendKeys("149");
			driver.findElement(By.id("queue-plus")).click();
			assertThat(driver.findElement(By.id("queueLength")).getDomProperty("value")).isEqualTo("150");
			driver.findElement(By.id("status-BUSY")).click();
			phone.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("reported")));
			assertThat(driver.findElement(By.id("stored-status")).getText()).isEqualTo("拥挤");
			assertThat(driver.findElement(By.id("stored-queue")).getText()).isEqualTo("150");
			assertThat(driver.findElement(By.id("stored-wait")).getText()).contains("分钟");
			// htmx swapped the card: still the same page
			assertThat(driver.getCurrentUrl()).endsWith("/testing/site");
			// fits the phone: nothing wider than the screen
			Long scrollWidth = (Long) driver.executeScript("return document.documentElement.scrollWidth;");
			assertThat(scrollWidth).isLessThanOrEqualTo(390L);
			phone.screenshot("testing-site-leader");

			// a wrong queue is refused readably
			driver.findElement(By.id("queueLength")).clear();
			driver.findElement(By.id("queueLength")).sendKeys("-5");
			driver.findElement(By.id("status-OPEN")).click();
			phone.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("errors")));
			assertThat(driver.findElement(By.id("errors")).getText()).contains("排队人数");
			assertThat(driver.findElement(By.id("stored-status")).getText()).isEqualTo("拥挤");
			phone.screenshot("testing-site-leader-error");
		}

		// the command sees it within seconds, without a reload
		new WebDriverWait(desk, Duration.ofSeconds(10))
			.until(ExpectedConditions.attributeToBe(row, "data-status", "BUSY"));
		assertThat(desk.findElement(row).findElement(By.cssSelector("[data-field=queueLength]")).getText())
			.isEqualTo("150");
		assertThat(desk.findElement(row).findElement(By.cssSelector("[data-field=status]")).getText()).isEqualTo("拥挤");
		assertThat(desk.findElement(row).getAttribute("class")).contains("crowded");
		assertThat(desk.executeScript("return window.notReloaded === true;")).isEqualTo(true);
		command.screenshot("testing-sites-command");

		// the rounds and a round's progress render for the command
		TestingRound round = this.rounds.start(admin, new NewRound("浏览器测试轮次" + tag, Instant.now().minusSeconds(600),
				Instant.now().plusSeconds(86_400), RoundPopulation.ALL, null, null, 10, 0, List.of(grid.id())));
		desk.get(base + "/testing/rounds");
		command.waiting().until(ExpectedConditions.presenceOfElementLocated(By.linkText(round.name())));
		command.screenshot("testing-rounds");
		desk.findElement(By.linkText(round.name())).click();
		command.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("progress-table")));
		assertThat(desk.findElement(By.id("total-required")).getText()).isEqualTo(Long.toString(round.required()));
		command.screenshot("testing-round-progress");
		// a click on a division's row drills down
		String top = desk.findElement(By.cssSelector("#progress-table tr.drill")).getAttribute("data-division");
		desk.findElement(By.cssSelector("#progress-table tr.drill td.num")).click();
		command.waiting().until(ExpectedConditions.urlContains("divisionId=" + top));
		command.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("progress-table")));
		assertThat(desk.findElement(By.id("total-required")).getText()).isEqualTo(Long.toString(round.required()));
		desk.get(base + "/testing/rounds/" + round.id() + "/lists/untested?gridId=" + grid.id());
		command.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("export")));
		assertThat(desk.findElements(By.cssSelector("#persons tbody tr[data-person]"))).hasSize(50);
		command.screenshot("testing-list");
		desk.get(base + "/testing/results");
		command.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("refusals")));
		command.screenshot("testing-results");
	}

	@Test
	void thePublicSeesTheNearestOpenSitesOnAPhoneFromItsLocationOrTheTownsCentre() {
		record Grid(long id, double lon, double lat) {
		}
		Grid grid = this.jdbc.sql(
				"SELECT id, centroid_lon, centroid_lat FROM division WHERE level = 'GRID' AND centroid_lon IS NOT NULL ORDER BY id LIMIT 1 OFFSET 4")
			.query((rs, i) -> new Grid(rs.getLong(1), rs.getDouble(2), rs.getDouble(3)))
			.single();
		Caller admin = this.users.findByUsername("admin").orElseThrow().asCaller();
		String tag = Long.toString(System.nanoTime() % 100_000);
		SamplingSite site = this.sites.register(admin, new NewSite("公众测试采样点" + tag, SiteKind.FIXED, grid.id(),
				"公众路 3 号", grid.lon() + 0.001, grid.lat(), "07:00-22:00", 6, 900, "0512-6666888"));
		this.sites.report(admin, site.id(), new StatusReport(SiteStatus.OPEN, 40));
		String base = "http://127.0.0.1:" + this.port;
		try (Browser phone = new Browser(390, 844)) {
			ChromeDriver driver = phone.driver();
			driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
					Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
			driver.executeCdpCommand("Browser.grantPermissions",
					Map.of("origin", base, "permissions", List.of("geolocation")));
			driver.executeCdpCommand("Emulation.setGeolocationOverride",
					Map.of("latitude", grid.lat(), "longitude", grid.lon(), "accuracy", 10));
			// no login
			driver.get(base + "/p/sampling-sites");
			By item = By.cssSelector("#near-list li[data-code='" + site.code() + "']");
			phone.waiting().until(ExpectedConditions.presenceOfElementLocated(item));
			assertThat(driver.findElement(By.id("where")).getText()).isEqualTo("离您最近的开放采样点");
			String text = driver.findElement(item).getText();
			assertThat(text).contains(site.name())
				.contains("开放")
				.contains("40")
				.contains("公众路 3 号")
				.contains("07:00-22:00")
				.contains("米");
			assertThat(driver.findElement(item).findElement(By.cssSelector("a[href^='tel:']")).getAttribute("href"))
				.isEqualTo("tel:05126666888");
			assertThat(driver.findElements(By.cssSelector("#site-map .leaflet-interactive"))).isNotEmpty();
			assertThat((Long) driver.executeScript("return document.documentElement.scrollWidth;"))
				.isLessThanOrEqualTo(390L);
			phone.screenshot("testing-public-sites");

			// location refused: the town's centre
			driver.executeCdpCommand("Browser.setPermission",
					Map.of("origin", base, "permission", Map.of("name", "geolocation"), "setting", "denied"));
			driver.navigate().refresh();
			phone.waiting().until(ExpectedConditions.textToBe(By.id("where"), "未获得您的位置：按城区中心列出开放采样点"));
			phone.waiting().until(ExpectedConditions.presenceOfElementLocated(item));
			phone.screenshot("testing-public-sites-centre");
		}
	}

	private static void logIn(WebDriver driver, String base, String username, String password) {
		driver.get(base + "/login");
		driver.findElement(By.id("username")).sendKeys(username);
		driver.findElement(By.id("password")).sendKeys(password);
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		new WebDriverWait(driver, Duration.ofSeconds(20))
			.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
	}

}
