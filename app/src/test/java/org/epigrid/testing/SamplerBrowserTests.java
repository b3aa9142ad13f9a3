package org.epigrid.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.Masking;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.TestingRoundManagement.NewRound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sampler on a phone-sized screen, in real headless Chromium, with a hand-held scanner
 * (keyboard wedge: the scanner types into the focused field and presses Enter): a tube's
 * barcode, then two persons' ID numbers; the page shows 2/10 and both masked names, the
 * same person again is refused in readable words, and the tube holds two samples.
 */
@IntegrationTest
class SamplerBrowserTests {

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
	UserManagement users;

	@Autowired
	java.time.Clock clock;

	@Autowired
	CodeTokens tokens;

	@Test
	void aSamplerScansATubeAndTwoPersonsWithTheKeyboardWedgeField() {
		record Person(long id, String name, String idNumber) {
		}
		List<Person> persons = this.jdbc.sql("""
				SELECT id, name, document_number FROM person
				WHERE merged_into IS NULL AND document_number ~ '^[0-9]{17}[0-9X]$'
				ORDER BY id LIMIT 3 OFFSET 1300
				""").query((rs, i) -> new Person(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET 5")
			.query(Long.class)
			.single();
		SamplingSite site = this.sites.register(ADMIN, new NewSite("扫码枪测试采样点", SiteKind.MASS, grid, "扫码路1号", 120.6,
				31.4, "08:00-20:00", 4, 240, "0512-12345678"));
		String username = "wedge-sampler-" + site.id();
		long userId = this.users
			.create(new NewUser(username, "扫码采样员", "sampler-password", EnumSet.of(Role.SAMPLER), "/"))
			.id();
		this.sites.addStaff(ADMIN, site.id(), userId);
		Instant now = this.clock.instant();
		TestingRound round = this.rounds.start(ADMIN, new NewRound("扫码枪测试轮次", now.minus(Duration.ofHours(1)),
				now.plus(Duration.ofHours(8)), RoundPopulation.ALL, List.of(), List.of(), 10, 0, List.of(grid)));
		String tube = "WEDGE-" + round.id();

		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/testing/sampler");
		browser.waiting().until(ExpectedConditions.urlContains("/login"));
		driver.findElement(By.id("username")).sendKeys(username);
		driver.findElement(By.id("password")).sendKeys("sampler-password");
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("scan")));
		// the sampler's own site only
		assertThat(new Select(driver.findElement(By.id("site"))).getOptions()).extracting(WebElement::getText)
			.containsExactly("扫码枪测试采样点");
		new Select(driver.findElement(By.id("round"))).selectByValue(String.valueOf(round.id()));

		// the scanner types into whatever has the focus: the scan field must have it
		scan(driver.switchTo().activeElement(), tube);
		browser.waiting().until(ExpectedConditions.textToBe(By.id("fill"), "0/10"));
		assertThat(driver.findElement(By.id("tube-barcode")).getText()).isEqualTo(tube);
		scan(driver.switchTo().activeElement(), persons.get(0).idNumber());
		browser.waiting().until(ExpectedConditions.textToBe(By.id("fill"), "1/10"));
		scan(driver.switchTo().activeElement(), persons.get(1).idNumber());
		browser.waiting().until(ExpectedConditions.textToBe(By.id("fill"), "2/10"));
		String list = driver.findElement(By.id("persons")).getText();
		assertThat(list).contains(Masking.name(persons.get(0).name()))
			.contains(Masking.name(persons.get(1).name()))
			.doesNotContain(persons.get(0).name());
		browser.screenshot("sampler-two-scanned");

		// the same person again: refused in large readable words, nothing written
		scan(driver.switchTo().activeElement(), persons.get(0).idNumber());
		browser.waiting().until(ExpectedConditions.attributeContains(By.id("message"), "class", "s-error"));
		WebElement message = driver.findElement(By.id("message"));
		assertThat(message.getText()).contains("不能采集此人").contains("already sampled").contains(tube);
		assertThat(message.getAttribute("data-field")).isEqualTo("idNumber");
		assertThat(driver.findElement(By.id("fill")).getText()).isEqualTo("2/10");
		assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("scan");
		browser.screenshot("sampler-already-sampled");
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM testing_sample s JOIN testing_tube t ON t.id = s.tube_id WHERE t.barcode = :b""")
			.param("b", tube)
			.query(Long.class)
			.single()).isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT samples FROM testing_tube WHERE barcode = :b")
			.param("b", tube)
			.query(Integer.class)
			.single()).isEqualTo(2);

		// a health code's QR text (as the scanner reads it off the resident's phone)
		Person third = persons.get(2);
		Instant issued = this.clock.instant();
		String code = this.tokens.issue(new Claims(third.id(), Masking.name(third.name()), Colour.GREEN, false, issued,
				issued.plusSeconds(60), this.tokens.newTokenId(), Kind.DYNAMIC, null));
		assertThat(code).startsWith("EGC1:");
		scan(driver.switchTo().activeElement(), code);
		browser.waiting().until(ExpectedConditions.textToBe(By.id("fill"), "3/10"));
		assertThat(driver.findElement(By.id("persons")).getText()).contains(Masking.name(third.name()));

		// closed by hand: the next scan opens a new tube
		driver.findElement(By.id("close-tube")).click();
		browser.waiting().until(ExpectedConditions.attributeToBe(By.id("tube-panel"), "data-open", "false"));
		assertThat(this.jdbc.sql("SELECT closed_at IS NOT NULL FROM testing_tube WHERE barcode = :b")
			.param("b", tube)
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(this.rounds.list(ADMIN, new PageRequest(0, 50)).items()).extracting(TestingRound::id)
			.contains(round.id());
		// a person scanned where a tube is due: refused, no tube named after them
		scan(driver.switchTo().activeElement(), persons.get(1).idNumber());
		browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "请先扫描试管条码"));
		assertThat(this.jdbc.sql("SELECT count(*) FROM testing_tube WHERE barcode = :b")
			.param("b", persons.get(1).idNumber())
			.query(Long.class)
			.single()).isZero();
		// the camera's reader (a WebJar) is loaded for the camera button
		assertThat(driver.executeScript("return typeof Html5Qrcode;")).isEqualTo("function");

		// boxing: a box scanned, the closed tube packed, the box sealed
		String box = "WEDGE-BOX-" + round.id();
		driver.findElement(By.id("mode-box")).click();
		assertThat(driver.findElement(By.id("scan-label")).getText()).isEqualTo("扫描转运箱条码");
		scan(driver.switchTo().activeElement(), box);
		browser.waiting().until(ExpectedConditions.textToBe(By.id("box-barcode"), box));
		scan(driver.switchTo().activeElement(), tube);
		browser.waiting().until(ExpectedConditions.textToBe(By.id("box-count"), "1"));
		assertThat(driver.findElement(By.id("box-tubes")).getText()).isEqualTo(tube);
		// the same tube again: refused, named
		scan(driver.switchTo().activeElement(), tube);
		browser.waiting().until(ExpectedConditions.attributeContains(By.id("message"), "class", "s-error"));
		assertThat(driver.findElement(By.id("message")).getText()).contains("不能装箱").contains("already in box");
		driver.findElement(By.id("seal-box")).click();
		browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "已封箱"));
		browser.screenshot("sampler-box-sealed");
		assertThat(this.jdbc.sql("""
				SELECT b.closed_at IS NOT NULL AND t.box_id = b.id FROM testing_box b, testing_tube t
				WHERE b.barcode = :box AND t.barcode = :tube""")
			.param("box", box)
			.param("tube", tube)
			.query(Boolean.class)
			.single()).isTrue();

		// the page in English
		driver.get(base + "/testing/sampler?lang=en");
		browser.waiting().until(ExpectedConditions.textToBe(By.id("scan-label"), "Scan a tube barcode"));
		assertThat(driver.findElement(By.id("mode-box")).getText()).isEqualTo("Boxing");
		browser.screenshot("sampler-english");
	}

	private static void scan(WebElement focused, String text) {
		assertThat(focused.getAttribute("id")).isEqualTo("scan");
		focused.sendKeys(text + Keys.ENTER);
	}

}
