package org.epigrid.codes;

import java.time.Duration;

import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LoginCodes;
import org.epigrid.venues.Venue;
import org.epigrid.venues.VenueManagement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident on a phone-sized screen, in real headless Chromium: asks for a login code,
 * reads it from the outbox, logs in, sees the QR code renew itself before it expires and
 * the clock run, then opens a venue's code, checks in and sees the verdict. (Tokens live
 * 20 seconds here so that the renewal comes at once.)
 */
@IntegrationTest
@TestPropertySource(properties = "epigrid.codes.token-lifetime=PT20S")
class ResidentCodeBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(390, 844);

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	VenueManagement venues;

	@Test
	void residentLogsInSeesTheQrCodeRenewAndChecksInAtAVenue() {
		String phone = this.jdbc.sql("""
				SELECT phone FROM person WHERE phone LIKE '1%' AND merged_into IS NULL ORDER BY phone DESC LIMIT 1
				""").query(String.class).single();
		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/r/code");
		browser.waiting().until(ExpectedConditions.urlContains("/r/login"));
		driver.findElement(By.id("phone")).sendKeys(phone);
		driver.findElement(By.cssSelector("#send-code button")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("code")));
		driver.findElement(By.id("code")).sendKeys(LoginCodes.lastSentTo(this.jdbc, phone));
		driver.findElement(By.cssSelector("#log-in button")).click();

		browser.waiting().until(ExpectedConditions.urlContains("/r/code"));
		browser.waiting().until(d -> "1".equals(d.findElement(By.id("qr")).getAttribute("data-loads")));
		assertThat(driver.findElement(By.cssSelector("#qr svg path")).getAttribute("d")).startsWith("M");
		String firstClock = driver.findElement(By.id("clock")).getText();
		assertThat(firstClock).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}");
		String firstQr = driver.findElement(By.cssSelector("#qr svg path")).getAttribute("d");
		browser.screenshot("resident-code");
		new org.openqa.selenium.support.ui.WebDriverWait(driver, Duration.ofSeconds(15))
			.until(d -> "2".equals(d.findElement(By.id("qr")).getAttribute("data-loads")));
		assertThat(driver.findElement(By.cssSelector("#qr svg path")).getAttribute("d")).isNotEqualTo(firstQr);
		// the clock runs (the renewal may come within the same second, so wait for the
		// tick)
		browser.waiting().until(d -> !d.findElement(By.id("clock")).getText().equals(firstClock));
		assertThat(driver.findElement(By.id("clock")).getText()).isNotEqualTo(firstClock);
		assertThat(driver.findElement(By.id("colour")).getText()).isIn("绿码", "黄码", "红码");

		// scans a venue's poster: the QR code holds the check-in page's URL
		long venueId = this.jdbc.sql("SELECT min(id) FROM venue WHERE crowd_class = 'ORDINARY' AND closed_at IS NULL")
			.query(Long.class)
			.single();
		Venue venue = this.venues.find(venueId);
		driver.get(this.venues.codeUrl(venue, base));
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("check-in")));
		assertThat(driver.findElement(By.cssSelector("#venue .r-venue-name")).getText()).isEqualTo(venue.name());
		assertThat(driver.findElement(By.cssSelector("#venue .r-requirement")).getText()).contains("绿码");
		browser.screenshot("resident-venue");
		driver.findElement(By.cssSelector("#check-in button")).click();
		browser.waiting().until(ExpectedConditions.urlContains("/r/checked-in"));
		String decision = driver.findElement(By.id("decision")).getText();
		String colour = driver.findElement(By.cssSelector("#verdict .r-colour")).getText();
		assertThat(decision).isEqualTo(colour.equals("绿码") ? "可以进入" : "请勿进入");
		assertThat(driver.findElement(By.cssSelector("#verdict .r-venue-name")).getText()).isEqualTo(venue.name());
		browser.waiting()
			.until(d -> d.findElement(By.id("clock")).getText().matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"));
		browser.screenshot("resident-verdict");
		// stored, and on the resident's own list
		assertThat(this.jdbc.sql("SELECT count(*) FROM check_in WHERE venue_id = :v AND via = 'SELF'")
			.param("v", venueId)
			.query(Long.class)
			.single()).isEqualTo(1);
		driver.findElement(By.cssSelector("a[href*='/r/check-ins']")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("check-ins")));
		assertThat(driver.findElement(By.cssSelector("#check-ins .r-where")).getText()).isEqualTo(venue.name());
		// reloading the verdict does not check in twice
		driver.get(base + "/r/checked-in");
		browser.waiting().until(ExpectedConditions.urlContains("/r/check-ins"));
		assertThat(this.jdbc.sql("SELECT count(*) FROM check_in WHERE venue_id = :v")
			.param("v", venueId)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

}
