package org.epigrid.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.epigrid.backup.internal.DatabaseRestore;
import org.epigrid.backup.internal.RestoreConfiguration;
import org.epigrid.backup.internal.RestoreRefusedException;
import org.epigrid.shared.db.DataFolderLock.DataFolderInUseException;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code ./epigrid restore FILE} (= the platform's jar with
 * {@code --epigrid.restore=FILE}): restores a backup into the configured database
 * ({@code EPIGRID_HOME}'s embedded one, or {@code EPIGRID_DB_URL}) and exits. It starts
 * the database exactly as the platform does but nothing else, and refuses to run while a
 * platform runs on the same data folder or other sessions are connected to the database.
 * What the database held before is saved as a backup first. Exit status 0 when restored,
 * 2 when refused (nothing changed), 1 when it failed.
 */
public final class RestoreCommand {

	/** The argument that asks for a restore. */
	public static final String ARGUMENT = "--epigrid.restore=";

	private RestoreCommand() {
	}

	/**
	 * Whether the command line asks for a restore.
	 * @param args the command line
	 * @return {@code true} if it has {@code --epigrid.restore=FILE}
	 */
	public static boolean requested(String[] args) {
		return file(args).isPresent();
	}

	/**
	 * Restores the backup named by {@code --epigrid.restore=FILE}.
	 * @param args the command line (the platform's settings apply, e.g.
	 * {@code --epigrid.home=…})
	 * @return the exit status: 0 restored, 2 refused, 1 failed
	 */
	public static int run(String... args) {
		Optional<Path> file = file(args);
		if (file.isEmpty()) {
			System.err.println("usage: --epigrid.restore=FILE");
			return 2;
		}
		if (!Files.isRegularFile(file.get())) {
			System.err.println("Restore refused: there is no file " + file.get());
			return 2;
		}
		SpringApplication application = new SpringApplication(RestoreConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.addInitializers((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("restore", Map.of("epigrid.db.pool-size", "2",
					"epigrid.db.application-name", "epigrid-restore-" + ProcessHandle.current().pid()))));
		try (ConfigurableApplicationContext context = application.run(args)) {
			DatabaseRestore.Result result = context.getBean(DatabaseRestore.class).restore(file.get());
			System.out.println("Restored " + result.manifest().rows() + " rows in " + result.rows().size()
					+ " tables from " + file.get() + " (taken " + result.manifest().createdAt() + ", schema version "
					+ result.manifest().schemaVersion() + ")." + ((result.safetyBackup() != null)
							? " What the database held before is in " + result.safetyBackup() + "." : ""));
			return 0;
		}
		catch (RestoreRefusedException ex) {
			System.err.println("Restore refused: " + ex.getMessage());
			return 2;
		}
		catch (RuntimeException ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof DataFolderInUseException inUse) {
					System.err.println("Restore refused: " + inUse.getMessage());
					return 2;
				}
			}
			System.err.println("Restore failed: " + ex.getMessage());
			return 1;
		}
	}

	private static Optional<Path> file(String[] args) {
		return Arrays.stream(args)
			.filter((arg) -> arg.startsWith(ARGUMENT))
			.map((arg) -> arg.substring(ARGUMENT.length()).strip())
			.filter((value) -> !value.isEmpty())
			.map((value) -> Path.of(value).toAbsolutePath().normalize())
			.findFirst();
	}

}
