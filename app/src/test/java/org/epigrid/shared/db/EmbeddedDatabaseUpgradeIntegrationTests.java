package org.epigrid.shared.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.EpiGridApplication;
import org.epigrid.support.FreshDataFolder;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A data folder of an earlier version (every local user trusted, the data in the database
 * {@code postgres} owned by the superuser) is upgraded in place at its next start and
 * keeps every row.
 */
class EmbeddedDatabaseUpgradeIntegrationTests {

	@Test
	void anEarlierTrustingFolderIsUpgradedInPlaceKeepingItsRows() throws Exception {
		Path home = FreshDataFolder.newFolder();
		Path data = home.resolve("postgres");
		long persons;
		int migrations;
		// made as earlier versions made it
		try (EmbeddedPostgres earlier = EmbeddedPostgres.builder()
			.setDataDirectory(data)
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.setLocaleConfig("encoding", "UTF8")
			.setLocaleConfig("locale", "C.UTF-8")
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("listen_addresses", "127.0.0.1")
			.start()) {
			Flyway.configure()
				.dataSource(earlier.getPostgresDatabase())
				.locations("classpath:db/migration")
				.load()
				.migrate();
			JdbcClient jdbc = JdbcClient.create(earlier.getPostgresDatabase());
			jdbc.sql(
					"""
							INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at, updated_at)
							VALUES ('升级测试', 'OTHER', 'UPGRADE-TEST-1', 'UNKNOWN', '/', 'OVERSEAS', now(), now())
							""")
				.update();
			persons = jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
			migrations = jdbc.sql("SELECT count(*) FROM flyway_schema_history").query(Integer.class).single();
			assertThat(jdbc.sql("SELECT tableowner FROM pg_tables WHERE tablename = 'person'")
				.query(String.class)
				.single()).isEqualTo("postgres");
		}
		assertThat(Files.readAllLines(data.resolve("pg_hba.conf")))
			.anyMatch(EmbeddedDatabaseSecurityIntegrationTests::trusts);

		try (ConfigurableApplicationContext app = start(home)) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			assertThat(jdbc.sql("SELECT current_user || ' ' || current_database()").query(String.class).single())
				.isEqualTo("epigrid epigrid");
			assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
				.query(Boolean.class)
				.single()).isFalse();
			assertThat(jdbc.sql("SELECT count(*) FROM person").query(Long.class).single()).isEqualTo(persons);
			assertThat(jdbc.sql("SELECT name FROM person WHERE document_number = 'UPGRADE-TEST-1'")
				.query(String.class)
				.single()).isEqualTo("升级测试");
			assertThat(jdbc.sql("SELECT count(*) FROM flyway_schema_history").query(Integer.class).single())
				.isGreaterThanOrEqualTo(migrations);
			assertThat(jdbc.sql("""
					SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
					WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm')
					  AND pg_get_userbyid(c.relowner) <> 'epigrid'
					""").query(Long.class).single()).isZero();
			assertThat(jdbc.sql("""
					SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
					WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> 'epigrid'
					  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')
					""").query(Long.class).single()).isZero();
			// the platform writes as the new owner: the first start created its admin
			assertThat(jdbc.sql("SELECT count(*) FROM app_user WHERE username = 'admin'").query(Long.class).single())
				.isEqualTo(1);

			assertThat(Files.readAllLines(data.resolve("pg_hba.conf")))
				.noneMatch(EmbeddedDatabaseSecurityIntegrationTests::trusts);
			int port = Integer.parseInt(jdbc.sql("SELECT current_setting('port')").query(String.class).single());
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> EmbeddedDatabaseSecurityIntegrationTests.connect(port, "postgres", null).close());
		}

		try (ConfigurableApplicationContext again = start(home)) {
			JdbcClient jdbc = again.getBean(JdbcClient.class);
			assertThat(jdbc.sql("SELECT count(*) FROM person").query(Long.class).single()).isEqualTo(persons);
		}
	}

	private static ConfigurableApplicationContext start(Path home) {
		return new SpringApplicationBuilder(EpiGridApplication.class).run("--epigrid.home=" + home, "--server.port=0",
				"--server.address=127.0.0.1", "--epigrid.demo.enabled=false",
				"--EPIGRID_ADMIN_PASSWORD=upgrade-test-password", "--epigrid.db.embedded-shared-buffers=32MB");
	}

}
