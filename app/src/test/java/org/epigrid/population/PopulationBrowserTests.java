package org.epigrid.population;

import java.nio.file.Files;
import java.nio.file.Path;

import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
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
 * A commander's first minutes, in real headless Chromium: log in, see the grid map,
 * search a person, open the detail. Screenshots go to target/screenshots.
 */
@IntegrationTest
class PopulationBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(1400, 900);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void logInOpenGridMapSearchPersonAndOpenDetail() {
		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/population/map");
		browser.waiting().until(ExpectedConditions.urlContains("/login"));
		driver.findElement(By.id("username")).sendKeys("admin");
		driver.findElement(By.id("password")).sendKeys(IntegrationTest.ADMIN_PASSWORD);
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();

		browser.waiting().until(ExpectedConditions.urlContains("/population/map"));
		long grids = this.jdbc.sql("SELECT count(*) FROM division WHERE level = 'GRID'").query(Long.class).single();
		browser.waiting().until(ExpectedConditions.textToBe(By.id("grid-count"), Long.toString(grids)));
		assertThat(driver.findElements(By.cssSelector("#map canvas, #map path.leaflet-interactive"))).isNotEmpty();
		Path map = browser.screenshot("population-map");
		assertThat(map).isNotEmptyFile();

		String name = this.jdbc.sql("SELECT name FROM person ORDER BY id LIMIT 1").query(String.class).single();
		driver.get(base + "/population/persons");
		WebElement q = driver.findElement(By.id("q"));
		q.sendKeys(name);
		browser.waiting()
			.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#person-results a.person-link")));
		browser.waiting()
			.until(d -> d.findElements(By.cssSelector("#person-results a.person-link"))
				.stream()
				.allMatch(a -> a.getText().startsWith(name)));
		browser.screenshot("person-search");
		long auditedBefore = audited();
		driver.findElements(By.cssSelector("#person-results a.person-link")).get(0).click();

		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("person-detail")));
		assertThat(driver.findElement(By.cssSelector("#person-detail h1")).getText()).startsWith(name);
		assertThat(driver.findElement(By.id("document-number")).getText()).contains("********");
		assertThat(driver.findElement(By.cssSelector(".chain")).getText()).contains("网格");
		Path detail = browser.screenshot("person-detail");
		assertThat(Files.isRegularFile(detail)).isTrue();
		assertThat(audited()).isEqualTo(auditedBefore + 1);
	}

	private long audited() {
		return this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'VIEW_PERSON' AND channel = 'WEB'")
			.query(Long.class)
			.single();
	}

}
