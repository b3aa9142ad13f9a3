package org.epigrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.support.FreshDataFolder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code EPIGRID_DB_URL} set, the platform uses that server: it migrates the schema
 * there, starts no embedded server of its own, and (demo {@code auto}) loads no demo town
 * into it.
 */
class ExternalDatabaseIntegrationTests {

	@Test
	void usesTheConfiguredServerAndStartsNoEmbeddedOne() throws Exception {
		Path home = FreshDataFolder.newFolder();
		Path serverDir = FreshDataFolder.newFolder();
		try (EmbeddedPostgres external = EmbeddedPostgres.builder()
			.setDataDirectory(serverDir)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.start()) {
			JdbcClient.create(external.getPostgresDatabase()).sql("CREATE DATABASE epigrid_ext").update();
			String url = "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/epigrid_ext";
			// arguments, not builder properties: those are defaults that
			// application.properties overrides
			try (ConfigurableApplicationContext app = new SpringApplicationBuilder(EpiGridApplication.class).run(
					"--epigrid.home=" + home, "--epigrid.db.url=" + url, "--epigrid.db.user=postgres",
					"--epigrid.db.password=postgres", "--server.port=0", "--server.address=127.0.0.1",
					"--EPIGRID_ADMIN_PASSWORD=external-db-password")) {
				JdbcClient appDb = app.getBean(JdbcClient.class);
				assertThat(appDb.sql("SELECT current_database()").query(String.class).single())
					.isEqualTo("epigrid_ext");
				assertThat(appDb.sql("SELECT count(*) FROM person").query(Long.class).single()).isZero();
				assertThat(
						appDb.sql("SELECT count(*) FROM app_user WHERE username = 'admin'").query(Long.class).single())
					.isEqualTo(1);
			}
			assertThat(Files.exists(home.resolve("postgres").resolve("PG_VERSION"))).isFalse();
		}
	}

}
