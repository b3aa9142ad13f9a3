package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.epigrid.support.BrowserSession;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A data officer's import in real headless Chromium: upload a file, watch the job reach
 * its end, download the rejected rows.
 */
@IntegrationTest
class DataHubBrowserTests {

	@RegisterExtension
	static final BrowserSession browser = new BrowserSession(1280, 900);

	@LocalServerPort
	int port;

	@TempDir
	Path temp;

	@Test
	void uploadWatchProgressAndDownloadRejectedRows() throws Exception {
		Path file = this.temp.resolve("铁路到达-" + System.identityHashCode(this) + ".csv");
		Files.writeString(file,
				String.join("\n", "姓名,身份证号,联系电话,出发地,到达时间", "甲," + TestIds.valid() + ",,武汉,2026-01-10",
						"乙," + TestIds.valid() + ",,武汉,2026-01-10", "丙,,13900001111,武汉,2026-01-10",
						"丁," + TestIds.withWrongCheckDigit(TestIds.valid()) + ",,武汉,2026-01-10", "戊,,,武汉,2026-01-10"),
				StandardCharsets.UTF_8);
		var driver = browser.driver();
		String base = "http://127.0.0.1:" + this.port;
		driver.get(base + "/login");
		driver.findElement(By.id("username")).sendKeys("admin");
		driver.findElement(By.id("password")).sendKeys(IntegrationTest.ADMIN_PASSWORD);
		driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
		browser.waiting().until(ExpectedConditions.urlContains("/population/map"));

		driver.findElement(By.linkText("数据汇聚")).click();
		browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("upload-form")));
		new Select(driver.findElement(By.id("source"))).selectByValue("rail-arrivals");
		driver.findElement(By.id("file")).sendKeys(file.toAbsolutePath().toString());
		driver.findElement(By.cssSelector("#upload-form button[type=submit]")).click();

		browser.waiting().until(ExpectedConditions.urlMatches(".*/datahub/imports/\\d+$"));
		browser.waiting().until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", "COMPLETED"));
		assertThat(driver.findElement(By.id("rows-read")).getText()).isEqualTo("5");
		assertThat(driver.findElement(By.id("rows-accepted")).getText()).isEqualTo("3");
		assertThat(driver.findElement(By.id("rows-rejected")).getText()).isEqualTo("2");
		assertThat(driver.findElement(By.id("download")).isDisplayed()).isTrue();
		browser.screenshot("datahub-import");

		// the progress stream the page listens to ends with the completed job
		@SuppressWarnings("unchecked")
		Map<String, Object> event = (Map<String, Object>) driver.executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				var source = new EventSource(document.getElementById('job').dataset.progress);
				source.addEventListener('progress', function (e) { source.close(); done(JSON.parse(e.data)); });
				source.onerror = function () { source.close(); done({error: true}); };
				""");
		assertThat(event).containsEntry("state", "COMPLETED").containsEntry("rowsRejected", 2L);

		// the rejected rows download as a real workbook
		@SuppressWarnings("unchecked")
		List<Object> download = (List<Object>) driver.executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				fetch(document.getElementById('rejected-link').href, {credentials: 'same-origin'})
				  .then(function (r) { return r.arrayBuffer().then(function (b) {
				    var bytes = new Uint8Array(b);
				    done([r.status, r.headers.get('Content-Type'), b.byteLength, bytes[0], bytes[1]]); }); });
				""");
		assertThat(download.get(0)).isEqualTo(200L);
		assertThat((String) download.get(1)).contains("spreadsheetml");
		assertThat((Long) download.get(2)).isGreaterThan(1000L);
		// an XLSX is a ZIP: "PK"
		assertThat(download.subList(3, 5)).containsExactly(80L, 75L);
	}

}
