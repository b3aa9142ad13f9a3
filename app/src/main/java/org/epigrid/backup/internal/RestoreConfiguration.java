package org.epigrid.backup.internal;

import java.time.Clock;

import javax.sql.DataSource;

import org.epigrid.shared.db.DataFolderLock;
import org.epigrid.shared.db.DatabaseProperties;
import org.flywaydb.core.Flyway;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Import;

/**
 * The whole application of {@code ./epigrid restore}: the platform's own database set-up
 * (the data-folder lock, the embedded server or the external one, the same role and pool)
 * and its Flyway settings, but no migration at start, no web server, no scheduler, no
 * demo town and no module that could write while the restore runs. Deliberately not a
 * {@code @Configuration}: the platform's component scan must not pick it up.
 */
@ComponentScan(basePackageClasses = DataFolderLock.class)
@ImportAutoConfiguration(FlywayAutoConfiguration.class)
@EnableConfigurationProperties(BackupProperties.class)
@Import({ DatabaseCatalogReader.class, BackupWriter.class, BackupFolder.class })
public class RestoreConfiguration {

	/**
	 * Keeps Flyway from migrating at start: the restore decides the version.
	 * @return a strategy that does nothing
	 */
	@Bean
	FlywayMigrationStrategy migrateNothingAtStart() {
		return (flyway) -> {
		};
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	DatabaseRestore databaseRestore(DataSource dataSource, Flyway flyway, DatabaseCatalogReader catalog,
			BackupWriter writer, BackupFolder folder, Clock clock, DatabaseProperties database) {
		return new DatabaseRestore(dataSource, flyway, catalog, writer, folder, clock, database.applicationName());
	}

}
