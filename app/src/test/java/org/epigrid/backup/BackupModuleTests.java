package org.epigrid.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.epigrid.support.FreshDataFolder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The backup module alone (with {@code shared}, its only dependency: the database and its
 * migrations), no other module started: it backs up every table of the schema without
 * knowing any of them — here one that no module has.
 */
@ApplicationModuleTest(mode = BootstrapMode.STANDALONE, extraIncludes = "shared", webEnvironment = WebEnvironment.NONE)
@TestPropertySource(properties = { "epigrid.db.embedded-shared-buffers=32MB", "epigrid.db.pool-size=4",
		"epigrid.backup.enabled=false" })
@ContextConfiguration(initializers = FreshDataFolder.class)
class BackupModuleTests {

	private final BackupManagement backups;

	private final JdbcClient jdbc;

	BackupModuleTests(BackupManagement backups, JdbcClient jdbc) {
		this.backups = backups;
		this.jdbc = jdbc;
	}

	@Test
	void backsUpEveryTableOfTheSchemaWithoutKnowingThem() throws Exception {
		this.jdbc.sql("CREATE TABLE backup_module_test_note (id bigint PRIMARY KEY, note text NOT NULL)").update();
		this.jdbc.sql("INSERT INTO backup_module_test_note VALUES (1, '一'), (2, '二'), (3, '三')").update();
		long tables = this.jdbc.sql("""
				SELECT count(*) FROM pg_class
				WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p')
				  AND NOT relispartition AND relname <> 'flyway_schema_history'
				""").query(Long.class).single();
		long rows = this.jdbc.sql("SELECT count(*) FROM backup_module_test_note").query(Long.class).single();

		Backup backup = this.backups.backUpNow();

		assertThat(backup.tables()).isEqualTo(tables).isGreaterThan(30);
		assertThat(backup.rows()).isGreaterThanOrEqualTo(rows);
		assertThat(backup.schemaVersion()).isNotBlank();
		BackupOverview overview = this.backups.overview();
		assertThat(overview.backups()).extracting(Backup::name).contains(backup.name());
		assertThat(overview.last().name()).isEqualTo(backup.name());
		Path file = Path.of(overview.folder()).resolve(backup.name());
		assertThat(Files.size(file)).isEqualTo(backup.sizeBytes());
		// personal data: readable by the platform's owner only
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

}
