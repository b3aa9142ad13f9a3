package org.epigrid.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.codes.CodeProtocolManagement;
import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.status.StatusEngine;
import org.epigrid.codes.internal.token.Base45;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.codes.internal.token.SigningKey;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.DeviceTokens;
import org.epigrid.security.DeviceTokens.NewDevice;
import org.epigrid.security.Role;
import org.epigrid.venues.internal.CheckInWriter;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Health-code benchmarks (issue 4), on a city of 1,000,000 persons with code facts (about
 * one in seven has some: cases, contacts, areas, tests, trips):
 * <ol>
 * <li><b>Bulk recompute</b>: every person's code from nothing, then after a rule change
 * through {@link CodeProtocolManagement#change} until its listener has finished.
 * Baseline: one statement per person (a loop over persons), timed on 10,000 and
 * scaled.</li>
 * <li><b>Verification over HTTP</b>: {@code POST /api/v1/codes/verify} with a gate's
 * device token over keep-alive connections from this process (a minimal HTTP/1.1 client:
 * one thread and a selector drive every connection, so that the load generator takes as
 * little of the 2 cores as possible), 80 % valid tokens of random persons and 5 % each
 * expired, tampered (one payload bit), forged (unknown key) and malformed, after a
 * warm-up ({@code -Dbench.warm-up-seconds}, 30). Tomcat with 16 threads. Also, in the
 * same run, the platform restarted with {@code epigrid.codes.gate-fast-path=false} (the
 * ordinary request pipeline) and the baseline: that and
 * {@code epigrid.codes.verify-from-database=true} — every signature checked with the
 * public key, every status computed from the facts in the database.</li>
 * <li><b>Check-in ingest</b>: single check-ins from 64 concurrent callers through the
 * group-commit {@code COPY} writer. Baseline: one {@code INSERT} per check-in from the
 * same callers.</li>
 * </ol>
 * Usage: {@code bench/run-codes.sh [persons=1000000] [seconds=20] [connections=64]
 * [parts=recompute,verify,ingest,pipeline,baseline]}.
 */
public final class CodesBenchmark {

	/**
	 * The platform's "now" during the benchmark (12:00 on 1 November 2026 in Shanghai).
	 */
	static final Instant NOW = Instant.parse("2026-11-01T04:00:00Z");

	/** How long requests are sent before measuring ({@code -Dbench.warm-up-seconds}). */
	static final int WARM_UP_SECONDS = Integer.getInteger("bench.warm-up-seconds", 30);

	private CodesBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int persons = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int connections = (args.length > 2) ? Integer.parseInt(args[2]) : 64;
		// which parts to run (all by default): recompute, verify, ingest, pipeline,
		// baseline
		Set<String> parts = Set
			.of(((args.length > 3) ? args[3] : "recompute,verify,ingest,pipeline,baseline").split(","));
		Path dir = Path.of("bench/target/codes-db");
		Path home = Path.of("bench/target/codes-home");
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			BenchSupport.ensureTown(ds, DemoTownParameters.forPersons(persons));
			JdbcClient jdbc = JdbcClient.create(ds);
			long withFacts = facts(jdbc);
			long total = jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
			System.out.printf("persons: %,d, with code facts: %,d%n", total, withFacts);
			long[] ids = jdbc.sql("SELECT id FROM person ORDER BY id")
				.query(Long.class)
				.list()
				.stream()
				.mapToLong(Long::longValue)
				.toArray();

			Result fast = null;
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, NOW,
					"--server.tomcat.max-keep-alive-requests=-1", "--server.tomcat.threads.max=16")) {
				if (parts.contains("recompute")) {
					recompute(app, ids);
				}
				if (parts.contains("verify")) {
					fast = verification(app, ids, seconds, connections, "EpiGrid");
				}
				if (parts.contains("ingest")) {
					ingest(app, ids);
				}
			}
			if (parts.contains("pipeline")) {
				try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, NOW,
						"--server.tomcat.max-keep-alive-requests=-1", "--server.tomcat.threads.max=16",
						"--epigrid.codes.gate-fast-path=false")) {
					verification(app, ids, seconds, connections, "ordinary pipeline");
				}
			}
			if (!parts.contains("baseline")) {
				return;
			}
			Result baseline;
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, NOW,
					"--server.tomcat.max-keep-alive-requests=-1", "--server.tomcat.threads.max=16",
					"--epigrid.codes.gate-fast-path=false", "--epigrid.codes.verify-from-database=true")) {
				baseline = verification(app, ids, seconds, connections, "baseline");
			}
			if (fast != null) {
				System.out.printf("%nverification speed-up: %.1f× throughput, p99 %.2f ms vs %.2f ms%n",
						fast.perSecond() / baseline.perSecond(), fast.p99(), baseline.p99());
			}
		}
	}

	/** Code facts for every seventh person or so, deterministic; statuses emptied. */
	private static long facts(JdbcClient jdbc) {
		jdbc.sql("TRUNCATE code_fact, code_status, code_status_history, code_protocol").update();
		jdbc.sql("""
				INSERT INTO code_fact (person_id, case_status, contact_level, quarantine, zone_level, tested_at,
				       negative_test_at, missed_round_at, inbound_at, inbound_city, risk_trip_at, risk_trip_city,
				       vaccine_doses, vaccinated_at, updated_at)
				SELECT id,
				  CASE WHEN h < 3 THEN 'CONFIRMED' WHEN h < 5 THEN 'SUSPECTED' END,
				  CASE WHEN h BETWEEN 5 AND 19 THEN 'CLOSE' WHEN h BETWEEN 20 AND 39 THEN 'SECONDARY' END,
				  CASE WHEN h BETWEEN 5 AND 19 THEN 'CENTRALISED' END,
				  CASE WHEN h BETWEEN 40 AND 49 THEN 'SEALED' WHEN h BETWEEN 50 AND 69 THEN 'CONTROLLED' END,
				  CASE WHEN h BETWEEN 70 AND 119 THEN CAST(:now AS timestamptz) - interval '30 hours' END,
				  CASE WHEN h BETWEEN 70 AND 119 THEN CAST(:now AS timestamptz) - interval '30 hours' END,
				  CASE WHEN h BETWEEN 120 AND 129 THEN CAST(:now AS timestamptz) - interval '2 days' END,
				  CASE WHEN h BETWEEN 130 AND 134 THEN CAST(:now AS timestamptz) - interval '3 days' END,
				  CASE WHEN h BETWEEN 130 AND 134 THEN '天津' END,
				  CASE WHEN h BETWEEN 135 AND 144 THEN CAST(:now AS timestamptz) - interval '5 days' END,
				  CASE WHEN h BETWEEN 135 AND 144 THEN '天津' END,
				  NULL, NULL, CAST(:now AS timestamptz)
				FROM (SELECT id, (id * 2654435761) % 1000 AS h FROM person) p
				WHERE h < 145
				""").param("now", java.sql.Timestamp.from(NOW)).update();
		jdbc.sql("ANALYZE code_fact").update();
		return jdbc.sql("SELECT count(*) FROM code_fact").query(Long.class).single();
	}

	private static void recompute(ConfigurableApplicationContext app, long[] ids) throws Exception {
		StatusEngine engine = app.getBean(StatusEngine.class);
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		long start = System.nanoTime();
		int first = engine.recomputeAll("bench: first computation");
		double firstSeconds = (System.nanoTime() - start) / 1e9;
		System.out.printf("%nbulk recompute, from nothing: %,d codes set in %.1f s%n", first, firstSeconds);

		String rules;
		try (InputStream in = CodesBenchmark.class.getResourceAsStream("/codes/covid-19-protocol.json")) {
			rules = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		String changedRules = rules.replace("\"code\": \"SECONDARY_CONTACT\", \"colour\": \"YELLOW\"",
				"\"code\": \"SECONDARY_CONTACT\", \"colour\": \"RED\"");
		if (changedRules.equals(rules)) {
			throw new IllegalStateException("the default protocol no longer has the rule the benchmark changes");
		}
		Caller admin = BenchSupport.cityWide(app, "bench-codes-admin", Role.ADMIN);
		start = System.nanoTime();
		var version = app.getBean(CodeProtocolManagement.class)
			.change(admin, changedRules, "benchmark: secondary contacts red", "API", "127.0.0.1");
		while (jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
			.query(Long.class)
			.single() > 0) {
			Thread.sleep(20);
		}
		double changeSeconds = (System.nanoTime() - start) / 1e9;
		long changed = jdbc.sql("SELECT count(*) FROM code_status_history WHERE cause = :c")
			.param("c", "protocol v" + version.version())
			.query(Long.class)
			.single();
		System.out.printf("bulk recompute after a rule change (v%d): %,d persons, %,d codes changed, %.1f s%n",
				version.version(), ids.length, changed, changeSeconds);

		// baseline: one statement per person
		TransactionTemplate tx = app.getBean(TransactionTemplate.class);
		int sample = 10_000;
		SplittableRandom random = new SplittableRandom(4);
		start = System.nanoTime();
		for (int i = 0; i < sample; i++) {
			long id = ids[random.nextInt(ids.length)];
			tx.executeWithoutResult(s -> engine.recompute(List.of(id), "bench: baseline"));
		}
		double perPerson = (System.nanoTime() - start) / 1e9 / sample;
		System.out.printf("baseline, one statement per person: %.3f ms each → %.0f s for %,d persons%n",
				perPerson * 1000, perPerson * ids.length, ids.length);
	}

	private static Result verification(ConfigurableApplicationContext app, long[] ids, int seconds, int connections,
			String label) throws Exception {
		int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
		Caller admin = BenchSupport.cityWide(app, "bench-codes-admin", Role.ADMIN);
		String device = app.getBean(DeviceTokens.class)
			.issue(admin, new NewDevice(Device.Kind.GATE, null, "基准测试闸机", 120.62, 31.30, 30))
			.token();
		CodeTokens tokens = app.getBean(CodeTokens.class);
		// enough tokens for the run at 50,000/s (the others need far fewer)
		int count = label.equals("EpiGrid") ? 50_000 * seconds : 8000 * seconds;
		long started = System.nanoTime();
		String[] bodies = bodies(tokens, ids, count);
		System.out.printf("%n%s: %,d tokens made in %.1f s%n", label, count, (System.nanoTime() - started) / 1e9);
		// warm-up until the JIT has compiled the request path (on 2 cores that takes a
		// while)
		long warmEnd = System.nanoTime() + Duration.ofSeconds(WARM_UP_SECONDS).toNanos();
		String[] warm = Arrays.copyOf(bodies, Math.min(bodies.length, 20_000));
		while (System.nanoTime() < warmEnd) {
			fire(port, device, warm, connections, 5);
		}
		Result result = fire(port, device, bodies, connections, seconds);
		System.out.printf(
				"%s verification over HTTP: %,d requests in %.1f s = %,.0f/s; p50 %.2f ms, p99 %.2f ms,"
						+ " p99.9 %.2f ms; results %s%n",
				label, result.requests(), result.seconds(), result.perSecond(), result.p50(), result.p99(),
				result.p999(), result.results());
		return result;
	}

	/**
	 * Request bodies: 80 % valid, 5 % each expired, tampered, forged, malformed;
	 * shuffled.
	 */
	private static String[] bodies(CodeTokens tokens, long[] ids, int count) throws Exception {
		SigningKey stranger = SigningKey.generate("stranger", SigningKey.Algorithm.ES256, NOW);
		String[] bodies = new String[count];
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		List<Future<?>> parts = new ArrayList<>();
		for (int t = 0; t < 2; t++) {
			int seed = t;
			parts.add(pool.submit(() -> {
				SplittableRandom random = new SplittableRandom(seed);
				for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
					long person = ids[random.nextInt(ids.length)];
					int kind = random.nextInt(100);
					String code;
					if (kind < 80) {
						code = tokens.issue(claims(person, NOW, tokens));
					}
					else if (kind < 85) {
						code = tokens.issue(claims(person, NOW.minusSeconds(120), tokens));
					}
					else if (kind < 90) {
						byte[] cose = Base45.decode(tokens.issue(claims(person, NOW, tokens)).substring(5));
						cose[cose.length - 70] ^= 1;
						code = CodeTokens.PREFIX + Base45.encode(cose);
					}
					else if (kind < 95) {
						code = tokens.issue(claims(person, NOW, tokens), stranger);
					}
					else {
						code = "https://example.org/not-a-code/" + random.nextLong();
					}
					bodies[i] = "{\"code\":\"" + code + "\"}";
				}
				return null;
			}));
		}
		for (Future<?> part : parts) {
			part.get();
		}
		pool.shutdown();
		return bodies;
	}

	private static Claims claims(long person, Instant issuedAt, CodeTokens tokens) {
		return new Claims(person, "张*三", Colour.GREEN, false, issuedAt, issuedAt.plusSeconds(60), tokens.newTokenId(),
				Kind.DYNAMIC, null);
	}

	/**
	 * Sends the bodies over keep-alive connections for at most some seconds: one thread
	 * and a selector drive every connection (like wrk), each connection sending its next
	 * request as soon as the answer to the previous one has arrived, so that the load
	 * generator takes little of the 2 cores the platform runs on.
	 */
	private static Result fire(int port, String device, String[] bodies, int connections, int seconds)
			throws IOException {
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		int[] latencies = new int[bodies.length];
		int done = 0;
		int next = 0;
		Map<String, Long> counts = new java.util.TreeMap<>();
		long start = System.nanoTime();
		try (Selector selector = Selector.open()) {
			for (int c = 0; c < connections && next < bodies.length; c++) {
				SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.configureBlocking(false);
				HttpLoad.Connection connection = new HttpLoad.Connection(channel);
				channel.register(selector, SelectionKey.OP_READ, connection);
				connection.send(request(device, bodies[next++]));
			}
			int open = selector.keys().size();
			while (open > 0) {
				selector.select(1000);
				var keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					HttpLoad.Connection connection = (HttpLoad.Connection) key.attachment();
					String body = connection.receive();
					if (body == null) {
						continue;
					}
					latencies[done++] = (int) Math.min(Integer.MAX_VALUE,
							(System.nanoTime() - connection.sentAt()) / 1000);
					counts.merge(result(body), 1L, Long::sum);
					if (next < bodies.length && System.nanoTime() < deadline) {
						connection.send(request(device, bodies[next++]));
					}
					else {
						key.cancel();
						connection.channel().close();
						open--;
					}
				}
			}
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		int[] all = Arrays.copyOf(latencies, done);
		Arrays.sort(all);
		return new Result(all.length, elapsed, HttpLoad.percentile(all, 0.50), HttpLoad.percentile(all, 0.99),
				HttpLoad.percentile(all, 0.999), counts);
	}

	private static byte[] request(String device, String body) {
		byte[] json = body.getBytes(StandardCharsets.US_ASCII);
		byte[] head = ("POST /api/v1/codes/verify HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + device
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + json.length
				+ "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] all = Arrays.copyOf(head, head.length + json.length);
		System.arraycopy(json, 0, all, head.length, json.length);
		return all;
	}

	private static String result(String json) {
		int at = json.indexOf("\"result\":\"");
		return (at < 0) ? "?" : json.substring(at + 10, json.indexOf('"', at + 10));
	}

	private static void ingest(ConfigurableApplicationContext app, long[] ids) throws Exception {
		CheckInWriter writer = app.getBean(CheckInWriter.class);
		JdbcClient jdbc = app.getBean(JdbcClient.class);
		long venue = jdbc.sql("SELECT min(id) FROM venue").query(Long.class).single();
		int callers = 64;
		int count = 200_000;
		jdbc.sql("TRUNCATE check_in").update();
		double ours = timeCallers(callers, count, i -> writer.write(List.of(row(ids, venue, i))));
		long stored = jdbc.sql("SELECT count(*) FROM check_in").query(Long.class).single();
		System.out.printf("%ncheck-in ingest, %d concurrent callers, one check-in each call (group-commit COPY):"
				+ " %,d in %.1f s = %,.0f/s (stored %,d)%n", callers, count, ours, count / ours, stored);
		int baselineCount = 20_000;
		double baseline = timeCallers(callers, baselineCount,
				i -> jdbc
					.sql("INSERT INTO check_in (checked_at, venue_id, person_id, colour, star, allowed, via)"
							+ " VALUES (:at, :v, :p, 0, false, true, 'SELF')")
					.param("at", java.sql.Timestamp.from(NOW))
					.param("v", venue)
					.param("p", ids[i % ids.length])
					.update());
		System.out.printf("baseline, one INSERT per check-in: %,d in %.1f s = %,.0f/s%n", baselineCount, baseline,
				baselineCount / baseline);
		jdbc.sql("TRUNCATE check_in").update();
	}

	private static CheckInWriter.Row row(long[] ids, long venue, int i) {
		return new CheckInWriter.Row(NOW.plusMillis(i), venue, ids[i % ids.length], 0, false, true, "SELF");
	}

	private static double timeCallers(int callers, int count, java.util.function.IntConsumer call) throws Exception {
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<?>> futures = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				futures.add(pool.submit(() -> {
					for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
						call.accept(i);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
		}
		return (System.nanoTime() - start) / 1e9;
	}

	record Result(int requests, double seconds, double p50, double p99, double p999, Map<String, Long> results) {

		double perSecond() {
			return this.requests / this.seconds;
		}

	}

}
