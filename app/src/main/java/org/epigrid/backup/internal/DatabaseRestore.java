package org.epigrid.backup.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.epigrid.backup.internal.BackupManifest.TableCopy;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore of a backup into the configured database, step by step: the file is read
 * and every table's checksum verified before anything is touched; a backup of a schema
 * version this code does not know is refused; so is a database that others are connected
 * to; what the database holds now is first saved as a backup of its own; then the
 * application's objects are dropped (Flyway clean), the schema is migrated to the
 * backup's version and the rows are loaded ({@link RestoreWriter}). The next start of the
 * platform migrates on to the current version.
 */
public class DatabaseRestore {

	private static final Logger log = LoggerFactory.getLogger(DatabaseRestore.class);

	private final DataSource dataSource;

	private final Flyway flyway;

	private final DatabaseCatalogReader catalog;

	private final BackupWriter writer;

	private final BackupFolder folder;

	private final RestoreWriter loader;

	private final Clock clock;

	private final String applicationName;

	/**
	 * Creates the restore.
	 * @param dataSource the configured database
	 * @param flyway its migrations (not run at start)
	 * @param catalog the catalogue reader
	 * @param writer writes the safety backup
	 * @param folder where the safety backup goes
	 * @param clock the clock
	 * @param applicationName this process's {@code application_name}
	 */
	public DatabaseRestore(DataSource dataSource, Flyway flyway, DatabaseCatalogReader catalog, BackupWriter writer,
			BackupFolder folder, Clock clock, String applicationName) {
		this.dataSource = dataSource;
		this.flyway = flyway;
		this.catalog = catalog;
		this.writer = writer;
		this.folder = folder;
		this.loader = new RestoreWriter(dataSource, catalog);
		this.clock = clock;
		this.applicationName = applicationName;
	}

	/**
	 * Restores a backup.
	 * @param file the backup file
	 * @return what was restored
	 * @throws RestoreRefusedException if the file or the database does not allow it
	 * (nothing was changed)
	 * @throws RuntimeException if loading failed after the database was emptied (the
	 * safety backup named in the log holds what was there)
	 */
	public Result restore(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new RestoreRefusedException("There is no file " + file);
		}
		try (BackupFileReader backup = BackupFileReader.open(file)) {
			BackupManifest manifest = backup.manifest();
			log.info("Checking {}: schema version {}, {} tables, {} rows, taken {}", file, manifest.schemaVersion(),
					manifest.tables().size(), manifest.rows(), manifest.createdAt());
			MigrationVersion version = knownVersion(manifest.schemaVersion());
			backup.verify();
			Path safety = null;
			try (Connection connection = this.dataSource.getConnection()) {
				List<String> others = this.catalog.otherSessions(connection, this.applicationName);
				if (!others.isEmpty()) {
					throw new RestoreRefusedException(
							"Other sessions are connected to the database (user application " + "address): " + others
									+ ". Stop the platform (every instance) and disconnect them first.");
				}
				if (this.catalog.hasTables(connection)) {
					safety = this.folder.write(this.clock.instant(), this.writer::write);
					log.info("Saved what the database held before the restore to {}", safety);
				}
			}
			catch (SQLException ex) {
				throw new IllegalStateException("Cannot read the database: " + ex.getMessage(), ex);
			}
			Flyway clean = Flyway.configure().configuration(this.flyway.getConfiguration()).cleanDisabled(false).load();
			clean.clean();
			Flyway.configure().configuration(this.flyway.getConfiguration()).target(version).load().migrate();
			log.info("Migrated the emptied database to version {}; loading the rows", version);
			Map<String, Long> loaded = this.loader.load(backup, this.flyway.getConfiguration().getTable());
			this.loader.analyze(manifest.tables().stream().map(TableCopy::name).toList());
			long rows = loaded.values().stream().mapToLong(Long::longValue).sum();
			log.info("Restored {} rows in {} tables from {} (schema version {}, taken {})", rows, loaded.size(), file,
					manifest.schemaVersion(), manifest.createdAt());
			return new Result(manifest, loaded, safety);
		}
		catch (InvalidBackupException ex) {
			throw new RestoreRefusedException("Cannot restore " + file + ": " + ex.getMessage());
		}
	}

	/**
	 * The backup's schema version, if this code has that migration (a backup of a newer
	 * EpiGrid is refused: its tables may hold what this code cannot read).
	 */
	private MigrationVersion knownVersion(String schemaVersion) {
		MigrationVersion wanted = MigrationVersion.fromVersion(schemaVersion);
		List<MigrationVersion> known = Arrays.stream(this.flyway.info().all())
			.filter((migration) -> migration.getState().isResolved())
			.map(MigrationInfo::getVersion)
			.filter((v) -> v != null)
			.toList();
		MigrationVersion latest = known.stream().max(MigrationVersion::compareTo).orElse(MigrationVersion.EMPTY);
		if (wanted.compareTo(latest) > 0) {
			throw new RestoreRefusedException("The backup was made by a newer EpiGrid (schema version " + schemaVersion
					+ "); this one knows versions up to " + latest + ". Restore it with that version of EpiGrid.");
		}
		if (!known.contains(wanted)) {
			throw new RestoreRefusedException(
					"The backup's schema version " + schemaVersion + " is not one of this EpiGrid's migrations");
		}
		return wanted;
	}

	/**
	 * What a restore did.
	 *
	 * @param manifest the backup's manifest
	 * @param rows the rows loaded per table
	 * @param safetyBackup the backup of what the database held before, {@code null} if it
	 * was empty
	 */
	public record Result(BackupManifest manifest, Map<String, Long> rows, Path safetyBackup) {
	}

}
