package org.epigrid;

import java.nio.file.Path;

import org.epigrid.support.FreshDataFolder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping and starting the platform keeps every row in the embedded data folder, and the
 * demo town is loaded only on the first start.
 */
class RestartIntegrationTests {

	@Test
	void restartKeepsDataAndDoesNotLoadTheDemoTwice() {
		Path home = FreshDataFolder.newFolder();
		long persons;
		long registered;
		long users;
		try (ConfigurableApplicationContext first = start(home)) {
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			persons = count(jdbc, "person");
			assertThat(persons).isPositive();
			assertThat(count(jdbc, "demo_load")).isEqualTo(1);
			users = count(jdbc, "app_user");
			jdbc.sql(
					"""
							INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at, updated_at)
							VALUES ('重启测试', 'OTHER', 'RESTART-TEST-1', 'UNKNOWN', '/', 'OVERSEAS', now(), now())
							""")
				.update();
			registered = count(jdbc, "person");
			assertThat(registered).isEqualTo(persons + 1);
		}
		assertThat(home.resolve("postgres").resolve("PG_VERSION")).exists();
		try (ConfigurableApplicationContext second = start(home)) {
			JdbcClient jdbc = second.getBean(JdbcClient.class);
			assertThat(count(jdbc, "person")).isEqualTo(registered);
			assertThat(count(jdbc, "demo_load")).isEqualTo(1);
			assertThat(count(jdbc, "app_user")).isEqualTo(users);
			assertThat(jdbc.sql("SELECT name FROM person WHERE document_number = 'RESTART-TEST-1'")
				.query(String.class)
				.single()).isEqualTo("重启测试");
		}
	}

	private static ConfigurableApplicationContext start(Path home) {
		// arguments, not builder properties: those are defaults that
		// application.properties overrides
		return new SpringApplicationBuilder(EpiGridApplication.class).run("--epigrid.home=" + home, "--server.port=0",
				"--server.address=127.0.0.1", "--epigrid.demo.enabled=true", "--epigrid.demo.grids=3",
				"--EPIGRID_ADMIN_PASSWORD=restart-test-password", "--epigrid.db.embedded-shared-buffers=32MB");
	}

	private static long count(JdbcClient jdbc, String table) {
		return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
