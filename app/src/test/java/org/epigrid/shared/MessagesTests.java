package org.epigrid.shared;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chinese is the default language and English is complete: both bundles have the same
 * keys and no empty text.
 */
class MessagesTests {

	@Test
	void chineseAndEnglishBundlesHaveTheSameKeys() throws IOException {
		Properties zh = load("/messages.properties");
		Properties en = load("/messages_en.properties");
		assertThat(zh.stringPropertyNames()).isNotEmpty().isEqualTo(en.stringPropertyNames());
		assertThat(zh.values()).allMatch(v -> !v.toString().isBlank());
		assertThat(en.values()).allMatch(v -> !v.toString().isBlank());
		assertThat(zh.getProperty("nav.map")).isEqualTo("网格地图");
		assertThat(en.getProperty("nav.map")).isEqualTo("Grid map");
	}

	private static Properties load(String resource) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = MessagesTests.class.getResourceAsStream(resource)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}

}
