package org.epigrid.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import java.util.stream.Stream;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.EpiGridApplication;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.DatabaseFingerprint;
import org.epigrid.support.FreshDataFolder;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backup taken over the API while the platform runs, restored with the restore command
 * ({@code ./epigrid restore FILE} = the jar with {@code --epigrid.restore=FILE}): every
 * table comes back with the same rows (count and checksum of contents, found
 * independently of the backup code), partitions included, and the sequences continue
 * after the restored rows. The restore refuses to run on a data folder that a platform is
 * using, and refuses a backup of a newer schema or a damaged one without touching the
 * database.
 */
class BackupRestoreIntegrationTests {

	private static final String ADMIN_PASSWORD = "backup-test-password";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The platform whose backup the tests restore; it keeps running. */
	private static ConfigurableApplicationContext source;

	private static Path sourceHome;

	private static Path backup;

	/** What the source database held when the backup was taken. */
	private static Map<String, String> atBackup;

	@BeforeAll
	static void takeABackupOfARunningPlatform() {
		sourceHome = FreshDataFolder.newFolder();
		source = start(sourceHome, 3);
		JdbcClient jdbc = source.getBean(JdbcClient.class);
		// the day partitions of check-ins are made just after the start
		await().atMost(Duration.ofSeconds(60))
			.until(() -> jdbc.sql("SELECT count(*) FROM pg_inherits WHERE inhparent = 'check_in'::regclass")
				.query(Long.class)
				.single() >= 3);
		awaitQuiet(jdbc);
		// rows of several kinds: a partitioned table (two day partitions), arrays,
		// numerics,
		// NULLs, text that needs quoting, an identity column GENERATED ALWAYS
		long venue = jdbc.sql("SELECT min(id) FROM venue").query(Long.class).single();
		long person = jdbc.sql("SELECT min(id) FROM person").query(Long.class).single();
		jdbc.sql("""
				INSERT INTO check_in (checked_at, venue_id, person_id, colour, star, allowed, via)
				VALUES (now(), :venue, :person, 0, false, true, 'PROXY'),
				       (now() + interval '1 day', :venue, :person, 2, true, false, 'GATE')
				""").param("venue", venue).param("person", person).update();
		jdbc.sql("""
				INSERT INTO checkpoint_pass (passed_at, device_id, compound_path, person_id, direction, temperature,
				                             mask, result, allowed, reasons)
				VALUES (now(), 1, '/32/', NULL, 'IN', 37.5, false, 'RED', false, ARRAY['FEVER', 'NO_MASK'])
				""").update();
		jdbc.sql("""
				INSERT INTO person (name, document_type, document_number, sex, path, population_type, hukou_place,
				                    tags, created_at, updated_at)
				VALUES (:name, 'OTHER', 'BACKUP-TEST-1', 'UNKNOWN', '/', 'OVERSEAS', :place, ARRAY['a"b', 'c,d'],
				        now(), now())
				""").param("name", "O'Brien \"引号\" \\ 😀").param("place", "第一行\n第二行\ttab").update();
		Api api = api(source);
		String admin = api.token("admin", ADMIN_PASSWORD);
		atBackup = DatabaseFingerprint.of(jdbc);

		Response taken = api.post(admin, "/api/v1/admin/backups", "");

		assertThat(taken.status()).as(taken.body()).isEqualTo(201);
		backup = sourceHome.resolve("backups").resolve(taken.json().get("name").asString());
		assertThat(backup).exists();
		assertThat(taken.json().get("rows").asLong()).isEqualTo(DatabaseFingerprint.rows(atBackup));
		assertThat(taken.json().get("sizeBytes").asLong()).isEqualTo(size(backup));
	}

	@AfterAll
	static void stopThePlatform() {
		if (source != null) {
			source.close();
		}
	}

