package org.epigrid.tracing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.Api;
import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grid worker on a phone-sized screen in real headless Chromium: finds the screening
 * topic in the menu, sees the persons of their grid, and records who was reached.
 */
@IntegrationTest
class TopicBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(420, 900);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	UserManagement users;

	@Autowired
	Clock clock;

	@Test
	void aGridWorkerRecordsWhoWasReached() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		TracingScenario scenario = new TracingScenario(this.jdbc, api, admin, this.checkIns);
		long person = scenario.household(1).get(0);
		String home = this.jdbc.sql("SELECT path FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' AND starts_with(:p, path)")
			.param("p", home)
			.query(String.class)
			.single();
		long venue = scenario.venue("SUPERMARKET", "CROWDED");
		Instant from = this.clock.instant().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
		scenario.checkIn(venue, person, from.plus(Duration.ofMinutes(30)));
		String name = "超市专题" + TracingScenario.serial();
		var created = api.post(admin, "/api/v1/tracing/topics", "{\"name\":\"" + name + "\",\"venueIds\":[" + venue
				+ "],\"from\":\"" + from + "\",\"to\":\"" + from.plus(Duration.ofHours(2)) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String worker = "tb" + TracingScenario.serial() + "x" + System.nanoTime() % 100000;
		this.users.create(new NewUser(worker, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), grid));

		var driver = browser.driver();
		driver.get("http://127.0.0.1:" + this.port + "/login");
		driver.findElement(By.id("username")).sendKeys(worker);
		driver.findElement(By.id("password")).sendKeys("grid-worker-password");
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		browser.waiting().until(ExpectedConditions.urlContains("/population/map"));
		driver.get("http://127.0.0.1:" + this.port + "/tracing/topics");
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("topics")));
		assertThat(driver.findElements(By.id("new-topic"))).isEmpty();
		driver.findElement(By.linkText(name)).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("items")));
		WebElement row = driver.findElement(By.cssSelector("#items tr[data-person='" + person + "']"));
		assertThat(row.getAttribute("data-status")).isEqualTo("PENDING");
		row.findElement(By.name("note")).sendKeys("本人接听，确认到过");
		row.findElement(By.cssSelector("button[value=CONFIRMED]")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("recorded")));
		assertThat(driver.findElement(By.cssSelector("#items tr[data-person='" + person + "']"))
			.getAttribute("data-status")).isEqualTo("CONFIRMED");
		assertThat(driver.findElement(By.id("topic-progress")).getText()).contains("已联系·确认");
		browser.screenshot("tracing-topic-grid-worker");
	}

}
