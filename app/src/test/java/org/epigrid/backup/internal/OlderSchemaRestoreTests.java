package org.epigrid.backup.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.backup.RestoreCommand;
import org.epigrid.support.DatabaseFingerprint;
import org.epigrid.support.FreshDataFolder;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backup of an older schema (taken before an upgrade) is restored at its own version
 * (so that its rows fit), and the upgrade's migrations then run on the restored rows as
 * they would have on the original database.
 */
class OlderSchemaRestoreTests {

	@Test
	void aBackupOfAnOlderSchemaIsRestoredAtItsVersionAndMigratesOn() throws IOException {
		Path home = FreshDataFolder.newFolder();
		Path file = home.resolve("v20.zip");
		try (EmbeddedPostgres server = EmbeddedPostgres.builder()
			.setDataDirectory(FreshDataFolder.newFolder())
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.start()) {
			JdbcClient admin = JdbcClient.create(server.getPostgresDatabase());
			admin.sql("CREATE DATABASE old_version").update();
			admin.sql("CREATE DATABASE restored").update();
			PGSimpleDataSource old = dataSource(server, "old_version");
			Flyway v20 = Flyway.configure().dataSource(old).locations("classpath:db/migration").target("20").load();
			v20.migrate();
			JdbcClient oldDb = JdbcClient.create(old);
			oldDb.sql("""
					INSERT INTO division (code, name, level, path) VALUES ('32', '江苏省', 'PROVINCE', '/32/');
					INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at,
					                    updated_at)
					VALUES ('旧版本', 'OTHER', 'OLD-1', 'UNKNOWN', '/32/', 'OVERSEAS', now(), now());
					""").update();
			var atBackup = DatabaseFingerprint.of(oldDb);
			BackupWriter writer = new BackupWriter(old, new DatabaseCatalogReader(), v20,
					Clock.fixed(Instant.parse("2025-03-01T10:00:00Z"), ZoneOffset.UTC));
			try (OutputStream out = Files.newOutputStream(file)) {
				assertThat(writer.write(out).schemaVersion()).isEqualTo("20");
			}

			int status = RestoreCommand.run("--epigrid.home=" + home, "--epigrid.db.url=" + jdbcUrl(server, "restored"),
					"--epigrid.db.user=postgres", "--epigrid.db.password=postgres", "--epigrid.restore=" + file);

			assertThat(status).isZero();
			PGSimpleDataSource restored = dataSource(server, "restored");
			JdbcClient restoredDb = JdbcClient.create(restored);
			assertThat(
					restoredDb.sql("SELECT max(version::int) FROM flyway_schema_history").query(Integer.class).single())
				.isEqualTo(20);
			assertThat(DatabaseFingerprint.of(restoredDb)).isEqualTo(atBackup);
			// the upgrade: what the platform's next start does
			Flyway.configure().dataSource(restored).locations("classpath:db/migration").load().migrate();
			assertThat(restoredDb.sql("SELECT name FROM person WHERE document_number = 'OLD-1'")
				.query(String.class)
				.single()).isEqualTo("旧版本");
			assertThat(restoredDb.sql("SELECT count(*) FROM venue_policy").query(Long.class).single()).isEqualTo(3);
		}
	}

	private static PGSimpleDataSource dataSource(EmbeddedPostgres server, String database) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(jdbcUrl(server, database));
		dataSource.setUser("postgres");
		dataSource.setPassword("postgres");
		return dataSource;
	}

	private static String jdbcUrl(EmbeddedPostgres server, String database) {
		return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
	}

}
