package org.epigrid.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.shared.PathPrefix;
import org.epigrid.testing.RoundList;
import org.epigrid.testing.RoundPopulation;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.internal.DemoSampleWriter;
import org.epigrid.testing.internal.RoundPersonReader;
import org.epigrid.testing.internal.RoundRepository;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The untested list (应检未检) of a round over a city: {@code persons} residents in
 * {@code grids} grids, 90 % of them sampled. The platform's way — the round's population
 * fixed when it starts, each person's state kept, the untested read through a partial
 * index — against the baseline computed from people and samples at the time of asking:
 * {@code NOT IN} and an anti-join ({@code NOT EXISTS}) without the design's indexes on
 * the samples. Same database, same run.
 *
 * <p>
 * Usage: {@code bench/run-testing.sh [persons=10000000] [grids=2000] [folder] [reuse]}
 * ({@code reuse}: measure the round a previous run made).
 */
public final class TestingBenchmark {

	private TestingBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args persons, grids, data folder
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int persons = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000_000;
		int grids = (args.length > 1) ? Integer.parseInt(args[1]) : 2_000;
		Path dir = Path.of((args.length > 2) ? args[2] : "bench/target/testing-db").toAbsolutePath();
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			JdbcClient jdbc = JdbcClient.create(ds);
			long have = 0;
			try {
				have = jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
			}
			catch (RuntimeException ex) {
				have = 0;
			}
			if (have != persons) {
				long t0 = System.nanoTime();
				Flyway.configure()
					.dataSource(ds)
					.locations("classpath:db/migration")
					.cleanDisabled(false)
					.load()
					.clean();
				Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
				city(ds, persons, grids);
				System.out.printf(Locale.ROOT, "city of %,d persons in %,d grids made in %.1f s%n", persons, grids,
						seconds(t0));
			}
			else {
				// a city made by an earlier version: its tables as the platform's now are
				// (e.g. the tubes' fillfactor) before its round is sampled again
				Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
			}
			Long kept = jdbc.sql("""
					SELECT r.id FROM testing_round r WHERE r.name = '全员核酸（基准）'
					  AND EXISTS (SELECT 1 FROM testing_sample s WHERE s.round_id = r.id)""")
				.query(Long.class)
				.optional()
				.orElse(null);
			if (kept != null && args.length > 3 && args[3].equals("reuse")) {
				measure(ds, jdbc, kept);
				return;
			}
			// every table of an earlier round (TRUNCATE refuses if one that refers to
			// them
			// is missing from the list)
			jdbc.sql(
					"""
							TRUNCATE testing_certificate, testing_sample, testing_tube, testing_handover, testing_box, testing_round_person,
							  testing_round_target, testing_round_grid_negative, testing_round, sampling_site_report,
							  sampling_site_staff, sampling_site""")
				.update();
			jdbc.sql(
					"""
							INSERT INTO sampling_site (code, division_id, path, name, kind, address, stations, capacity_per_hour, created_at)
							SELECT code || '-001', id, path, name || '采样点', 'MASS', name, 4, 240, now() FROM division WHERE level = 'GRID'""")
				.update();
			RoundRepository rounds = new RoundRepository(jdbc);
			RoundPersonReader reader = new RoundPersonReader(jdbc);
			DemoSampleWriter samples = new DemoSampleWriter(jdbc);
			long township = jdbc.sql("SELECT id FROM division WHERE level = 'TOWNSHIP'").query(Long.class).single();
			String townshipPath = jdbc.sql("SELECT path FROM division WHERE id = :id")
				.param("id", township)
				.query(String.class)
				.single();
			Instant now = Instant.now();

