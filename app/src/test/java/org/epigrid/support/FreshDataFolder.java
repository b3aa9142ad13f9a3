package org.epigrid.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives each test application context its own new data folder (and so its own embedded
 * PostgreSQL) under {@code target/test-homes}, so that tests never see data of an earlier
 * run.
 */
public class FreshDataFolder implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		Path home = newFolder();
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("fresh-data-folder",
					Map.of("epigrid.home", home.toString(), "epigrid.db.home", home.toString())));
	}

	/**
	 * Creates a new, empty data folder.
	 * @return its path
	 */
	public static Path newFolder() {
		try {
			Path root = Files.createDirectories(Path.of("target", "test-homes"));
			return Files.createTempDirectory(root, "home-").toAbsolutePath();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
