package org.epigrid.tracing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

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
 * An investigator in real headless Chromium: opens a case, sees its contacts with their
 * evidence and its trajectory on the map, then overlays two cases and sees where they
 * met, and the chain from one to the other as a graph.
 */
@IntegrationTest
class TracingBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(1280, 1000);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	CheckInWriter checkIns;

	@Autowired
	Clock clock;

	@Test
	void anInvestigatorSeesContactsWithEvidenceATrajectoryAndWhereTwoCasesMet() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		TracingScenario scenario = new TracingScenario(this.jdbc, api, admin, this.checkIns);
		List<Long> household = scenario.household(2);
		long other = scenario.household(1).get(0);
		long colleague = scenario.household(1).get(0);
		Instant t = this.clock.instant().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MINUTES);
		long office = scenario.venue("OFFICE", "ORDINARY", 120.62, 31.31);
		long market = scenario.venue("MARKET", "CROWDED", 120.63, 31.32);
		String marketName = this.jdbc.sql("SELECT name FROM venue WHERE id = :id")
			.param("id", market)
			.query(String.class)
			.single();
		scenario.checkIn(office, household.get(0), t);
		scenario.checkIn(office, colleague, t.plus(Duration.ofMinutes(10)));
		scenario.checkIn(market, household.get(0), t.plus(Duration.ofHours(9)));
		scenario.checkIn(market, other, t.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(20)));
		long first = scenario.openCase(household.get(0), this.clock.instant()).get("id").asLong();
		long second = scenario.openCase(other, this.clock.instant()).get("id").asLong();

		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/login");
		driver.findElement(By.id("username")).sendKeys("admin");
		driver.findElement(By.id("password")).sendKeys(IntegrationTest.ADMIN_PASSWORD);
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		browser.waiting().until(ExpectedConditions.urlContains("/population/map"));

		driver.findElement(By.linkText("流调溯源")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));
		driver.findElement(By.linkText(String.valueOf(first))).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("contacts")));

		// contacts with their evidence: the household, the colleague at the office
		WebElement householdRow = driver
			.findElement(By.cssSelector("#contacts tr[data-person='" + household.get(1) + "']"));
		assertThat(householdRow.getAttribute("data-level")).isEqualTo("CLOSE");
		assertThat(householdRow.getText()).contains("与病例同住");
		WebElement colleagueRow = driver.findElement(By.cssSelector("#contacts tr[data-person='" + colleague + "']"));
		assertThat(colleagueRow.getText()).contains("密接").contains("共处 470 分钟");
		assertThat(driver.findElement(By.id("contact-counts")).getText()).contains("密接");

		// the trajectory: both places on the map
		browser.waiting().until(d -> "true".equals(d.findElement(By.id("trace-map")).getAttribute("data-ready")));
		assertThat(driver.findElement(By.id("trace-map")).getAttribute("data-stops")).isEqualTo("2");
		assertThat(driver.findElements(By.cssSelector("#trace-map path.leaflet-interactive")))
			.hasSizeGreaterThanOrEqualTo(2);
		browser.screenshot("tracing-case");

		// computed again on demand: nothing new, nothing twice
		driver.findElement(By.id("run-contacts")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("run-result")));
		assertThat(driver.findElement(By.id("run-result")).getText()).contains("新增 0 人");

		// two cases overlaid: they met at the market
		driver.findElement(By.linkText("返回病例列表")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("cases")));
		driver.findElement(By.id("pick-" + first)).click();
		driver.findElement(By.id("pick-" + second)).click();
		driver.findElement(By.id("overlay-button")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("intersections")));
		assertThat(driver.findElement(By.id("intersections")).getText()).contains(marketName).contains("同一场所");
		browser.waiting().until(d -> "true".equals(d.findElement(By.id("trace-map")).getAttribute("data-ready")));
		assertThat(driver.findElement(By.id("trace-map")).getAttribute("data-intersections")).isEqualTo("1");
		browser.screenshot("tracing-overlay");

		// the second case met the first at the market after it: a chain of two, drawn as
		// a graph
		driver.get(base + "/tracing/cases/" + second);
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("infected-by")));
		assertThat(driver.findElement(By.id("infected-by")).getText()).contains("由病例 " + first + " 传染");
		driver.findElement(By.id("cluster-link")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("cluster-cases")));
		WebElement infectee = driver.findElement(By.cssSelector("#cluster-cases tr[data-case='" + second + "']"));
		assertThat(infectee.getAttribute("data-infector")).isEqualTo(String.valueOf(first));
		assertThat(infectee.getText()).contains(marketName);
		browser.waiting().until(d -> d.findElement(By.id("cluster-graph")).getAttribute("data-ready") != null);
		// two cases and the first case's close contacts (its household, the colleague)
		assertThat(Integer.parseInt(driver.findElement(By.id("cluster-graph")).getAttribute("data-ready")))
			.isGreaterThanOrEqualTo(4);
		assertThat(driver.findElements(By.cssSelector("#cluster-graph canvas"))).isNotEmpty();
		browser.screenshot("tracing-cluster");

		// the second case is sent to hospital: a 120 transfer requested, its arrival told
		// by phone
		driver.get(base + "/tracing/cases/" + second);
		driver.findElement(By.id("t-dest")).sendKeys("市定点医院");
		driver.findElement(By.id("request-transfer")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("transfer-requested")));
		WebElement transfer = driver.findElement(By.cssSelector("#transfers tr[data-status='REQUESTED']"));
		assertThat(transfer.getText()).contains("市定点医院").contains("已申请");
		new org.openqa.selenium.support.ui.Select(transfer.findElement(By.name("status"))).selectByValue("ARRIVED");
		transfer.findElement(By.name("vehicle")).sendKeys("沪A-120");
		transfer.findElement(By.cssSelector("button[type=submit]")).click();
		browser.waiting()
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#transfers tr[data-status='ARRIVED']")));
		assertThat(driver.findElement(By.id("case-facts")).getText()).contains("住院治疗").contains("市定点医院");
		browser.screenshot("tracing-transfer");

		// the investigator records a place learnt by interview and a person the case
		// named
		String yesterday = java.time.LocalDateTime
			.ofInstant(this.clock.instant().minus(Duration.ofDays(1)), this.clock.getZone())
			.truncatedTo(ChronoUnit.MINUTES)
			.toString();
		var js = (org.openqa.selenium.JavascriptExecutor) driver;
		new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("n-kind"))).selectByValue("PLACE");
		driver.findElement(By.id("n-address")).sendKeys("相城区某菜场");
		js.executeScript("document.getElementById('n-from').value = arguments[0];"
				+ "document.getElementById('n-to').value = arguments[0];", yesterday);
		driver.findElement(By.id("add-entry")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("entry-added")));
		assertThat(driver.findElement(By.id("entries")).getText()).contains("相城区某菜场");
		driver.findElement(By.id("m-name")).sendKeys("王某");
		driver.findElement(By.id("m-phone")).sendKeys("13900001111");
		driver.findElement(By.id("m-relation")).sendKeys("邻居，同乘电梯");
		js.executeScript("document.getElementById('m-at').value = arguments[0];", yesterday);
		driver.findElement(By.id("add-named")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("named-added")));
		assertThat(driver.findElement(By.id("named-contacts")).getText()).contains("王某").contains("139****1111");
		browser.screenshot("tracing-investigation");
	}

}
