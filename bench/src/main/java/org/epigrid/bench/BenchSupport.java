package org.epigrid.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.EpiGridApplication;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportManagement;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.demo.DemoTownWriter;
import org.epigrid.demo.DemoVenue;
import org.epigrid.security.Caller;
import org.epigrid.security.Passwords;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.db.EmbeddedDatabase;
import org.flywaydb.core.Flyway;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * What the benchmarks share: an embedded PostgreSQL kept under {@code bench/target}, a
 * population of a given size loaded once, the platform started in-process against it, and
 * an import run to its end.
 */
final class BenchSupport {

	private BenchSupport() {
	}

	/**
	 * Starts (or reopens) an embedded PostgreSQL tuned for bulk work.
	 */
	static EmbeddedPostgres postgres(Path dir) throws Exception {
		Files.createDirectories(dir);
		return EmbeddedPostgres.builder()
			.setDataDirectory(dir)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setLocaleConfig("encoding", "UTF8")
			.setLocaleConfig("locale", "C.UTF-8")
			// the platform's embedded default (a quarter of the machine's memory: 6 GB
			// here; 1 GB before 2026-12-07's night); -Dbench.pg-shared-buffers=1GB sets
			// it
			.setServerConfig("shared_buffers",
					EmbeddedDatabase.sharedBuffers(System.getProperty("bench.pg-shared-buffers", "auto"),
							EmbeddedDatabase.machineMemory()))
			.setServerConfig("work_mem", "16MB")
			.setServerConfig("max_wal_size", System.getProperty("bench.pg-max-wal-size", "4GB"))
			.setServerConfig("checkpoint_timeout", System.getProperty("bench.pg-checkpoint-timeout", "5min"))
			// as the platform's embedded server: written work waits for the disk (the
			// embedding library starts servers with fsync and synchronous commits off)
			.setServerConfig("fsync", "on")
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("timezone", "UTC")
			.setServerConfig("log_min_duration_statement", System.getProperty("bench.pg-slow", "-1"))
			.setServerConfig("shared_preload_libraries",
					Boolean.getBoolean("bench.pg-statements") ? "pg_stat_statements" : "")
			.setServerConfig("pg_stat_statements.track_planning",
					Boolean.getBoolean("bench.pg-statements") ? "on" : "off")
			.setServerConfig("listen_addresses", "127.0.0.1")
			.start();
	}

	/**
	 * With {@code -Dbench.pg-statements=true}: forgets PostgreSQL's statement statistics
	 * so far (what follows is what {@link #statements} reports); otherwise nothing.
	 */
	static void statementsReset(JdbcClient jdbc) {
		if (Boolean.getBoolean("bench.pg-statements")) {
			jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements").update();
			jdbc.sql("SELECT pg_stat_statements_reset()").query().singleRow();
		}
	}

	/**
	 * With {@code -Dbench.pg-statements=true}: prints the statements that took the most
	 * time since {@link #statementsReset}, with calls and mean time; otherwise nothing.
	 */
	static void statements(JdbcClient jdbc, int top) {
		if (!Boolean.getBoolean("bench.pg-statements")) {
			return;
		}
		System.out.println("statements by total time (calls, plans, total ms, mean ms, max ms, plan ms, rows, query):");
		jdbc.sql(
				"""
						SELECT calls, plans, round(total_exec_time::numeric, 1) AS total, round(mean_exec_time::numeric, 3) AS mean,
						       round(max_exec_time::numeric, 1) AS max,
						       round(total_plan_time::numeric, 1) AS plan,
						       rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
						FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT :top""")
			.param("top", top)
			.query((rs, n) -> String.format(java.util.Locale.ROOT, "%,9d %,9d %10s %8s %8s %8s %9d  %s",
					rs.getLong("calls"), rs.getLong("plans"), rs.getString("total"), rs.getString("mean"),
					rs.getString("max"), rs.getString("plan"), rs.getLong("rows"), rs.getString("query")))
			.list()
			.forEach(System.out::println);
	}

