package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Properties;

import org.epigrid.shared.IdNumber;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.FreshDataFolder;
import org.epigrid.support.PlatformProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An import cut short in the middle of its run, by {@code kill -9} or by a stop, is done
 * again at the next start, exactly: every row read once, accepted or rejected, no record
 * and no new person twice; another instance starting on the same database leaves a job
 * that is running alone. Real platforms in their own JVMs; the job is held in the middle
 * of its run by a lock this test takes on the table of rejected rows (no test hook).
 */
class ImportCrashRecoveryIntegrationTests {

	/**
	 * Rows with an ID number nobody registered: each makes one new (provisional) person.
	 */
	private static final int WITH_ID_NUMBER_EVERY = 10;

	/**
	 * The first rejected row: the job writes 4 batches of 10,000 records in its
	 * transaction, and reports 40,000 rows read, before it stores its first rejects.
	 */
	private static final int FIRST_BAD_ROW = 45_000;

	@Test
	void anImportKilledMidRunIsDoneAgainExactlyAfterTheRestart() throws Exception {
		Path home = FreshDataFolder.newFolder();
		try {
			RoamingList list = RoamingList.of(200_000);
			long id;
			long personsBefore;
			try (PlatformProcess first = PlatformProcess.start(home)) {
				personsBefore = PlatformProcess.database(home)
					.sql("SELECT count(*) FROM person")
					.query(Long.class)
					.single();
				Connection blocker = blockRejects(home);
				id = upload(first.api(), list);
				awaitHeld(home, first.api(), id);

				first.kill();
				closeQuietly(blocker);
			}
			try (PlatformProcess second = PlatformProcess.start(home)) {
				assertDoneExactly(home, second.api(), id, list, personsBefore);
			}
		}
		finally {
			PlatformProcess.stopServerLeftIn(home);
		}
	}

	@Test
	void anotherInstanceLeavesARunningJobAloneAndAStopDoesNotFailIt() throws Exception {
		Path home = FreshDataFolder.newFolder();
		try {
			RoamingList list = RoamingList.of(60_000);
			long id;
			long personsBefore;
			try (PlatformProcess first = PlatformProcess.start(home)) {
				JdbcClient db = PlatformProcess.database(home);
				personsBefore = db.sql("SELECT count(*) FROM person").query(Long.class).single();
				Connection blocker = blockRejects(home);
				id = upload(first.api(), list);
				awaitHeld(home, first.api(), id);
				Timestamp started = db.sql("SELECT started_at FROM import_job WHERE id = :id")
					.param("id", id)
					.query(Timestamp.class)
					.single();

				// a second instance on the same database: its start-up resumes cut-short
				// jobs, but not one that the first instance is running
				Properties passwords = PlatformProcess.passwords(home);
				int port = db.sql("SELECT current_setting('port')").query(Integer.class).single();
				try (PlatformProcess second = PlatformProcess.start(FreshDataFolder.newFolder(),
						"--epigrid.db.url=jdbc:postgresql://127.0.0.1:" + port + "/epigrid",
						"--epigrid.db.user=epigrid", "--epigrid.db.password=" + passwords.getProperty("epigrid"),
						"--epigrid.demo.enabled=false")) {
					assertThat(db.sql("SELECT state, started_at FROM import_job WHERE id = :id")
						.param("id", id)
						.query((rs, i) -> rs.getString(1) + " " + rs.getTimestamp(2))
						.single()).isEqualTo("RUNNING " + started);
					second.stop();
				}

				// a graceful stop cuts the job short; it is not a failure of the file
				first.stop();
				closeQuietly(blocker);
			}
			try (PlatformProcess again = PlatformProcess.start(home)) {
				assertDoneExactly(home, again.api(), id, list, personsBefore);
			}
		}
		finally {
			PlatformProcess.stopServerLeftIn(home);
		}
	}

	/**
	 * Holds the next job in the middle of its run: it waits when it stores its first
	 * rejected rows, in its transaction with 40,000 records written.
	 */
	private static Connection blockRejects(Path home) throws SQLException {
		Connection blocker = PlatformProcess.connect(home);
		blocker.setAutoCommit(false);
		try (Statement s = blocker.createStatement()) {
			s.execute("LOCK TABLE import_rejected_row IN SHARE MODE");
		}
		return blocker;
	}

	private static long upload(Api api, RoamingList list) {
		String admin = api.token("admin", PlatformProcess.ADMIN_PASSWORD);
		Response upload = api.upload(admin, "/api/v1/imports", Map.of("source", "telecom-roaming"), "roaming.csv",
				list.csv().getBytes(StandardCharsets.UTF_8));
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		return upload.json().get("id").asLong();
	}

