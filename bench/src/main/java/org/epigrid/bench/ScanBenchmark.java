package org.epigrid.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.population.Division;
import org.epigrid.population.DivisionManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.testing.RoundPopulation;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.TestingRoundManagement;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sampling scans over HTTP: {@code connections} samplers on keep-alive connections, each
 * opening a 10-in-1 tube and scanning ten persons' ID numbers into it, again and again,
 * for {@code seconds}. Every scan is the platform's whole path: authorisation, strict
 * JSON, the tube locked, the person identified, the sample written with the round's
 * double-sampling check, the tube filled and closed when full, the person marked sampled.
 * Each sampler works at a site of its own and scans the residents of the site's stretch
 * of neighbouring grids (a 64th of the town's grids), in random order, as a round sends
 * residents to the sampling point near them; {@code -Dbench.scan-draw=town} draws them
 * from the whole town instead (every scan a random place in the tables: a worst case).
 *
 * <p>
 * The baseline, in the same run on the same round: each scan one transaction through the
 * ordinary request pipeline ({@code epigrid.testing.scan-fast-path=false},
 * {@code scans-per-write=1}).
 *
 * <p>
 * Usage: {@code bench/run-scans.sh [persons=1000000] [seconds=20] [connections=64]}.
 */
public final class ScanBenchmark {

	private ScanBenchmark() {
	}

	private static void print(String what, int connections, Result result) {
		System.out.printf(Locale.ROOT,
				"%s (%d connections): %,d scans in %.1f s = %,.0f scans/s; p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms"
						+ " (plus %,d tube openings, p99 %.2f ms)%n",
				what, connections, result.scans, result.seconds, result.scans / result.seconds, result.p50, result.p99,
				result.p999, result.tubes, result.tubeP99);
	}

	/**
	 * Runs the benchmark.
	 * @param args persons, seconds, connections
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int persons = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int seconds = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int connections = (args.length > 2) ? Integer.parseInt(args[2]) : 64;
		Path dir = Path.of("bench/target/codes-db");
		Path home = Path.of("bench/target/scans-home");
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			BenchSupport.ensureTown(ds, DemoTownParameters.forPersons(persons));
			JdbcClient jdbc = JdbcClient.create(ds);
			for (String table : List.of("testing_certificate", "testing_sample", "testing_tube", "testing_round_person",
					"testing_round_target", "testing_round", "testing_handover", "testing_box", "sampling_site_staff",
					"sampling_site_report", "sampling_site")) {
				jdbc.sql("DELETE FROM " + table).update();
			}
			// the deleted rows are vacuumed now, not by autovacuum during the measured
			// run
			jdbc.sql("VACUUM ANALYZE testing_sample, testing_tube, testing_round_person, testing_box").update();
			String password = "bench-sampler-password";
			long[] siteIds = new long[connections];
			long roundId;
			List<List<String>> queues;
			Result platform;
			// -Dbench.scan-writers=N: the platform's run with N writer threads (the
			// platform's setting epigrid.testing.scan-writers; the baseline keeps 1)
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, null,
					"--server.tomcat.max-keep-alive-requests=-1",
					"--epigrid.testing.scan-writers=" + Integer.getInteger("bench.scan-writers", 1))) {
				int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
				Caller admin = BenchSupport.cityWide(app, "bench-scans-admin", Role.ADMIN);
				// the town's grids in order, split into one stretch of neighbouring grids
				// a
				// site (a mass-testing point serves the residents around it)
				List<Long> grids = jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY path")
					.query(Long.class)
					.list();
				Map<Long, Integer> siteOfGrid = new HashMap<>();
				for (int g = 0; g < grids.size(); g++) {
					siteOfGrid.put(grids.get(g), (int) ((long) g * connections / grids.size()));
				}
				SamplingSiteManagement sites = app.getBean(SamplingSiteManagement.class);
				UserManagement users = app.getBean(UserManagement.class);
				long sampler = users.findByUsername("bench-sampler")
					.orElseGet(() -> users
						.create(new NewUser("bench-sampler", "基准采样员", password, EnumSet.of(Role.SAMPLER), "/")))
					.id();
				for (int c = 0; c < connections; c++) {
					siteIds[c] = sites
						.register(admin,
								new NewSite("基准采样点" + c, SiteKind.MASS,
										grids.get((int) ((long) c * grids.size() / connections)), "基准路" + c + "号", null,
										null, null, 8, 600, null))
						.id();
					sites.addStaff(admin, siteIds[c], sampler);
				}
				long t0 = System.nanoTime();
				List<Long> town = app.getBean(DivisionManagement.class).top(admin).stream().map(Division::id).toList();
				TestingRound round = app.getBean(TestingRoundManagement.class)
					.start(admin,
							new TestingRoundManagement.NewRound("基准全员核酸", Instant.now().minus(Duration.ofHours(1)),
									Instant.now().plus(Duration.ofHours(12)), RoundPopulation.ALL, List.of(), List.of(),
									10, 0, town));
				roundId = round.id();
				System.out.printf(Locale.ROOT, "round over %,d persons started (population fixed) in %.1f s%n",
						round.required(), (System.nanoTime() - t0) / 1e9);
				// the round's million new rows are vacuumed and analysed now, as
				// autovacuum
				// does some minutes after a round starts, not in the middle of a measured
				// run
				// (it did: one run fell to 814 scans/s while it ran)
				jdbc.sql("VACUUM ANALYZE testing_round_person").update();
				// the persons each sampler scans, in the order they queue: the residents
				// of
				// its site's grids (-Dbench.scan-draw=town: persons from the whole town,
				// every scan somewhere else in the tables — a worst case no round has)
				boolean wholeTown = "town".equals(System.getProperty("bench.scan-draw", "grids"));
				queues = new ArrayList<>();
				for (int c = 0; c < connections; c++) {
					queues.add(new ArrayList<>());
				}
				List<String[]> residents = jdbc
					.sql("SELECT document_number, testing_grid_of(path) FROM person "
							+ "WHERE merged_into IS NULL AND document_type = 'RESIDENT_ID' ORDER BY id")
					.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
					.list();
				java.util.Random random = new java.util.Random(7);
				if (wholeTown) {
					Collections.shuffle(residents, random);
				}
				for (int i = 0; i < residents.size(); i++) {
					String[] resident = residents.get(i);
					int c = wholeTown || resident[1] == null ? i % connections
							: siteOfGrid.get(Long.parseLong(resident[1]));
					queues.get(c).add(resident[0]);
				}
				queues.forEach(queue -> Collections.shuffle(queue, random));
				System.out.printf(Locale.ROOT, "samplers scan the residents of %s%n", wholeTown
						? "the whole town (-Dbench.scan-draw=town)"
						: "their site's grids (about " + residents.size() / connections + " each, in random order)");
				String token = token(port, "bench-sampler", password);
				// warm-up with the first persons of each queue, then the measured run
				// with the next
				run(port, token, roundId, siteIds, part(queues, 0.0, 0.3), connections, 30, "warm-up");
				BenchSupport.statementsReset(jdbc);
				platform = run(port, token, roundId, siteIds, part(queues, 0.3, 0.7), connections, seconds, "measured");
				print("the platform: batched writes, fast path", connections, platform);
				BenchSupport.statements(jdbc, 25);
			}
			// the baseline: a transaction per scan through the ordinary request pipeline
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, null,
					"--server.tomcat.max-keep-alive-requests=-1", "--epigrid.testing.scan-fast-path=false",
					"--epigrid.testing.scans-per-write=1")) {
				int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
				String token = token(port, "bench-sampler", password);
				run(port, token, roundId, siteIds, part(queues, 0.7, 0.8), connections, 30, "x-warm-up");
				Result baseline = run(port, token, roundId, siteIds, part(queues, 0.8, 1.0), connections, seconds,
						"baseline");
				print("baseline: one transaction per scan, ordinary pipeline", connections, baseline);
				System.out.printf(Locale.ROOT, "the platform against the baseline: %.1f× the scans/s%n",
						(platform.scans / platform.seconds) / (baseline.scans / baseline.seconds));
			}
			long sampled = jdbc.sql("SELECT count(*) FROM testing_sample WHERE round_id = :r")
				.param("r", roundId)
				.query(Long.class)
				.single();
			long marked = jdbc
				.sql("SELECT count(*) FROM testing_round_person WHERE round_id = :r AND state = 'SAMPLED'")
				.param("r", roundId)
				.query(Long.class)
				.single();
			System.out.printf(Locale.ROOT, "stored: %,d samples, %,d persons marked sampled%n", sampled, marked);
		}
	}

	/** The same stretch of every sampler's queue. */
	private static List<List<String>> part(List<List<String>> queues, double from, double to) {
		return queues.stream()
			.map(queue -> queue.subList((int) (queue.size() * from), (int) (queue.size() * to)))
			.toList();
	}

	private static Result run(int port, String token, long round, long[] sites, List<List<String>> queues,
			int connections, int seconds, String label) throws IOException {
		int total = queues.stream().mapToInt(List::size).sum();
		long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		int[] scanLatencies = new int[total];
		int[] tubeLatencies = new int[total / 10 + connections + 1];
		int scans = 0;
		int tubes = 0;
		int[] next = new int[connections];
		int[] inTube = new int[connections];
		String[] tube = new String[connections];
		boolean[] opening = new boolean[connections];
		long start = System.nanoTime();
		// scans answered in each 5 s of the run: whether the rate holds as the tables
		// grow
		int[] perFiveSeconds = new int[seconds / 5 + 2];
		try (Selector selector = Selector.open()) {
			HttpLoad.Connection[] all = new HttpLoad.Connection[connections];
			for (int c = 0; c < connections; c++) {
				SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
				channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
				channel.configureBlocking(false);
				all[c] = new HttpLoad.Connection(channel);
				channel.register(selector, SelectionKey.OP_READ, c);
				tube[c] = label.charAt(0) + "" + round + "-" + c + "-" + 0;
				opening[c] = true;
				all[c].send(request(token, "/api/v1/testing/tubes",
						"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(tube[c], round, sites[c])));
			}
			int open = connections;
			int[] opened = new int[connections];
			while (open > 0) {
				selector.select(1000);
				var keys = selector.selectedKeys().iterator();
				while (keys.hasNext()) {
					SelectionKey key = keys.next();
					keys.remove();
					int c = (Integer) key.attachment();
					HttpLoad.Connection connection = all[c];
					String body = connection.receive();
					if (body == null) {
						continue;
					}
					int micros = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - connection.sentAt()) / 1000);
					if (opening[c]) {
						tubeLatencies[tubes++] = micros;
						opening[c] = false;
						inTube[c] = 0;
					}
					else {
						scanLatencies[scans++] = micros;
						inTube[c]++;
						perFiveSeconds[(int) Math.min(perFiveSeconds.length - 1,
								(System.nanoTime() - start) / 5_000_000_000L)]++;
					}
					if (next[c] >= queues.get(c).size() || System.nanoTime() >= deadline) {
						key.cancel();
						connection.channel().close();
						open--;
						continue;
					}
					if (inTube[c] == 10) {
						opened[c]++;
						tube[c] = label.charAt(0) + "" + round + "-" + c + "-" + opened[c];
						opening[c] = true;
						connection.send(request(token, "/api/v1/testing/tubes",
								"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(tube[c], round,
										sites[c])));
					}
					else {
						connection.send(request(token, "/api/v1/testing/tubes/" + tube[c] + "/samples",
								"{\"idNumber\":\"" + queues.get(c).get(next[c]++) + "\"}"));
					}
				}
			}
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		StringBuilder rates = new StringBuilder();
		for (int i = 0; i < perFiveSeconds.length && i * 5 < elapsed; i++) {
			rates.append(' ').append(perFiveSeconds[i] / 5);
		}
		System.out.printf(Locale.ROOT, "%s: scans/s in each 5 s:%s%n", label, rates);
		int[] s = Arrays.copyOf(scanLatencies, scans);
		Arrays.sort(s);
		int[] t = Arrays.copyOf(tubeLatencies, tubes);
		Arrays.sort(t);
		return new Result(scans, tubes, elapsed, HttpLoad.percentile(s, 0.5), HttpLoad.percentile(s, 0.99),
				HttpLoad.percentile(s, 0.999), HttpLoad.percentile(t, 0.99));
	}

	private static byte[] request(String token, String path, String body) {
		byte[] json = body.getBytes(StandardCharsets.US_ASCII);
		byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
				+ "\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: " + json.length
				+ "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
		byte[] all = Arrays.copyOf(head, head.length + json.length);
		System.arraycopy(json, 0, all, head.length, json.length);
		return all;
	}

	private static String token(int port, String username, String password) throws Exception {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/token"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"username\":\"%s\",\"password\":\"%s\"}".formatted(username, password)))
				.build(), HttpResponse.BodyHandlers.ofString());
		String body = answer.body();
		int at = body.indexOf("\"token\":\"");
		return body.substring(at + 9, body.indexOf('"', at + 9));
	}

	private record Result(int scans, int tubes, double seconds, double p50, double p99, double p999, double tubeP99) {
	}

}
