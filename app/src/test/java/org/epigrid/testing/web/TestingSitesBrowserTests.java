package org.epigrid.testing.web;

import java.time.Duration;
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
import org.epigrid.testing.SiteKind;
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