	private static void awaitHeld(Path home, Api api, long id) {
		JdbcClient db = PlatformProcess.database(home);
		await("the job waits for the lock in the middle of its run").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> db.sql("""
					SELECT count(*) FROM pg_locks WHERE relation = 'import_rejected_row'::regclass AND NOT granted
					""").query(Long.class).single() > 0);
		JsonNode running = api.get(api.token("admin", PlatformProcess.ADMIN_PASSWORD), "/api/v1/imports/" + id).json();
		assertThat(running.get("state").asString()).isEqualTo("RUNNING");
		// mid-run: progress committed, the job's records not
		assertThat(running.get("rowsRead").asLong()).isPositive().isLessThan(FIRST_BAD_ROW);
	}

	private static void assertDoneExactly(Path home, Api api, long id, RoamingList list, long personsBefore) {
		String admin = api.token("admin", PlatformProcess.ADMIN_PASSWORD);
		await("the job was done again").atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> api.get(admin, "/api/v1/imports/" + id).json().get("state").asString(),
					state -> state.equals("COMPLETED") || state.equals("FAILED"));
		JsonNode job = api.get(admin, "/api/v1/imports/" + id).json();
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.get("rowsRead").asLong()).isEqualTo(list.rows());
		assertThat(job.get("rowsRejected").asLong()).isEqualTo(list.bad());
		assertThat(job.get("rowsAccepted").asLong()).isEqualTo(list.rows() - list.bad());

		JdbcClient db = PlatformProcess.database(home);
		assertThat(db.sql("SELECT count(*) FROM import_job").query(Long.class).single()).isEqualTo(1);
		assertThat(db.sql("SELECT count(*), count(DISTINCT row_number) FROM source_record WHERE job_id = :id")
			.param("id", id)
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single()).containsExactly(list.rows() - list.bad(), list.rows() - list.bad());
		assertThat(db.sql("SELECT count(*), count(DISTINCT row_number) FROM import_rejected_row WHERE job_id = :id")
			.param("id", id)
			.query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single()).containsExactly(list.bad(), list.bad());
		// one new person per accepted new ID number, none twice
		assertThat(db.sql("""
				SELECT count(*), count(DISTINCT document_number) FROM person WHERE document_number LIKE '320599%'
				""").query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }).single())
			.containsExactly(list.newPersons(), list.newPersons());
		assertThat(db.sql("SELECT count(*) FROM person").query(Long.class).single())
			.isEqualTo(personsBefore + list.newPersons());
		// announced once to each listener
		assertThat(db.sql("""
				SELECT count(*) FROM event_publication
				WHERE event_type LIKE '%RecordsImported' AND serialized_event LIKE :job
				GROUP BY listener_id
				""").param("job", "%\"importId\":" + id + ",%").query(Long.class).list()).isNotEmpty().containsOnly(1L);
	}

	private static void closeQuietly(Connection connection) {
		try {
			connection.close();
		}
		catch (SQLException ex) {
			// its server has gone with the platform
		}
	}

	/**
	 * A telecom operator's list of roaming visitors: name, phone, origin and arrival;
	 * every 10th row with an ID number nobody registered; from row 45,000 every 1,000th
	 * phone one digit short (rejected).
	 */
	record RoamingList(String csv, long rows, long bad, long newPersons) {

		static RoamingList of(int rows) {
			StringBuilder csv = new StringBuilder("姓名,身份证号,手机号码,来源地,到达时间\n");
			long bad = 0;
			long newPersons = 0;
			for (int r = 1; r <= rows; r++) {
				boolean wrongPhone = r >= FIRST_BAD_ROW && r % 1000 == 0;
				boolean idNumber = r % WITH_ID_NUMBER_EVERY == 0;
				bad += wrongPhone ? 1 : 0;
				newPersons += (idNumber && !wrongPhone) ? 1 : 0;
				csv.append("来访")
					.append(r)
					.append(',')
					.append(idNumber ? idNumber(r / WITH_ID_NUMBER_EVERY) : "")
					.append(',')
					.append(wrongPhone ? "1390000000" : Long.toString(17000000000L + r))
					.append(",武汉,2026-01-10 08:")
					.append(String.format("%02d", r % 60))
					.append('\n');
			}
			return new RoamingList(csv.toString(), rows, bad, newPersons);
		}

		/** The n-th valid ID number under a region code the demo town never issues. */
		private static String idNumber(int n) {
			LocalDate born = LocalDate.of(1980, 1, 1).plusDays(n / 1000);
			String first17 = "320599" + born.toString().replace("-", "") + String.format("%03d", n % 1000);
			return first17 + IdNumber.checkCharacter(first17);
		}

	}

}
