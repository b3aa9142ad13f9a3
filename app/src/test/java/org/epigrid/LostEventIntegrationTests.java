package org.epigrid;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.FreshDataFolder;
import org.epigrid.support.PlatformProcess;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event whose publisher committed is handled even if the platform dies before its
 * listener finishes: the outbox (Spring Modulith's event publication registry) keeps the
 * publication until the listener completes and hands it to the listener again after the
 * restart. Shown on a real cross-module fact: an import (datahub) is announced
 * ({@code RecordsImported}) and information completion fills the new persons' addresses
 * into the population base. The listener is held by a lock this test takes on
 * {@code person_completion} (no test hook), then the platform is killed with
 * {@code kill -9}.
 */
class LostEventIntegrationTests {

	private static final String LISTENER = "%InformationCompletion%";

	@Test
	void anEventWhoseListenerWasKilledIsHandledOnceAfterTheRestart() throws Exception {
		Path home = FreshDataFolder.newFolder();
		try {
			killBetweenPublicationAndListener(home);
		}
		finally {
			PlatformProcess.stopServerLeftIn(home);
		}
	}

	private static void killBetweenPublicationAndListener(Path home) throws Exception {
		List<String> newcomers = List.of(TestIds.valid(), TestIds.valid(), TestIds.valid());
		StringBuilder csv = new StringBuilder("姓名,身份证号,联系电话,现住址,登记日期\n");
		for (int i = 0; i < newcomers.size(); i++) {
			csv.append("新来者")
				.append(i)
				.append(',')
				.append(newcomers.get(i))
				.append(",1390000010")
				.append(i)
				.append(",幸福路")
				.append(i + 1)
				.append("号,2026-01-05\n");
		}
		long id;
		String publication;
		try (PlatformProcess first = PlatformProcess.start(home)) {
			JdbcClient db = PlatformProcess.database(home);
			Connection blocker = PlatformProcess.connect(home);
			blocker.setAutoCommit(false);
			try (Statement s = blocker.createStatement()) {
				s.execute("LOCK TABLE person_completion IN ACCESS EXCLUSIVE MODE");
			}
			Api api = first.api();
			String admin = api.token("admin", PlatformProcess.ADMIN_PASSWORD);
			Response upload = api.upload(admin, "/api/v1/imports", Map.of("source", "police-floating"), "floating.csv",
					csv.toString().getBytes(StandardCharsets.UTF_8));
			assertThat(upload.status()).as(upload.body()).isEqualTo(202);
			id = upload.json().get("id").asLong();
			// the import committed (and with it the publication); its listener waits
			await("the listener is waiting").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> db.sql("""
						SELECT count(*) FROM pg_locks WHERE relation = 'person_completion'::regclass AND NOT granted
						""").query(Long.class).single() > 0);
			assertThat(api.get(admin, "/api/v1/imports/" + id).json().get("state").asString()).isEqualTo("COMPLETED");
			publication = db.sql("""
					SELECT CAST(id AS text) FROM event_publication
					WHERE listener_id LIKE :listener AND serialized_event LIKE :job AND completion_date IS NULL
					""")
				.param("listener", LISTENER)
				.param("job", "%\"importId\":" + id + ",%")
				.query(String.class)
				.single();

			first.kill();
			try {
				blocker.close();
			}
			catch (SQLException ex) {
				// its server has gone with the platform
			}
			assertThat(first.log()).doesNotContain("Import " + id + ": ");
		}

		try (PlatformProcess second = PlatformProcess.start(home)) {
			JdbcClient db = PlatformProcess.database(home);
			await("the publication is completed").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> db
					.sql("SELECT completion_date IS NOT NULL FROM event_publication WHERE CAST(id AS text) = :id")
					.param("id", publication)
					.query(Boolean.class)
					.single());
			// one publication of the event for the listener, completed; nothing else open
			assertThat(
					db.sql("""
							SELECT count(*) FROM event_publication WHERE listener_id LIKE :listener AND serialized_event LIKE :job
							""")
						.param("listener", LISTENER)
						.param("job", "%\"importId\":" + id + ",%")
						.query(Long.class)
						.single())
				.isEqualTo(1);
			await("nothing else left open").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> db.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
					.query(Long.class)
					.single() == 0);
			// the listener's work is there, once per person
			assertThat(db.sql("""
					SELECT p.document_number FROM person_completion c JOIN person p ON p.id = c.person_id
					WHERE c.field = 'address' AND c.source = 'police-floating'
					""").query(String.class).list()).containsExactlyInAnyOrderElementsOf(newcomers);
			// and it ran once: its report is in the log of the second run only, once
			Matcher reports = Pattern.compile("Import " + id + ": \\d+ fields of persons completed")
				.matcher(second.log());
			assertThat(reports.results().count()).isEqualTo(1);
		}
	}

}