	@Test
	void theBackupFileIsReadableByItsOwnerOnly() throws IOException {
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void restoresEveryRowIntoANewDataFolderAndNewRowsGetNewNumbers() {
		Path home = FreshDataFolder.newFolder();

		assertThat(restore(home, backup)).isZero();

		// nothing to save before: the new folder's database was empty
		assertThat(home.resolve("backups")).doesNotExist();
		try (ConfigurableApplicationContext restored = start(home, 3)) {
			JdbcClient jdbc = restored.getBean(JdbcClient.class);
			assertThat(DatabaseFingerprint.of(jdbc)).isEqualTo(atBackup);
			assertThat(DatabaseFingerprint.sequencesBehind(jdbc)).isEmpty();
			long largest = jdbc.sql("SELECT max(id) FROM person").query(Long.class).single();
			Api api = api(restored);
			String admin = api.token("admin", ADMIN_PASSWORD);
			Response registered = api.post(admin, "/api/v1/persons", "{\"name\":\"恢复后新登记\",\"idNumber\":\""
					+ TestIds.valid() + "\",\"householdId\":" + household(jdbc) + "}");
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			assertThat(registered.json().get("id").asLong()).isGreaterThan(largest);
			// an identity GENERATED ALWAYS table continues as well
			jdbc.sql("""
					INSERT INTO checkpoint_pass (passed_at, device_id, compound_path, direction, temperature, mask,
					                             result, allowed, reasons)
					VALUES (now(), 1, '/32/', 'OUT', 36.5, true, 'GREEN', true, '{}')
					""").update();
		}
	}

	@Test
	void restoreReplacesWhatAStoppedPlatformHeldAndSavesThatFirst() throws IOException {
		Path home = FreshDataFolder.newFolder();
		Map<String, String> before;
		// another town (2 grids) and a row of its own
		try (ConfigurableApplicationContext other = start(home, 2)) {
			JdbcClient jdbc = other.getBean(JdbcClient.class);
			jdbc.sql("""
					INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at,
					                    updated_at)
					VALUES ('恢复前', 'OTHER', 'BEFORE-RESTORE-1', 'UNKNOWN', '/', 'OVERSEAS', now(), now())
					""").update();
			awaitQuiet(jdbc);
			before = DatabaseFingerprint.of(jdbc);
		}
		assertThat(before).isNotEqualTo(atBackup);

		assertThat(restore(home, backup)).isZero();

		try (ConfigurableApplicationContext restored = start(home, 2)) {
			JdbcClient jdbc = restored.getBean(JdbcClient.class);
			assertThat(DatabaseFingerprint.of(jdbc)).isEqualTo(atBackup);
			assertThat(jdbc.sql("SELECT count(*) FROM person WHERE document_number = 'BEFORE-RESTORE-1'")
				.query(Long.class)
				.single()).isZero();
			assertThat(jdbc.sql("SELECT count(*) FROM demo_load").query(Long.class).single()).isEqualTo(1);
		}
		// what the folder held is in a backup of its own, owner-only, with the row it had
		try (Stream<Path> files = Files.list(home.resolve("backups"))) {
			List<Path> saved = files.toList();
			assertThat(saved).hasSize(1);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(saved.get(0))))
				.isEqualTo("rw-------");
			JsonNode person = null;
			for (JsonNode table : JSON.readTree(manifest(saved.get(0))).get("tables")) {
				if (table.get("name").asString().equals("person")) {
					person = table;
				}
			}
			assertThat(person).isNotNull();
			assertThat(person.get("rows").asString()).isEqualTo(before.get("person").split(":")[0]);
		}
	}

	@Test
	void refusesToRestoreIntoADataFolderAPlatformIsUsing() throws Exception {
		// in this JVM
		assertThat(restore(sourceHome, backup)).isEqualTo(2);
		// from another process, as ./epigrid restore would
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), EpiGridApplication.class.getName(),
				"--epigrid.home=" + sourceHome, "--epigrid.restore=" + backup)
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isEqualTo(2);
		assertThat(output).contains("Restore refused").contains("in use by a running EpiGrid");
		// the running platform did not notice
		JdbcClient jdbc = source.getBean(JdbcClient.class);
		assertThat(jdbc.sql("SELECT count(*) FROM person WHERE document_number = 'BACKUP-TEST-1'")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void refusesABackupOfANewerSchemaOrADamagedOneWithoutTouchingTheDatabase() throws IOException {
		Path home = FreshDataFolder.newFolder();
		Path newer = rewrite(backup, home.resolve("newer.zip"),
				(name, bytes) -> name.equals("manifest.json") ? new String(bytes, StandardCharsets.UTF_8)
					.replaceFirst("\"schemaVersion\" : \"[0-9.]+\"", "\"schemaVersion\" : \"999\"")
					.getBytes(StandardCharsets.UTF_8) : bytes);
		Path damaged = rewrite(backup, home.resolve("damaged.zip"), (name, bytes) -> {
			if (name.contains("-person.")) {
				bytes[bytes.length / 2] ^= 0x01;
			}
			return bytes;
		});

		assertThat(restoreWithMessage(home, newer)).startsWith("2 ").contains("newer EpiGrid").contains("999");
		assertThat(restoreWithMessage(home, damaged)).startsWith("2 ").contains("person").contains("damaged");

		// the database was never touched: a real restore finds it empty (nothing to save
		// first)
		assertThat(restore(home, backup)).isZero();
		assertThat(home.resolve("backups")).doesNotExist();
	}

	@Test
	void restoresIntoAnExternalDatabaseAsARoleThatIsNoSuperuserOnlyWhenNobodyElseIsConnected() throws Exception {
		Path home = FreshDataFolder.newFolder();
		try (EmbeddedPostgres external = EmbeddedPostgres.builder()
			.setDataDirectory(FreshDataFolder.newFolder())
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.start()) {
			// the platform's role owns its database and nothing else
			JdbcClient superuser = JdbcClient.create(external.getPostgresDatabase());
			superuser.sql("CREATE ROLE epigrid_app LOGIN PASSWORD 'app-password' NOSUPERUSER NOCREATEDB NOCREATEROLE")
				.update();
			superuser.sql("CREATE DATABASE epigrid_ext OWNER epigrid_app").update();
			String url = "jdbc:postgresql://127.0.0.1:" + external.getPort() + "/epigrid_ext";
			String[] args = { "--epigrid.home=" + home, "--epigrid.db.url=" + url, "--epigrid.db.user=epigrid_app",
					"--epigrid.db.password=app-password", "--epigrid.restore=" + backup };
			// the restore's own sessions are named after its process: so are the test's
			PGSimpleDataSource mine = dataSource(url, "epigrid_app", "app-password");
			mine.setApplicationName("epigrid-restore-" + ProcessHandle.current().pid());
			// a superuser's session, whose details a role that is no superuser does not
			// see
			try (Connection connected = dataSource(url, "postgres", "postgres").getConnection()) {
				assertThat(withMessage(() -> RestoreCommand.run(args))).startsWith("2 ")
					.contains("Other sessions are connected")
					.contains("postgres PostgreSQL JDBC Driver");
			}
			JdbcClient database = JdbcClient.create(mine);
			await().atMost(Duration.ofSeconds(30)).until(() -> database.sql("""
					SELECT count(*) FROM pg_stat_activity
					WHERE datname = current_database() AND usesysid IS NOT NULL AND application_name <> :mine
					""").param("mine", mine.getApplicationName()).query(Long.class).single() == 0);

			assertThat(RestoreCommand.run(args)).isZero();

			assertThat(DatabaseFingerprint.of(database)).isEqualTo(atBackup);
			assertThat(DatabaseFingerprint.sequencesBehind(database)).isEmpty();
			assertThat(database
				.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'epigrid_app'")
				.query(Long.class)
				.single()).isZero();
			assertThat(Files.exists(home.resolve("postgres").resolve("PG_VERSION"))).isFalse();
		}
	}

	private static PGSimpleDataSource dataSource(String url, String user, String password) {
		PGSimpleDataSource dataSource = new PGSimpleDataSource();
		dataSource.setUrl(url);
		dataSource.setUser(user);
		dataSource.setPassword(password);
		return dataSource;
	}

	private static ConfigurableApplicationContext start(Path home, int grids) {
		// arguments, not builder properties: those are defaults that
		// application.properties overrides
		return new SpringApplicationBuilder(EpiGridApplication.class).run("--epigrid.home=" + home, "--server.port=0",
				"--server.address=127.0.0.1", "--epigrid.demo.enabled=true", "--epigrid.demo.grids=" + grids,
				"--EPIGRID_ADMIN_PASSWORD=" + ADMIN_PASSWORD, "--epigrid.db.embedded-shared-buffers=32MB",
				"--epigrid.backup.enabled=false");
	}

	private static int restore(Path home, Path file) {
		return RestoreCommand.run("--epigrid.home=" + home, "--epigrid.restore=" + file,
				"--epigrid.db.embedded-shared-buffers=32MB");
	}

	private static String restoreWithMessage(Path home, Path file) {
		return withMessage(() -> restore(home, file));
	}

	/** The exit status and what the command said on standard error. */
	private static String withMessage(IntSupplier command) {
		PrintStream err = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			return command.getAsInt() + " " + captured.toString(StandardCharsets.UTF_8);
		}
		finally {
			System.setErr(err);
		}
	}

	private static Api api(ConfigurableApplicationContext context) {
		return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/** Until the demo town's events have been handled: then nothing writes by itself. */
	private static void awaitQuiet(JdbcClient jdbc) {
		await().atMost(Duration.ofSeconds(120))
			.until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
				.query(Long.class)
				.single() == 0);
	}

	private static long household(JdbcClient jdbc) {
		return jdbc.sql("SELECT min(id) FROM household").query(Long.class).single();
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String manifest(Path file) throws IOException {
		try (ZipFile zip = new ZipFile(file.toFile());
				InputStream in = zip.getInputStream(zip.getEntry("manifest.json"))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static Path rewrite(Path from, Path to, EntryChange change) throws IOException {
		try (ZipFile zip = new ZipFile(from.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
			Enumeration<? extends ZipEntry> entries = zip.entries();
			while (entries.hasMoreElements()) {
				ZipEntry entry = entries.nextElement();
				byte[] bytes;
				try (InputStream in = zip.getInputStream(entry)) {
					bytes = in.readAllBytes();
				}
				out.putNextEntry(new ZipEntry(entry.getName()));
				out.write(change.apply(entry.getName(), bytes));
				out.closeEntry();
			}
		}
		return to;
	}

	@FunctionalInterface
	private interface EntryChange {

		byte[] apply(String name, byte[] bytes);

	}

}
