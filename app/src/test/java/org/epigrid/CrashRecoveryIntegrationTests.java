package org.epigrid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.epigrid.support.FreshDataFolder;
import org.epigrid.support.PlatformProcess;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After any crash of the platform the next start comes up on its own with every row: real
 * platforms in their own JVMs on one data folder, killed with {@code kill -9} between the
 * starts.
 */
class CrashRecoveryIntegrationTests {

	@Test
	void theNextStartAfterEveryKindOfCrashComesUpWithTheData() throws Exception {
		Path home = FreshDataFolder.newFolder();
		try {
			crashAndStartAgain(home);
		}
		finally {
			PlatformProcess.stopServerLeftIn(home);
		}
	}

	private static void crashAndStartAgain(Path home) throws Exception {
		long persons;

		// kill -9 of the platform: its watchdog stops the embedded server
		long firstServer;
		try (PlatformProcess first = PlatformProcess.start(home)) {
			JdbcClient db = PlatformProcess.database(home);
			db.sql("""
					INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at, updated_at)
					VALUES ('崩溃测试', 'OTHER', 'CRASH-TEST-1', 'UNKNOWN', '/', 'OVERSEAS', now(), now())
					""")
				.update();
			persons = count(db, "person");
			firstServer = PlatformProcess.postmasterPid(home);
			assertThat(first.watchdog()).isPresent();
			first.kill();
		}
		await("the killed platform's server ends").atMost(Duration.ofMinutes(1)).until(() -> !alive(firstServer));

		// kill -9 of the platform and of its watchdog: the server stays, the next start
		// stops it
		long secondServer;
		try (PlatformProcess second = PlatformProcess.start(home)) {
			assertThat(count(PlatformProcess.database(home), "person")).isEqualTo(persons);
			secondServer = PlatformProcess.postmasterPid(home);
			PlatformProcess.killAndWait(second.watchdog().orElseThrow());
			second.kill();
		}
		assertThat(alive(secondServer)).as("the server of the killed platform still runs").isTrue();

		// a power cut: every process ends at once, postmaster.pid stays behind, and after
		// the reboot its process id belongs to another program
		try (PlatformProcess third = PlatformProcess.start(home)) {
			assertThat(alive(secondServer)).as("the server left running was stopped").isFalse();
			JdbcClient db = PlatformProcess.database(home);
			assertThat(count(db, "person")).isEqualTo(persons);
			long thirdServer = PlatformProcess.postmasterPid(home);
			assertThat(thirdServer).isNotEqualTo(secondServer);
			List<ProcessHandle> all = new ArrayList<>();
			third.watchdog().ifPresent(all::add);
			all.add(third.handle());
			ProcessHandle server = ProcessHandle.of(thirdServer).orElseThrow();
			all.add(server);
			server.descendants().forEach(all::add);
			all.forEach(ProcessHandle::destroyForcibly);
			await().atMost(Duration.ofMinutes(1)).until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
		}
		Path pidFile = home.resolve("postgres").resolve("postmaster.pid");
		List<String> lines = new ArrayList<>(Files.readAllLines(pidFile));
		// this test's JVM: alive, and not a PostgreSQL server
		lines.set(0, Long.toString(ProcessHandle.current().pid()));
		Files.write(pidFile, lines);

		try (PlatformProcess fourth = PlatformProcess.start(home)) {
			JdbcClient db = PlatformProcess.database(home);
			assertThat(count(db, "person")).isEqualTo(persons);
			assertThat(db.sql("SELECT name FROM person WHERE document_number = 'CRASH-TEST-1'")
				.query(String.class)
				.single()).isEqualTo("崩溃测试");
			assertThat(count(db, "demo_load")).isEqualTo(1);
			long fourthServer = PlatformProcess.postmasterPid(home);
			fourth.stop();
			await("a graceful stop stops the server").atMost(Duration.ofMinutes(1)).until(() -> !alive(fourthServer));
		}
	}

	private static boolean alive(long pid) {
		Optional<ProcessHandle> process = ProcessHandle.of(pid);
		return process.isPresent() && process.get().isAlive();
	}

	private static long count(JdbcClient db, String table) {
		return db.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

}
