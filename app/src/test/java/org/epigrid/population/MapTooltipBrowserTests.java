package org.epigrid.population;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.support.Browser;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names on the map are text: a grid or building named like HTML shows that text in its
 * tooltip and adds no element to the page; and the pages break no rule of the
 * Content-Security-Policy.
 */
@IntegrationTest
class MapTooltipBrowserTests {

	static final String PAYLOAD = "<img src=x onerror=\"window.__xss=1\">";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Test
	void gridAndBuildingNamesAreShownAsTextInTooltips() {
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path DESC LIMIT 1")
			.query(String.class)
			.single();
		this.users.create(new UserManagement.NewUser("tooltip.worker", "提示网格员", "tooltip-password",
				EnumSet.of(Role.GRID_WORKER), grid));
		rename(grid, PAYLOAD);
		try (Browser browser = new Browser(1200, 800)) {
			var driver = browser.driver();
			// record every breach of the Content-Security-Policy from the first script on
			driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", """
					window.__csp = [];
					document.addEventListener('securitypolicyviolation',
					    function (e) { window.__csp.push(e.violatedDirective + ' ' + e.blockedURI); });
					"""));
			String base = "http://127.0.0.1:" + this.port;
			driver.get(base + "/login");
			driver.findElement(By.id("username")).sendKeys("tooltip.worker");
			driver.findElement(By.id("password")).sendKeys("tooltip-password");
			driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
			browser.waiting().until(ExpectedConditions.urlContains("/population/map"));
			// a grid worker's one grid opens with its buildings
			WebElement map = driver.findElement(By.id("map"));
			browser.waiting().until(d -> map.getDomAttribute("data-loaded-buildings") != null);

			// hover over the map until a tooltip shows
			WebElement tooltip = null;
			for (int[] offset : new int[][] { { 0, 0 }, { 40, 40 }, { -40, -40 }, { 80, -60 }, { -80, 60 }, { 0, 120 },
					{ 120, 0 }, { -120, 0 }, { 0, -120 } }) {
				new Actions(driver).moveToElement(map, offset[0], offset[1]).pause(Duration.ofMillis(50)).perform();
				List<WebElement> shown = driver.findElements(By.cssSelector(".leaflet-tooltip"));
				if (!shown.isEmpty() && shown.get(0).isDisplayed()) {
					tooltip = shown.get(0);
					break;
				}
			}
			assertThat(tooltip).as("no tooltip shown on the map").isNotNull();
			assertThat(tooltip.getText()).contains(PAYLOAD);
			assertThat(driver.findElements(By.cssSelector(".leaflet-tooltip img, #map img[src='x']"))).isEmpty();
			assertThat(driver.executeScript("return window.__xss === undefined")).isEqualTo(true);
			assertThat(driver.executeScript("return window.__csp")).asList().isEmpty();

			driver.get(base + "/population/persons");
			browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("q")));
			assertThat(driver.executeScript("return window.__csp")).asList().isEmpty();
		}
		finally {
			unrename(grid, PAYLOAD);
		}
	}

	/** Puts the payload before the names of the grid and its buildings. */
	private void rename(String grid, String prefix) {
		this.jdbc.sql("UPDATE division SET name = :p || name WHERE path = :grid")
			.param("p", prefix)
			.param("grid", grid)
			.update();
		this.jdbc.sql("UPDATE building SET name = :p || name WHERE path LIKE :grid || '%'")
			.param("p", prefix)
			.param("grid", grid)
			.update();
	}

	private void unrename(String grid, String prefix) {
		this.jdbc
			.sql("UPDATE division SET name = substr(name, length(:p) + 1) WHERE path = :grid AND starts_with(name, :p)")
			.param("p", prefix)
			.param("grid", grid)
			.update();
		this.jdbc.sql("""
				UPDATE building SET name = substr(name, length(:p) + 1)
				WHERE path LIKE :grid || '%' AND starts_with(name, :p)
				""").param("p", prefix).param("grid", grid).update();
	}

}
