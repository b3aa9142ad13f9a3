package org.epigrid.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.epigrid.support.Api;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backups are taken on the schedule ({@code epigrid.backup.cron}, here every second) and
 * only the newest {@code epigrid.backup.keep} stay; the API says when the next one is
 * due.
 */
@IntegrationTest
@TestPropertySource(
		properties = { "epigrid.backup.enabled=true", "epigrid.backup.cron=* * * * * *", "epigrid.backup.keep=1" })
// the schedule would keep backing up in a cached context
@DirtiesContext
class ScheduledBackupIntegrationTests {

	@LocalServerPort
	int port;

	@Value("${epigrid.home}")
	Path home;

	@Test
	void backupsAreTakenOnTheScheduleAndOnlyTheNewestIsKept() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);

		String first = await().atMost(Duration.ofSeconds(60))
			.until(() -> backups().stream().findFirst().orElse(null), (name) -> name != null);

		// a later one replaced it: one file, not the first
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			List<String> now = backups();
			return now.size() == 1 && !now.get(0).equals(first);
		});
		JsonNode overview = api.get(admin, "/api/v1/admin/backups").json();
		assertThat(overview.get("scheduled").asBoolean()).isTrue();
		assertThat(overview.get("cron").asString()).isEqualTo("* * * * * *");
		Instant next = Instant.parse(overview.get("nextAt").asString());
		assertThat(Duration.between(Instant.now(), next)).isBetween(Duration.ofSeconds(-1), Duration.ofSeconds(2));
	}

	private List<String> backups() {
		Path folder = this.home.resolve("backups");
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(folder)) {
			return files.map((p) -> p.getFileName().toString()).filter((n) -> n.endsWith(".zip")).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
