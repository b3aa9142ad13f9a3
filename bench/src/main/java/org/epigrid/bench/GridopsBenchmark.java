package org.epigrid.bench;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.gridops.TaskManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Passwords;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.TestingRoundMissed;
import org.flywaydb.core.Flyway;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grid tasks at city scale (issue 15): a testing round's 100,000 untested residents
 * published as the platform does (events of 10,000) until 100,000 tasks exist, routed and
 * due; then ten such rounds, 1,000,000 open tasks, and a grid worker's task list.
 * Baselines in the same run: one INSERT per task (10,000 of them, the rate extrapolated),
 * and the list as one query the assignee index cannot serve.
 *
 * <p>
 * Uses the tracing benchmark's town ({@code bench/run-tracing.sh} makes it once in
 * {@code bench/target/tracing-db}: 1,000,000 persons in 500 grids).
 */
public final class GridopsBenchmark {

	private GridopsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of((args.length > 0) ? args[0] : "bench/target/tracing-db").toAbsolutePath();
		Path home = Path.of("bench/target/gridops-home");
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			JdbcClient jdbc = JdbcClient.create(ds);
			long persons;
			try {
				persons = jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
			}
			catch (RuntimeException ex) {
				persons = 0;
			}
			if (persons < 1_000_000) {
				System.out.println("No town of 1,000,000 persons in " + dir + ": run bench/run-tracing.sh first");
				return;
			}
			Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
			jdbc.sql("TRUNCATE gridops_task").update();
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home)) {
				measure(app, jdbc);
			}
		}
	}

	private static void measure(ConfigurableApplicationContext app, JdbcClient jdbc) throws Exception {
		TransactionTemplate tx = app.getBean(TransactionTemplate.class);
		List<Long> ids = jdbc.sql("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id LIMIT 1000000")
			.query(Long.class)
			.list();
		Instant deadline = Instant.now().minus(Duration.ofHours(1));
		// 1. one round's 100,000 untested, as testing publishes them
		for (int round = 0; round < 10; round++) {
			List<Long> untested = ids.subList(round * 100_000, (round + 1) * 100_000);
			long before = count(jdbc);
			long t0 = System.nanoTime();
			int roundId = 900_000 + round;
			tx.executeWithoutResult(s -> {
				for (int from = 0; from < untested.size(); from += 10_000) {
					app.publishEvent(new TestingRoundMissed(roundId, deadline, untested.subList(from, from + 10_000)));
				}
			});
			while (count(jdbc) < before + untested.size()) {
				Thread.sleep(20);
			}
			System.out.printf(Locale.ROOT,
					"platform, round %d: 100,000 untested → 100,000 tasks in %.2f s (%,d open)%n", round + 1,
					(System.nanoTime() - t0) / 1e9, count(jdbc));
		}
		jdbc.sql("VACUUM ANALYZE gridops_task").update();

		// 2. a grid worker's list with 1,000,000 open tasks in the city
		String grid = jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path LIMIT 1 OFFSET 250")
			.query(String.class)
			.single();
		UserManagement users = app.getBean(UserManagement.class);
		Caller worker = users.findByUsername("bench-grid-worker")
			.orElseGet(() -> users.create(new NewUser("bench-grid-worker", "基准网格员", Passwords.generate(20),
					EnumSet.of(Role.GRID_WORKER), grid)))
			.asCaller();
		TaskManagement tasks = app.getBean(TaskManagement.class);
		for (boolean mine : new boolean[] { false, true }) {
			double[] ms = new double[50];
			for (int i = 0; i < 60; i++) {
				long t0 = System.nanoTime();
				tasks.tasks(worker, mine, true, new PageRequest(i % 3, 30), "API", "127.0.0.1");
				if (i >= 10) {
					ms[i - 10] = (System.nanoTime() - t0) / 1e6;
				}
			}
			Arrays.sort(ms);
			System.out.printf(Locale.ROOT,
					"platform, a grid worker's open tasks (%s, pages 1-3 of 30): p50 %.1f ms, p95 %.1f ms%n",
					mine ? "mine" : "whole grid", ms[ms.length / 2], ms[(int) (ms.length * 0.95)]);
		}

		// baselines: one query the assignee index cannot serve; one INSERT per task
		double[] scan = new double[10];
		for (int i = 0; i < 12; i++) {
			long t0 = System.nanoTime();
			jdbc.sql(
					"""
							SELECT id FROM gridops_task WHERE position(:grid IN assignee_path) = 1 AND status IN ('OPEN', 'ACCEPTED')
							ORDER BY priority, due_at, id LIMIT 31""")
				.param("grid", grid)
				.query(Long.class)
				.list();
			if (i >= 2) {
				scan[i - 2] = (System.nanoTime() - t0) / 1e6;
			}
		}
		Arrays.sort(scan);
		System.out.printf(Locale.ROOT, "baseline, the list as an unindexed query: p50 %.1f ms, p95 %.1f ms%n",
				scan[scan.length / 2], scan[scan.length - 1]);
		List<Long> some = new ArrayList<>(ids.subList(0, 10_000));
		long t0 = System.nanoTime();
		for (long person : some) {
			jdbc.sql(
					"""
							INSERT INTO gridops_task (kind, cause, person_id, household_id, path, assignee_path, priority, due_at,
							                          status, created_at, updated_at, updated_by)
							SELECT 'INBOUND_TRAVELLER', 'baseline', p.person_id, p.household_id, p.path, p.path, 2, :due, 'OPEN', now(),
							       now(), 'baseline'
							  FROM population_person_place p WHERE p.person_id = :person""")
				.param("due", Timestamp.from(deadline))
				.param("person", person)
				.update();
		}
		double seconds = (System.nanoTime() - t0) / 1e9;
		System.out.printf(Locale.ROOT,
				"baseline, one INSERT per task: 10,000 in %.2f s (%.0f/s; 100,000 would take ~%.0f s)%n", seconds,
				10_000 / seconds, seconds * 10);
	}

	private static long count(JdbcClient jdbc) {
		return jdbc.sql("SELECT count(*) FROM gridops_task").query(Long.class).single();
	}

}
