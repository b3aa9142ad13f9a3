package org.epigrid.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.demo.DemoTownWriter;
import org.epigrid.population.internal.PersonQuery;
import org.epigrid.population.internal.PersonSearchReader;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice.PageRequest;
import org.flywaydb.core.Flyway;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Person search over a large synthetic population, under a grid worker's and a city-wide
 * commander's jurisdiction, by name prefix, full ID number and phone: p50/p95/p99 of the
 * platform's own search code ({@link PersonSearchReader}), then of the same queries after
 * dropping the supporting indexes (the baseline), in the same run on the same data.
 *
 * <p>
 * Usage: {@code bench/run-person-search.sh [persons] [samples]} (defaults 1,000,000 and
 * 400).
 */
public final class PersonSearchBenchmark {

	private static final List<String> SUPPORTING_INDEXES = List.of("person_path_name_idx", "person_name_idx",
			"person_phone_idx", "person_document_uq");

	private PersonSearchBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args persons (default 1,000,000), samples per case (default 400), data
	 * folder
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int persons = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		int samples = args.length > 1 ? Integer.parseInt(args[1]) : 400;
		Path dir = Path.of(args.length > 2 ? args[2] : "bench/target/person-search-db").toAbsolutePath();
		boolean reuse = Files.exists(dir.resolve("PG_VERSION"));
		Files.createDirectories(dir);
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
			.setDataDirectory(dir)
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.setServerConfig("shared_buffers", "1GB")
			.setServerConfig("work_mem", "16MB")
			.setServerConfig("max_wal_size", "4GB")
			.setServerConfig("listen_addresses", "127.0.0.1")
			.start(); HikariDataSource ds = dataSource(pg.getPort())) {
			JdbcClient jdbc = JdbcClient.create(ds);
			long have = reuse ? count(jdbc) : 0;
			if (have < persons * 0.95) {
				Flyway.configure()
					.dataSource(ds)
					.locations("classpath:db/migration")
					.cleanDisabled(false)
					.load()
					.clean();
				Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
				long t0 = System.nanoTime();
				try (Connection c = ds.getConnection()) {
					c.setAutoCommit(false);
					// persons only: the venues are not needed here
					DemoTownWriter.copyInto(c, DemoTownParameters.forPersons(persons), venues -> {
					});
					c.commit();
				}
				log("loaded %,d persons in %.1f s", count(jdbc), (System.nanoTime() - t0) / 1e9);
			}
			restoreIndexes(jdbc);
			jdbc.sql("VACUUM ANALYZE person").update();
			Workload workload = Workload.sample(jdbc, samples, new SplittableRandom(20260101L));
			log("persons: %,d; grid worker jurisdiction %s (%,d persons); commander jurisdiction %s (%,d persons)",
					count(jdbc), workload.grid(), workload.gridPersons(), workload.city(), workload.cityPersons());

			PersonSearchReader search = new PersonSearchReader(jdbc);
			Map<String, Stats> ours = run(search, workload, samples);
			dropIndexes(jdbc);
			Map<String, Stats> baseline = run(search, workload, Math.max(20, samples / 20));
			restoreIndexes(jdbc);

			StringBuilder md = new StringBuilder();
			md.append(String.format(Locale.ROOT, "persons: %,d; samples per case: %d (baseline %d)%n%n", count(jdbc),
					samples, Math.max(20, samples / 20)));
			md.append("| case | p50 ms | p95 ms | p99 ms | baseline p50 ms | baseline p95 ms | p95 speed-up |\n");
			md.append("|---|---:|---:|---:|---:|---:|---:|\n");
			for (String key : ours.keySet()) {
				Stats a = ours.get(key);
				Stats b = baseline.get(key);
				md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f | %.1f | %.0f× |%n", key,
						a.p50(), a.p95(), a.p99(), b.p50(), b.p95(), b.p95() / a.p95()));
			}
			System.out.println();
			System.out.println(md);
			Path out = Path.of("bench/target/person-search.md");
			Files.createDirectories(out.getParent());
			Files.writeString(out, md.toString());
		}
	}

	private static Map<String, Stats> run(PersonSearchReader search, Workload w, int samples) {
		Map<String, Stats> results = new LinkedHashMap<>();
		for (Scope scope : List.of(
				new Scope("grid worker", PathPrefix.of(w.grid()), w.gridNames(), w.gridIds(), w.gridPhones()),
				new Scope("commander", PathPrefix.of(w.city()), w.cityNames(), w.cityIds(), w.cityPhones()))) {
			results.put(scope.name() + ", family name (1 char)", measure(search, scope.range(),
					scope.names().stream().map(n -> n.substring(0, n.offsetByCodePoints(0, 1))).toList(), samples));
			results.put(scope.name() + ", name prefix (2 chars)",
					measure(search, scope.range(), scope.names(), samples));
			results.put(scope.name() + ", full ID number", measure(search, scope.range(), scope.ids(), samples));
			results.put(scope.name() + ", phone", measure(search, scope.range(), scope.phones(), samples));
		}
		return results;
	}

	private static Stats measure(PersonSearchReader search, PathPrefix range, List<String> queries, int samples) {
		PageRequest page = new PageRequest(0, 20);
		int warmup = Math.min(20, samples);
		for (int i = 0; i < warmup; i++) {
			search.search(range, PersonQuery.parse(queries.get(i % queries.size())), page);
		}
		double[] millis = new double[samples];
		int found = 0;
		for (int i = 0; i < samples; i++) {
			PersonQuery query = PersonQuery.parse(queries.get(i % queries.size()));
			long t0 = System.nanoTime();
			found += search.search(range, query, page).items().isEmpty() ? 0 : 1;
			millis[i] = (System.nanoTime() - t0) / 1e6;
		}
		if (found < samples * 0.9) {
			throw new IllegalStateException("only " + found + " of " + samples + " queries found somebody");
		}
		Arrays.sort(millis);
		return new Stats(pct(millis, 0.50), pct(millis, 0.95), pct(millis, 0.99));
	}

	private static double pct(double[] sorted, double p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
	}

	private static void dropIndexes(JdbcClient jdbc) {
		for (String index : SUPPORTING_INDEXES) {
			jdbc.sql("DROP INDEX IF EXISTS " + index).update();
		}
		jdbc.sql("ANALYZE person").update();
	}

	private static void restoreIndexes(JdbcClient jdbc) {
		jdbc.sql("CREATE UNIQUE INDEX IF NOT EXISTS person_document_uq ON person (document_number, document_type)")
			.update();
		jdbc.sql("CREATE INDEX IF NOT EXISTS person_path_name_idx ON person (path, name)").update();
		jdbc.sql("CREATE INDEX IF NOT EXISTS person_name_idx ON person (name, id)").update();
		jdbc.sql("CREATE INDEX IF NOT EXISTS person_phone_idx ON person (phone)").update();
		jdbc.sql("ANALYZE person").update();
	}

	private static long count(JdbcClient jdbc) {
		try {
			return jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private static HikariDataSource dataSource(int port) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
		config.setUsername("postgres");
		config.setPassword("postgres");
		config.setMaximumPoolSize(2);
		return new HikariDataSource(config);
	}

	private static void log(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

	record Stats(double p50, double p95, double p99) {
	}

	record Scope(String name, PathPrefix range, List<String> names, List<String> ids, List<String> phones) {
	}

	/**
	 * The queries: one grid (for the grid worker) and the whole city (for the commander);
	 * name prefixes (family name + first given character, as people type), ID numbers and
	 * phones of random persons inside each jurisdiction.
	 */
	record Workload(String grid, long gridPersons, List<String> gridNames, List<String> gridIds,
			List<String> gridPhones, String city, long cityPersons, List<String> cityNames, List<String> cityIds,
			List<String> cityPhones) {

		static Workload sample(JdbcClient jdbc, int samples, SplittableRandom random) {
			List<String> grids = jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path")
				.query(String.class)
				.list();
			String grid = grids.get(random.nextInt(grids.size()));
			String city = jdbc.sql("SELECT path FROM division WHERE level = 'CITY' ORDER BY path LIMIT 1")
				.query(String.class)
				.single();
			List<String[]> inGrid = persons(jdbc, grid, samples);
			List<String[]> inCity = persons(jdbc, city, samples);
			return new Workload(grid, countIn(jdbc, grid), column(inGrid, r -> prefix(r[0])), column(inGrid, r -> r[1]),
					column(inGrid, r -> r[2]), city, countIn(jdbc, city), column(inCity, r -> prefix(r[0])),
					column(inCity, r -> r[1]), column(inCity, r -> r[2]));
		}

		private static String prefix(String name) {
			return name.substring(0, name.offsetByCodePoints(0, Math.min(2, name.codePointCount(0, name.length()))));
		}

		private static List<String[]> persons(JdbcClient jdbc, String path, int n) {
			return all(jdbc, PathPrefix.of(path), n);
		}

		private static List<String[]> all(JdbcClient jdbc, PathPrefix range, int n) {
			// a deterministic pseudo-random sample spread over the whole jurisdiction
			return jdbc.sql("""
					SELECT name, document_number, phone FROM person
					WHERE path >= :lo AND path < :hi AND phone IS NOT NULL ORDER BY md5(id::text) LIMIT :n
					""")
				.param("lo", range.lower())
				.param("hi", range.upper())
				.param("n", n)
				.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) })
				.list();
		}

		private static long countIn(JdbcClient jdbc, String path) {
			PathPrefix range = PathPrefix.of(path);
			return jdbc.sql("SELECT count(*) FROM person WHERE path >= :lo AND path < :hi")
				.param("lo", range.lower())
				.param("hi", range.upper())
				.query(Long.class)
				.single();
		}

		private static List<String> column(List<String[]> rows, Function<String[], String> f) {
			return rows.stream().map(f).toList();
		}

	}

}
