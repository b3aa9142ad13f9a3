package org.epigrid.venues;

import java.util.Map;

import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff in real headless Chromium: find a venue, see its counts (numbers only), fetch its
 * poster, register a visitor without a phone by ID number and see the verdict.
 */
@IntegrationTest
class VenueBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(1280, 900);

	@LocalServerPort
	int port;

	@Value("${epigrid.public-url}")
	String publicUrl;

	@Autowired
	JdbcClient jdbc;

	@Test
	void staffOpenAVenueFetchItsPosterAndCheckInAPersonByIdNumber() {
		record Row(long id, String name) {
		}
		Row venue = this.jdbc.sql("SELECT id, name FROM venue WHERE crowd_class = 'ORDINARY' ORDER BY id DESC LIMIT 1")
			.query((rs, i) -> new Row(rs.getLong(1), rs.getString(2)))
			.single();
		String idNumber = this.jdbc
			.sql("SELECT document_number FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1 OFFSET 800")
			.query(String.class)
			.single();
		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/login");
		driver.findElement(By.id("username")).sendKeys("admin");
		driver.findElement(By.id("password")).sendKeys(IntegrationTest.ADMIN_PASSWORD);
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		browser.waiting().until(ExpectedConditions.urlContains("/population/map"));

		driver.findElement(By.linkText("场所码")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("venue-policies")));
		assertThat(driver.findElement(By.id("venue-policies")).getText()).contains("人员密集场所").contains("72 小时内");
		driver.findElement(By.id("q")).sendKeys(venue.name());
		driver.findElement(By.cssSelector("#venue-search button")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.linkText(venue.name())));
		driver.findElement(By.linkText(venue.name())).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("counts")));
		assertThat(driver.findElement(By.id("venue-name")).getText()).isEqualTo(venue.name());
		assertThat(driver.findElements(By.cssSelector("#hourly .hour"))).hasSize(24);
		// the configured public address, not that of the request
		assertThat(driver.findElement(By.id("code-url")).getText()).startsWith(this.publicUrl + "/r/v/");

		// the poster is a PDF
		@SuppressWarnings("unchecked")
		Map<String, Object> poster = (Map<String, Object>) driver.executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				fetch(document.getElementById('poster').href).then(function (r) {
				  return r.arrayBuffer().then(function (b) {
				    var head = String.fromCharCode.apply(null, new Uint8Array(b.slice(0, 5)));
				    done({status: r.status, type: r.headers.get('Content-Type'), head: head});
				  });
				});
				""");
		assertThat(poster).containsEntry("status", 200L)
			.containsEntry("type", "application/pdf")
			.containsEntry("head", "%PDF-");

		// a wrong ID number is named; a right one checks the person in
		driver.findElement(By.id("idNumber")).sendKeys("12345");
		driver.findElement(By.cssSelector("#proxy button")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#proxy .errors")));
		assertThat(driver.findElement(By.cssSelector("#proxy .errors")).getText()).contains("idNumber");
		driver.findElement(By.id("idNumber")).clear();
		driver.findElement(By.id("idNumber")).sendKeys(idNumber);
		driver.findElement(By.cssSelector("#proxy button")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("proxy-verdict")));
		String verdict = driver.findElement(By.id("proxy-verdict")).getText();
		assertThat(verdict).containsAnyOf("可以进入", "请勿进入").contains("*");
		assertThat(verdict).doesNotContain(idNumber);
		assertThat(driver.findElement(By.cssSelector("#verdict-counts td[data-kind=allowed]")).getText()
				+ driver.findElement(By.cssSelector("#verdict-counts td[data-kind=denied]")).getText())
			.isNotEqualTo("00");
		browser.screenshot("venue-staff");
	}

}