	static HikariDataSource dataSource(int port) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
		config.setUsername("postgres");
		config.setPassword("postgres");
		config.setMaximumPoolSize(2);
		return new HikariDataSource(config);
	}

	/**
	 * Makes the database hold a town of {@code parameters}: migrated, and reloaded unless
	 * it already holds about that many persons.
	 */
	static void ensureTown(HikariDataSource ds, DemoTownParameters parameters) throws Exception {
		JdbcClient jdbc = JdbcClient.create(ds);
		long have;
		try {
			have = jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
		}
		catch (RuntimeException ex) {
			have = 0;
		}
		long want = parameters.expectedPersons();
		if (Math.abs(have - want) > want * 0.05) {
			Flyway.configure().dataSource(ds).locations("classpath:db/migration").cleanDisabled(false).load().clean();
			Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
			try (Connection c = ds.getConnection()) {
				c.setAutoCommit(false);
				DemoTownWriter.copyInto(c, parameters, venues -> insertVenues(c, venues));
				c.commit();
			}
		}
		else {
			Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
		}
	}

	/**
	 * The town's venues, written as the venues module would register them (the benchmark
	 * fills its database before the platform runs).
	 */
	private static void insertVenues(Connection connection, List<DemoVenue> venues) {
		JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
		for (DemoVenue v : venues) {
			jdbc.sql("""
					INSERT INTO venue (id, grid_id, name, venue_type, address, lon, lat, capacity, crowd_class)
					VALUES (:id, :grid, :name, :type, :address, :lon, :lat, :capacity, :class)
					""")
				.param("id", v.id())
				.param("grid", v.gridId())
				.param("name", v.name())
				.param("type", v.venueType())
				.param("address", v.address())
				.param("lon", v.lon())
				.param("lat", v.lat())
				.param("capacity", v.capacity())
				.param("class", v.crowdClass())
				.update();
		}
		jdbc.sql("SELECT setval(pg_get_serial_sequence('venue', 'id'), COALESCE(max(id), 0) + 1, false) FROM venue")
			.query()
			.listOfRows();
	}

	/**
	 * Starts the platform against the benchmark's database (command-line arguments, which
	 * application.properties cannot override).
	 */
	static ConfigurableApplicationContext platform(int port, Path home) {
		return platform(port, home, null);
	}

	/**
	 * Starts the platform with its clock standing at an instant ({@code null}: the system
	 * clock), so that data generated around that instant stays in the windows it was made
	 * for, whenever the benchmark runs.
	 */
	static ConfigurableApplicationContext platform(int port, Path home, Instant now, String... more) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(EpiGridApplication.class);
		if (now != null) {
			builder.initializers(context -> context.getBeanFactory()
				.registerSingleton("clock", Clock.fixed(now, ZoneId.of("Asia/Shanghai"))));
		}
		List<String> args = new ArrayList<>(
				List.of("--epigrid.db.url=jdbc:postgresql://127.0.0.1:" + port + "/postgres",
						"--epigrid.db.user=postgres", "--epigrid.db.password=postgres", "--epigrid.demo.enabled=false",
						"--server.port=0", "--server.address=127.0.0.1", "--epigrid.home=" + home,
						"--EPIGRID_ADMIN_PASSWORD=" + Passwords.generate(20), "--spring.main.banner-mode=off",
						"--logging.level.root=WARN", "--logging.level.org.epigrid.datahub=INFO"));
		args.addAll(List.of(more));
		return builder.run(args.toArray(String[]::new));
	}

	/**
	 * A data officer for the whole city, created on first use.
	 */
	static Caller importer(ConfigurableApplicationContext app, String username) {
		return cityWide(app, username, Role.DATA_OFFICER);
	}

	/**
	 * A user of a role for the whole city, created on first use.
	 */
	static Caller cityWide(ConfigurableApplicationContext app, String username, Role role) {
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		String city = jdbc.sql("SELECT path FROM division WHERE level = 'CITY' ORDER BY path LIMIT 1")
			.query(String.class)
			.single();
		UserManagement users = app.getBean(UserManagement.class);
		return users.findByUsername(username)
			.orElseGet(
					() -> users.create(new NewUser(username, "基准测试用户", Passwords.generate(20), EnumSet.of(role), city)))
			.asCaller();
	}

	/**
	 * Imports a file and waits for the job to end.
	 * @throws IllegalStateException if it failed or its counts do not reconcile
	 */
	static ImportJob importFile(ConfigurableApplicationContext app, Caller caller, String source, Path file)
			throws Exception {
		ImportManagement imports = app.getBean(ImportManagement.class);
		ImportJob job;
		try (InputStream in = Files.newInputStream(file)) {
			job = imports.submit(caller, source, file.getFileName().toString(), in);
		}
		while (!job.finished()) {
			Thread.sleep(50);
			job = imports.find(caller, job.id());
		}
		if (job.state() != ImportJob.State.COMPLETED) {
			throw new IllegalStateException("import failed: " + job.error());
		}
		if (job.rowsAccepted() + job.rowsRejected() != job.rowsRead()) {
			throw new IllegalStateException("counts do not reconcile: " + job);
		}
		return job;
	}

	/**
	 * A province, city, district and township (ids 1–4) and its grids (ids 11…, codes and
	 * paths below the township's), as the town-making benchmarks share them.
	 */
	static void township(java.sql.Statement s, int grids) throws java.sql.SQLException {
		s.execute("""
				INSERT INTO division (id, parent_id, code, name, level, path) VALUES
				  (1, NULL, '32', '江苏省', 'PROVINCE', '/32/'),
				  (2, 1, '3205', '苏州市', 'CITY', '/32/3205/'),
				  (3, 2, '320507', '相城区', 'DISTRICT', '/32/3205/320507/'),
				  (4, 3, '320507101', '基准镇', 'TOWNSHIP', '/32/3205/320507/320507101/')""");
		s.execute("""
				INSERT INTO division (id, parent_id, code, name, level, path)
				SELECT 10 + g, 4, '320507101' || lpad(CAST(g AS text), 4, '0'), '第' || g || '网格', 'GRID',
				       '/32/3205/320507/320507101/320507101' || lpad(CAST(g AS text), 4, '0') || '/'
				FROM generate_series(1, %d) AS g""".formatted(grids));
		s.execute("SELECT setval(pg_get_serial_sequence('division', 'id'), 100000)");
	}

}
