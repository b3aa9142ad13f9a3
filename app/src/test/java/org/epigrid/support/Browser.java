package org.epigrid.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's chromium and chromium-driver packages) for browser
 * tests. Nothing is downloaded: the binaries are named explicitly.
 */
public final class Browser implements AutoCloseable {

	private static final Path CHROMIUM = Path.of(System.getProperty("epigrid.chromium", "/usr/bin/chromium"));

	private static final Path DRIVER = Path.of(System.getProperty("epigrid.chromedriver", "/usr/bin/chromedriver"));

	private final ChromeDriver driver;

	/**
	 * Starts a headless browser with a new profile.
	 * @param width window width in pixels
	 * @param height window height in pixels
	 */
	public Browser(int width, int height) {
		if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
			throw new IllegalStateException("Browser tests need " + CHROMIUM + " and " + DRIVER
					+ ": apt-get install -y chromium chromium-driver (.ci/run does it)");
		}
		try {
			ChromeOptions options = new ChromeOptions();
			options.setBinary(CHROMIUM.toFile());
			options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
					"--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--no-first-run",
					"--window-size=" + width + "," + height, "--lang=zh-CN",
					"--user-data-dir=" + Files.createTempDirectory("epigrid-chromium"));
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			this.driver = new ChromeDriver(service, options);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The driver.
	 * @return the driver
	 */
	public ChromeDriver driver() {
		return this.driver;
	}

	/**
	 * A wait of up to 20 seconds.
	 * @return the wait
	 */
	public WebDriverWait waiting() {
		return new WebDriverWait(this.driver, Duration.ofSeconds(20));
	}

	/**
	 * Saves a screenshot to {@code target/screenshots/<name>.png}.
	 * @param name file name without extension
	 * @return the file
	 */
	public Path screenshot(String name) {
		try {
			Path dir = Files.createDirectories(Path.of("target", "screenshots"));
			Path file = dir.resolve(name + ".png");
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
	}

}
