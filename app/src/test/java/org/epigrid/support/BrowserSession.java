package org.epigrid.support;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for the tests of a class, of a given window size: started before
 * the first test, closed after the last. Register it as a static field:
 * {@code @RegisterExtension static final BrowserSession browser = new BrowserSession(1280, 900);}
 */
public final class BrowserSession implements BeforeAllCallback, AfterAllCallback {

	private final int width;

	private final int height;

	private Browser browser;

	/**
	 * A session whose browser opens with this window size.
	 * @param width window width in CSS pixels
	 * @param height window height in CSS pixels
	 */
	public BrowserSession(int width, int height) {
		this.width = width;
		this.height = height;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.browser = new Browser(this.width, this.height);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.browser != null) {
			this.browser.close();
			this.browser = null;
		}
	}

	/**
	 * The driver.
	 * @return the driver
	 */
	public ChromeDriver driver() {
		return this.browser.driver();
	}

	/**
	 * A wait of up to 20 seconds.
	 * @return the wait
	 */
	public WebDriverWait waiting() {
		return this.browser.waiting();
	}

	/**
	 * Saves a screenshot to {@code target/screenshots/<name>.png}.
	 * @param name file name without extension
	 * @return the file
	 */
	public Path screenshot(String name) {
		return this.browser.screenshot(name);
	}

}