			long t0 = System.nanoTime();
			long roundId = rounds.insert(
					new TestingRound(0, "全员核酸（基准）", now.minus(Duration.ofHours(10)), now.plus(Duration.ofHours(2)),
							RoundPopulation.ALL, List.of(), List.of(), 10, 0, List.of(township), 0, "bench", now, null),
					townshipPath, List.of(townshipPath));
			long fixed = rounds.fixPopulation(roundId, null);
			double fixSeconds = seconds(t0);
			t0 = System.nanoTime();
			// one transaction, as in the platform (its working table lives until the
			// commit)
			List<String> tubes = new org.springframework.transaction.support.TransactionTemplate(
					new org.springframework.jdbc.datasource.DataSourceTransactionManager(ds))
				.execute(status -> samples.sample(roundId, 90, now.minus(Duration.ofHours(10)), now, "bench"));
			double sampleSeconds = seconds(t0);
			jdbc.sql("VACUUM ANALYZE testing_round_person").update();
			jdbc.sql("VACUUM ANALYZE testing_sample").update();
			long sampled = jdbc.sql("SELECT count(*) FROM testing_sample WHERE round_id = :r")
				.param("r", roundId)
				.query(Long.class)
				.single();
			System.out.printf(Locale.ROOT,
					"round population fixed: %,d persons in %.1f s; %,d samples in %,d tubes written set-based in %.1f s%n",
					fixed, fixSeconds, sampled, tubes.size(), sampleSeconds);
			measure(ds, jdbc, roundId);
		}
	}

	private static void measure(HikariDataSource ds, JdbcClient jdbc, long roundId) throws Exception {
		RoundPersonReader reader = new RoundPersonReader(jdbc);
		String townshipPath = jdbc.sql("SELECT path FROM division WHERE level = 'TOWNSHIP'")
			.query(String.class)
			.single();
		long t0;
		// the platform: the whole round's untested, ids in chunks (as the deadline's
		// report reads them) and the full list with names and phones (as the export)
		List<Double> design = new ArrayList<>();
		long untested = 0;
		for (int run = 0; run < 3; run++) {
			t0 = System.nanoTime();
			long n = reader.untested(roundId, 10_000, ids -> {
			});
			design.add(seconds(t0));
			untested = n;
		}
		AtomicLong listed = new AtomicLong();
		t0 = System.nanoTime();
		reader.each(roundId, RoundList.UNTESTED, null, PathPrefix.of("/"), p -> listed.incrementAndGet());
		double export = seconds(t0);
		List<Long> gridIds = jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 200")
			.query(Long.class)
			.list();
		double[] pages = new double[gridIds.size()];
		for (int i = 0; i < gridIds.size(); i++) {
			long p0 = System.nanoTime();
			reader.list(roundId, RoundList.UNTESTED, gridIds.get(i), PathPrefix.of("/"), 51, 0);
			pages[i] = (System.nanoTime() - p0) / 1e6;
		}
		Arrays.sort(pages);
		t0 = System.nanoTime();
		int countRows = reader.counts(roundId, PathPrefix.of("/")).size();
		double progress = seconds(t0);
		System.out.printf(Locale.ROOT,
				"platform: %,d untested; whole round ids (one pass, 10,000 a chunk) %s s; full list with names %.2f s "
						+ "(%,d rows); a grid's first page p50 %.1f ms p99 %.1f ms; progress of %,d grids %.2f s%n",
				untested, design, export, listed.get(), pages[pages.length / 2], pages[(int) (pages.length * 0.99)],
				countRows, progress);

		// the baseline: computed from people and samples when asked
		String people = "FROM person p WHERE p.path >= '%s' AND p.path < '%s' AND p.merged_into IS NULL"
			.formatted(townshipPath, townshipPath.substring(0, townshipPath.length() - 1) + "0");
		jdbc.sql("DROP INDEX IF EXISTS testing_sample_routine_uq").update();
		jdbc.sql("DROP INDEX IF EXISTS testing_sample_person_idx").update();
		try {
			baseline(ds, "anti-join (NOT EXISTS), no index on the samples",
					"SELECT p.id " + people + " AND NOT EXISTS (SELECT 1 FROM testing_sample s WHERE s.round_id = "
							+ roundId + " AND s.person_id = p.id)");
			baseline(ds, "NOT IN, no index on the samples", "SELECT p.id " + people
					+ " AND p.id NOT IN (SELECT person_id FROM testing_sample WHERE round_id = " + roundId + ")");
		}
		finally {
			jdbc.sql(
					"CREATE UNIQUE INDEX testing_sample_routine_uq ON testing_sample (round_id, person_id) WHERE NOT retest")
				.update();
			jdbc.sql("CREATE INDEX testing_sample_person_idx ON testing_sample (person_id, sampled_at DESC)").update();
		}
	}

	private static void baseline(HikariDataSource ds, String name, String sql) throws Exception {
		try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
			c.setAutoCommit(false);
			s.execute("SET LOCAL statement_timeout = '180s'");
			s.setFetchSize(10_000);
			long t0 = System.nanoTime();
			long n = 0;
			try (ResultSet rs = s.executeQuery(sql)) {
				while (rs.next()) {
					n++;
				}
				System.out.printf(Locale.ROOT, "baseline %s: %,d untested in %.2f s%n", name, n, seconds(t0));
			}
			catch (java.sql.SQLException ex) {
				System.out.printf(Locale.ROOT, "baseline %s: not finished in %.0f s (%s)%n", name, seconds(t0),
						ex.getMessage().lines().findFirst().orElse(""));
			}
			c.rollback();
		}
	}

	/** A township of grids and persons, written in SQL. */
	private static void city(HikariDataSource ds, int persons, int grids) throws Exception {
		try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
			BenchSupport.township(s, grids);
			s.execute("""
					INSERT INTO person (name, document_type, document_number, sex, phone, path, population_type,
					                    created_at, updated_at)
					SELECT '居民' || i, 'OTHER', 'B' || i, 'UNKNOWN', '13' || lpad(CAST(i AS text), 9, '0'),
					       '/32/3205/320507/320507101/320507101' || lpad(CAST(1 + i %% %d AS text), 4, '0') || '/',
					       'RESIDENT', now(), now()
					FROM generate_series(1, %d) AS i""".formatted(grids, persons));
			s.execute("VACUUM ANALYZE person");
			s.execute("VACUUM ANALYZE division");
		}
	}

	private static double seconds(long t0) {
		return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
	}

}
