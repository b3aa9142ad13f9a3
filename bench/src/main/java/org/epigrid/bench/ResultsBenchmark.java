package org.epigrid.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.DeviceTokens;
import org.epigrid.security.Role;
import org.epigrid.shared.health.TestResultRecorded;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A city's tube results, from the lab to the health codes: every tube of the round that
 * {@code bench/run-testing.sh} made (10,000,000 persons, 90 % sampled 10 in 1: ~900,000
 * tubes) delivered by a lab's device over the API, 10,000 results a request, one tube in
 * 1,000 positive; timed from the first request until every listener of the facts it
 * published has finished (the codes turned: the members of positive tubes yellow, the
 * others' negative test recorded). Baseline in the same run: the same facts as one event
 * per person ({@code TestResultRecorded.of}), each published in its own transaction as a
 * module would, for 5,000 persons, extrapolated to the round.
 *
 * <p>
 * Usage: {@code bench/run-results.sh [folder=bench/target/testing-db]} (after
 * {@code bench/run-testing.sh}); {@code -Dbench.prior-round=true} gives everyone sampled
 * the facts of an earlier round first (the codes' steady state), {@code -Dbench.labs=N}
 * has N labs deliver at once.
 */
public final class ResultsBenchmark {

	private static final int PER_REQUEST = 10_000;

	private static final int BASELINE_PERSONS = 5_000;

	private ResultsBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args the data folder
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Path dir = Path.of((args.length > 0) ? args[0] : "bench/target/testing-db").toAbsolutePath();
		Path home = Path.of("bench/target/results-home");
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			JdbcClient jdbc = JdbcClient.create(ds);
			Long roundId = jdbc.sql("""
					SELECT r.id FROM testing_round r WHERE r.name = '全员核酸（基准）'
					  AND EXISTS (SELECT 1 FROM testing_sample s WHERE s.round_id = r.id)""")
				.query(Long.class)
				.optional()
				.orElseThrow(() -> new IllegalStateException("no sampled round: run bench/run-testing.sh first"));
			long t = System.nanoTime();
			reset(jdbc, roundId);
			List<String> tubes = jdbc.sql("SELECT barcode FROM testing_tube WHERE round_id = :r ORDER BY id")
				.param("r", roundId)
				.query(String.class)
				.list();
			// -Dbench.tubes=N delivers only the first N tubes (quicker runs while looking
			// for where the time goes; the figures in docs/benchmarks.md are for all)
			tubes = tubes.subList(0, Math.min(tubes.size(), Integer.getInteger("bench.tubes", tubes.size())));
			long members = jdbc.sql("SELECT count(*) FROM testing_sample WHERE round_id = :r")
				.param("r", roundId)
				.query(Long.class)
				.single();
			System.out.printf(Locale.ROOT, "round %d: %,d tubes holding %,d samples, reset in %.1f s%n", roundId,
					tubes.size(), members, (System.nanoTime() - t) / 1e9);
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home)) {
				int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
				Caller admin = BenchSupport.cityWide(app, "bench-results-admin", Role.ADMIN);
				// -Dbench.labs=N: N labs deliver at once, each the tubes of its share of
				// the
				// sites (a city has dozens of labs; one lab's deliveries follow each
				// other)
				int labs = Math.max(1, Integer.getInteger("bench.labs", 1));
				List<String> tokens = new ArrayList<>();
				for (int l = 0; l < labs; l++) {
					tokens.add(app.getBean(DeviceTokens.class)
						.issue(admin,
								new DeviceTokens.NewDevice(Device.Kind.LAB, null, "基准实验室" + (l + 1), null, null, 30))
						.token());
				}
				HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
				// a warm-up as a platform that has run for a while has had
				// (-Dbench.warm-up-tubes=N, 50,000 by default: five deliveries of the
				// round's last tubes; the JIT compiler took a quarter of the CPU in the
				// first 20 s of a cold run), then the round and the codes reset again
				int warmUp = Math.min(tubes.size(), Integer.getInteger("bench.warm-up-tubes", 50_000));
				if (warmUp > 0) {
					long w0 = System.nanoTime();
					List<String> last = jdbc
						.sql("SELECT barcode FROM testing_tube WHERE round_id = :r ORDER BY id DESC")
						.param("r", roundId)
						.query(String.class)
						.list()
						.subList(0, warmUp);
					deliver(client, port, tokens.get(0), last, 0, last.size());
					awaitListeners(jdbc);
					reset(jdbc, roundId);
					System.out.printf(Locale.ROOT, "warm-up: %,d tubes delivered and reset in %.1f s%n", warmUp,
							(System.nanoTime() - w0) / 1e9);
				}
				BenchSupport.statementsReset(jdbc);
				long t0 = System.nanoTime();
				int share = (tubes.size() + labs - 1) / labs;
				List<String> all = tubes;
				List<Future<Integer>> running = new ArrayList<>();
				try (ExecutorService pool = Executors.newFixedThreadPool(labs)) {
					for (int l = 0; l < labs; l++) {
						String token = tokens.get(l);
						int first = l * share;
						int end = Math.min(all.size(), first + share);
						running.add(pool.submit(() -> deliver(client, port, token, all, first, end)));
					}
				}
				int positives = 0;
				for (Future<Integer> lab : running) {
					positives += lab.get();
				}
				double imported = (System.nanoTime() - t0) / 1e9;
				System.out.printf(Locale.ROOT, "%,d tube results (%,d positive) imported over the API in %.1f s%n",
						tubes.size(), positives, imported);
				System.out.printf(Locale.ROOT, "(%d lab%s delivering at once)%n", labs, (labs == 1) ? "" : "s");
				awaitListeners(jdbc);
				double reflected = (System.nanoTime() - t0) / 1e9;
				long negative = jdbc.sql("SELECT count(*) FROM code_fact WHERE negative_test_at IS NOT NULL")
					.query(Long.class)
					.single();
				long yellow = jdbc.sql("SELECT count(*) FROM code_status WHERE colour = 1").query(Long.class).single();
				System.out.printf(Locale.ROOT,
						"reflected in the codes %.1f s after the first request: %,d persons with a negative test, "
								+ "%,d yellow (recalled)%n",
						reflected, negative, yellow);
				BenchSupport.statements(jdbc, 25);

				// baseline: one event per person
				List<long[]> persons = jdbc.sql("""
						SELECT s.person_id, extract(epoch FROM s.sampled_at)::bigint AS at FROM testing_sample s
						WHERE s.round_id = :r ORDER BY s.person_id DESC LIMIT :n""")
					.param("r", roundId)
					.param("n", BASELINE_PERSONS)
					.query((rs, n) -> new long[] { rs.getLong("person_id"), rs.getLong("at") })
					.list();
				ApplicationEventPublisher events = app;
				TransactionTemplate tx = app.getBean(TransactionTemplate.class);
				long b0 = System.nanoTime();
				for (long[] p : persons) {
					tx.executeWithoutResult(status -> events.publishEvent(
							TestResultRecorded.of(p[0], true, new Timestamp(p[1] * 1000 + 1000).toInstant())));
				}
				awaitListeners(jdbc);
				double perPerson = (System.nanoTime() - b0) / 1e9 / persons.size();
				System.out.printf(Locale.ROOT,
						"baseline, one event per person: %,d persons in %.1f s = %.2f ms each; × %,d samples = %.0f s%n",
						persons.size(), perPerson * persons.size(), perPerson * 1000, members, perPerson * members);
				System.out.printf(Locale.ROOT, "the platform: %.1f s end to end against %.0f s%n", reflected,
						perPerson * members);
			}
		}
	}

	/**
	 * The round as sampled, the codes as before any result (a re-run starts alike).
	 */
	private static void reset(JdbcClient jdbc, long roundId) {
		jdbc.sql("""
				UPDATE testing_tube SET outcome = NULL, ct = NULL, lab = NULL, tested_at = NULL, batch_id = NULL
				WHERE round_id = :r AND outcome IS NOT NULL""").param("r", roundId).update();
		jdbc.sql("""
				UPDATE testing_round_person SET state = 'SAMPLED', result_at = NULL
				WHERE round_id = :r AND state IN ('NEGATIVE', 'RECALL', 'RESAMPLE', 'POSITIVE')""")
			.param("r", roundId)
			.update();
		if (jdbc.sql("SELECT to_regclass('testing_round_grid_negative') IS NOT NULL").query(Boolean.class).single()) {
			// (before the platform's first start on this folder the table is not
			// there)
			jdbc.sql("DELETE FROM testing_round_grid_negative WHERE round_id = :r").param("r", roundId).update();
		}
		jdbc.sql("DELETE FROM testing_result_rejection").update();
		// the round runs until tomorrow: once its deadline passed (hours after
		// bench/run-testing.sh made it) the platform reported its million untested to
		// the codes during a measured run (1,010,753 yellow codes, 93.8 s)
		jdbc.sql("UPDATE testing_round SET ends_at = now() + INTERVAL '1 day', missed_at = NULL WHERE id = :r")
			.param("r", roundId)
			.update();
		jdbc.sql("TRUNCATE code_fact, code_status, code_status_history").update();
		if (Boolean.getBoolean("bench.prior-round")) {
			// the steady state of a city testing every few days: everyone sampled has
			// the facts of an earlier round (a negative test three days ago), so the
			// codes update rows rather than write new ones
			jdbc.sql(
					"""
							INSERT INTO code_fact (person_id, tested_at, negative_test_at, updated_at)
							SELECT DISTINCT person_id, now() - INTERVAL '3 days', now() - INTERVAL '3 days', now() - INTERVAL '3 days'
							FROM testing_sample WHERE round_id = :r ORDER BY person_id""")
				.param("r", roundId)
				.update();
		}
		jdbc.sql("DELETE FROM event_publication").update();
		// the deleted events too (their 2.6 MB each out of line): autovacuum worked
		// through them for 14 s inside a measured run
		jdbc.sql("VACUUM ANALYZE testing_tube, testing_round_person, code_fact, code_status, event_publication")
			.update();
	}

	/**
	 * One lab's deliveries, one after the other, {@value #PER_REQUEST} results each.
	 * @return how many were positive
	 */
	private static int deliver(HttpClient client, int port, String token, List<String> tubes, int first, int end)
			throws Exception {
		int positives = 0;
		for (int from = first; from < end; from += PER_REQUEST) {
			StringBuilder json = new StringBuilder(PER_REQUEST * 48).append('[');
			for (int i = from; i < Math.min(end, from + PER_REQUEST); i++) {
				boolean positive = i % 1_000 == 500;
				positives += positive ? 1 : 0;
				json.append((i > from) ? "," : "")
					.append("{\"barcode\":\"")
					.append(tubes.get(i))
					.append(positive ? "\",\"result\":\"POSITIVE\",\"ct\":30.5}" : "\",\"result\":\"NEGATIVE\"}");
			}
			HttpResponse<String> answer = client
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/testing/results"))
					.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofMinutes(5))
					.POST(HttpRequest.BodyPublishers.ofString(json.append(']').toString()))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 200) {
				throw new IllegalStateException(answer.statusCode() + ": " + answer.body());
			}
		}
		return positives;
	}

	/** Waits until every event publication is completed. */
	private static void awaitListeners(JdbcClient jdbc) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
		while (jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
			.query(Long.class)
			.single() > 0) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("listeners not done within an hour");
			}
			Thread.sleep(100);
		}
	}

}
