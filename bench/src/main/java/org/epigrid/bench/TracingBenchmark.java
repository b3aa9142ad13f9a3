package org.epigrid.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Passwords;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.testing.PositiveResult;
import org.epigrid.tracing.CaseManagement;
import org.epigrid.tracing.CaseState;
import org.epigrid.tracing.ContactDefinitions;
import org.epigrid.tracing.ContactManagement;
import org.epigrid.tracing.ContactRun;
import org.epigrid.tracing.NewCase;
import org.epigrid.tracing.TracingProtocolManagement;
import org.epigrid.tracing.TracingProtocolManagement.ProtocolChange;
import org.flywaydb.core.Flyway;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The contacts of cases over a city's check-ins: {@code persons} residents in households
 * of three, {@code grids} grids, {@code venues} venues (factories, offices, schools,
 * shops, markets, restaurants...), and 14 days of check-ins (~7.2 a person a day: 60 % go
 * to work, everyone shops and eats near home — about 100,000,000 for a million persons).
 * Measured through the platform (its services, as the API calls them): the close contacts
 * of one case, with secondary contacts, and 100 cases in one batch; a positive result
 * until its close contacts' codes are red. Baseline in the same run: the straightforward
 * SQL self-join of the check-ins on venue and overlapping stays.
 *
 * <p>
 * Usage:
 * {@code bench/run-tracing.sh [persons=1000000] [grids=500] [venues=100000] [folder]}
 * (the town is made once and kept in {@code bench/target/tracing-db}).
 */
public final class TracingBenchmark {

	/** The benchmark's "now": the end of the 14th day (22:00 in Beijing). */
	static final Instant NOW = Instant.parse("2026-11-30T14:00:00Z");

	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	static final int DAYS = 14;

	/**
	 * Venue kinds by the last digit of a venue's rank in its grid, and their crowd class.
	 */
	static final String[] KINDS = { "FACTORY", "OFFICE", "SCHOOL", "SUPERMARKET", "RESTAURANT", "MARKET",
			"CONVENIENCE_STORE", "PHARMACY", "BANK", "GYM" };

	static final String[] CLASSES = { "CROWDED", "ORDINARY", "SENSITIVE", "CROWDED", "CROWDED", "CROWDED", "ORDINARY",
			"ORDINARY", "ORDINARY", "CROWDED" };

	private TracingBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args persons, grids, venues, folder
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int persons = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000_000;
		int grids = (args.length > 1) ? Integer.parseInt(args[1]) : 500;
		int venues = (args.length > 2) ? Integer.parseInt(args[2]) : 100_000;
		Path dir = Path.of((args.length > 3) ? args[3] : "bench/target/tracing-db").toAbsolutePath();
		Path home = Path.of("bench/target/tracing-home");
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
			// made whole by an earlier run: its check-ins indexed (the last step)
			boolean made = have == persons && jdbc
				.sql("""
						SELECT count(*) FROM pg_class WHERE relkind = 'i' AND relname LIKE 'check_in%person%' AND reltuples > 0""")
				.query(Long.class)
				.single() > 0;
			if (!made) {
				long t0 = System.nanoTime();
				Flyway.configure()
					.dataSource(ds)
					.locations("classpath:db/migration")
					.cleanDisabled(false)
					.load()
					.clean();
				Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
				town(ds, persons, grids, venues);
				System.out.printf(Locale.ROOT, "town of %,d persons, %,d grids, %,d venues made in %.1f s%n", persons,
						grids, venues, seconds(t0));
				t0 = System.nanoTime();
				long checkIns = checkIns(ds, persons, grids, venues);
				System.out.printf(Locale.ROOT, "%,d check-ins over %d days written and indexed in %.1f s%n", checkIns,
						DAYS, seconds(t0));
			}
			else {
				Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
			}
			// each run from the same start: no cases, contacts or code facts of an
			// earlier
			// run
			// (CASCADE: links, transfers, investigation entries, named contacts)
			jdbc.sql("TRUNCATE tracing_contact, tracing_contact_person, tracing_case CASCADE").update();
			jdbc.sql("TRUNCATE code_fact, code_status, code_status_history").update();
			jdbc.sql("DELETE FROM tracing_protocol WHERE version > 1").update();
			jdbc.sql("DELETE FROM event_publication").update();
			jdbc.sql("VACUUM ANALYZE tracing_protocol").update();
			long checkIns = jdbc.sql("""
					SELECT CAST(sum(c.reltuples) AS bigint) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
					WHERE i.inhparent = CAST('check_in' AS regclass)""").query(Long.class).single();
			System.out.printf(Locale.ROOT, "check-ins (estimated from the person index): %,d%n", checkIns);
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, NOW,
					"--epigrid.tracing.contacts-on-open=false")) {
				measure(app, ds, persons);
			}
		}
	}

	private static void measure(ConfigurableApplicationContext app, HikariDataSource ds, int persons) throws Exception {
		Caller epidemiologist = BenchSupport.cityWide(app, "bench-epidemiologist", Role.EPIDEMIOLOGIST);
		Caller commander = BenchSupport.cityWide(app, "bench-commander", Role.COMMANDER);
		CaseManagement cases = app.getBean(CaseManagement.class);
		ContactManagement contacts = app.getBean(ContactManagement.class);
		TracingProtocolManagement protocols = app.getBean(TracingProtocolManagement.class);
		ContactDefinitions defaults = protocols.current().definitions();
		JdbcClient jdbc = JdbcClient.create(ds);

		// 250 cases spread over the town, positive a day ago: look back 4 days before
		List<Long> caseIds = new ArrayList<>();
		List<Long> casePersons = new ArrayList<>();
		for (int i = 1; i <= 250; i++) {
			long person = 1 + (i * 7919L) % persons;
			casePersons.add(person);
			caseIds.add(cases.open(epidemiologist,
					new NewCase(person, null, null, NOW.minus(Duration.ofDays(1)), "基准", null), "API", "127.0.0.1")
				.id());
		}

		// -Dbench.parts=close,secondary,batch,positive,baseline (all by default)
		List<String> parts = List
			.of(System.getProperty("bench.parts", "close,secondary,batch,positive,baseline").split(","));
		BenchSupport.statementsReset(jdbc);
		// 1. close contacts of one case (the November 2022 rules: no secondary contacts)
		protocols.change(commander,
				new ProtocolChange("bench: close only", null,
						new ContactDefinitions(defaults.lookBackDays(), defaults.householdIsClose(),
								defaults.closeOverlapMinutes(), defaults.generalOverlapMinutes(), false)),
				"API", "127.0.0.1");
		if (parts.contains("close")) {
			List<ContactRun> closeRuns = new ArrayList<>();
			double[] close = time(caseIds.subList(0, 55), id -> closeRuns.add(contacts.run(epidemiologist, id)), 5);
			System.out.printf(Locale.ROOT,
					"platform, close contacts of one case (50 cases, after 5 warm-up): p50 %.0f ms, p95 %.0f ms, max %.0f ms; "
							+ "per case %s close, %s general%n",
					close[close.length / 2], close[(int) (close.length * 0.95)], close[close.length - 1],
					spread(closeRuns.stream().skip(5).mapToInt(ContactRun::close).toArray()),
					spread(closeRuns.stream().skip(5).mapToInt(ContactRun::general).toArray()));
			BenchSupport.statements(jdbc, 15);
		}
		// 1b. 100 cases in one batch, close contacts only
		if (parts.contains("batch")) {
			long t0 = System.nanoTime();
			ContactRun batch = contacts.run(epidemiologist, caseIds.subList(150, 250));
			System.out.printf(Locale.ROOT,
					"platform, 100 cases in one batch, close contacts: %.2f s (%,d close, %,d general)%n", seconds(t0),
					batch.close(), batch.general());
		}

		// 2. with secondary contacts (the ninth edition)
		protocols.change(commander, new ProtocolChange("bench: ninth edition", null, defaults), "API", "127.0.0.1");
		if (parts.contains("secondary")) {
			BenchSupport.statementsReset(jdbc);
			List<ContactRun> secondaryRuns = new ArrayList<>();
			double[] secondary = time(caseIds.subList(55, 110),
					id -> secondaryRuns.add(contacts.run(epidemiologist, id)), 5);
			System.out.printf(Locale.ROOT,
					"platform, with secondary contacts (50 cases, after 5 warm-up): p50 %.0f ms, p95 %.0f ms, max %.0f ms; "
							+ "per case %s close, %s secondary%n",
					secondary[secondary.length / 2], secondary[(int) (secondary.length * 0.95)],
					secondary[secondary.length - 1],
					spread(secondaryRuns.stream().skip(5).mapToInt(ContactRun::close).toArray()),
					spread(secondaryRuns.stream().skip(5).mapToInt(ContactRun::secondary).toArray()));
			BenchSupport.statements(jdbc, 15);
		}

		// 3. 100 cases in one batch, with secondary contacts
		if (parts.contains("batch-secondary")) {
			long t0 = System.nanoTime();
			ContactRun batch = contacts.run(epidemiologist, caseIds.subList(110, 150));
			System.out.printf(Locale.ROOT,
					"platform, 40 cases in one batch with secondary contacts: %.2f s (%,d close, %,d secondary, %,d general)%n",
					seconds(t0), batch.close(), batch.secondary(), batch.general());
		}

		// 4. a positive result until its close contacts' codes are red
		if (parts.contains("positive")) {
			positiveToRed(app, jdbc, 1 + (977L * 7919L) % persons);
		}
		// 5. the case list at 100,000 cases
		if (parts.contains("caselist")) {
			caseList(app, jdbc, cases, commander, persons);
		}
		// baselines: the straightforward self-join of the check-ins, same cases
		if (parts.contains("baseline")) {
			baseline(ds, casePersons.subList(5, 55));
			baselineSecondary(ds, casePersons.subList(60, 63));
		}
	}

	/**
	 * The case list with 100,000 cases (Shanghai's spring 2022 reached 600,000 infections
	 * over two months): the first page, a filtered page and a deep page, city-wide and
	 * for one township's grid, against the straightforward query peers page with (a path
	 * LIKE, the total counted for the pager).
	 */
	private static void caseList(ConfigurableApplicationContext app, JdbcClient jdbc, CaseManagement cases,
			Caller commander, int persons) throws Exception {
		long t0 = System.nanoTime();
		jdbc.sql(
				"""
						INSERT INTO tracing_case (person_id, path, classification, status, onset_date, first_positive_at, source,
						                          opened_at, opened_by, status_at)
						SELECT p.id, p.path, (ARRAY['ASYMPTOMATIC', 'MILD', 'MODERATE', NULL])[1 + p.id % 4],
						       (ARRAY['REPORTED', 'INVESTIGATING', 'TRANSFERRED', 'IN_HOSPITAL', 'RECOVERED'])[1 + p.id % 5], NULL,
						       CAST(:now AS timestamptz) - (p.id % 20160) * interval '1 minute', 'POSITIVE_RESULT',
						       CAST(:now AS timestamptz) - (p.id % 20160) * interval '1 minute' + interval '2 hours', 'bench',
						       CAST(:now AS timestamptz)
						  FROM person p
						 WHERE p.id % (:persons / 100000) = 0
						ON CONFLICT (person_id) DO NOTHING""")
			.param("now", java.sql.Timestamp.from(NOW))
			.param("persons", persons)
			.update();
		jdbc.sql("VACUUM ANALYZE tracing_case").update();
		long total = jdbc.sql("SELECT count(*) FROM tracing_case").query(Long.class).single();
		System.out.printf(Locale.ROOT, "%,d cases written in %.1f s%n", total, seconds(t0));
		String grid = jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path LIMIT 1 OFFSET 7")
			.query(String.class)
			.single();
		UserManagement users = app.getBean(UserManagement.class);
		Caller gridCommander = users.findByUsername("bench-grid-commander")
			.orElseGet(() -> users.create(new NewUser("bench-grid-commander", "基准", Passwords.generate(20),
					EnumSet.of(Role.COMMANDER), grid)))
			.asCaller();
		record Page(String name, Caller caller, CaseState state, int page) {
		}
		for (Page p : List.of(new Page("city, first page", commander, null, 0),
				new Page("city, in hospital, first page", commander, CaseState.IN_HOSPITAL, 0),
				new Page("city, page 1,000 (cases 50,000-50,049)", commander, null, 1000),
				new Page("one grid, first page", gridCommander, null, 0))) {
			double[] ms = new double[25];
			for (int i = 0; i < 30; i++) {
				long s = System.nanoTime();
				cases.list(p.caller(), p.state(), null, new PageRequest(p.page(), 50), "API", "127.0.0.1");
				if (i >= 5) {
					ms[i - 5] = (System.nanoTime() - s) / 1e6;
				}
			}
			Arrays.sort(ms);
			System.out.printf(Locale.ROOT, "platform, case list (%s): p50 %.1f ms, p95 %.1f ms%n", p.name(),
					ms[ms.length / 2], ms[(int) (ms.length * 0.95)]);
		}
		// the straightforward query: a LIKE on the path and the total for the pager
		String city = jdbc.sql("SELECT path FROM division WHERE level = 'CITY' ORDER BY path LIMIT 1")
			.query(String.class)
			.single();
		for (int page : new int[] { 0, 1000 }) {
			double[] ms = new double[10];
			for (int i = 0; i < 12; i++) {
				long s = System.nanoTime();
				jdbc.sql("SELECT count(*) FROM tracing_case WHERE path LIKE :p || '%'")
					.param("p", city)
					.query(Long.class)
					.single();
				jdbc.sql(
						"""
								SELECT * FROM tracing_case WHERE path LIKE :p || '%' ORDER BY opened_at DESC LIMIT 50 OFFSET :o""")
					.param("p", city)
					.param("o", page * 50)
					.query((rs, n) -> rs.getLong(1))
					.list();
				if (i >= 2) {
					ms[i - 2] = (System.nanoTime() - s) / 1e6;
				}
			}
			Arrays.sort(ms);
			System.out.printf(Locale.ROOT,
					"baseline, LIKE on the path with a total count, page %d: p50 %.1f ms, p95 %.1f ms%n", page,
					ms[ms.length / 2], ms[ms.length - 1]);
		}
	}

	/**
	 * A positive result published as testing does, timed until every close contact is
	 * red.
	 */
	private static void positiveToRed(ConfigurableApplicationContext app, JdbcClient jdbc, long person)
			throws Exception {
		ApplicationEventPublisher events = app;
		HealthCodeManagement codes = app.getBean(HealthCodeManagement.class);
		TransactionTemplate tx = app.getBean(TransactionTemplate.class);
		// the platform computes contacts on open in its own configuration; here the
		// benchmark opened cases without: a positive opens a case and computes at once
		// through the listener only if contacts-on-open is on, so the listener's path is
		// timed by asking for the run as the listener would
		long t0 = System.nanoTime();
		tx.executeWithoutResult(s -> events.publishEvent(new PositiveResult(person, 0, 0, "BENCH-POSITIVE", 0,
				NOW.minus(Duration.ofHours(20)), NOW, new BigDecimal("25.0"), "基准实验室")));
		Long caseId = null;
		while (caseId == null) {
			caseId = jdbc.sql("SELECT id FROM tracing_case WHERE person_id = :p")
				.param("p", person)
				.query(Long.class)
				.optional()
				.orElse(null);
			if (caseId == null) {
				Thread.sleep(20);
			}
		}
		double opened = seconds(t0);
		app.getBean(ContactManagement.class)
			.run(BenchSupport.cityWide(app, "bench-epidemiologist", Role.EPIDEMIOLOGIST), caseId);
		List<Long> close = jdbc.sql("SELECT person_id FROM tracing_contact WHERE case_id = :c AND level = 'CLOSE'")
			.param("c", caseId)
			.query(Long.class)
			.list();
		double computed = seconds(t0);
		List<Long> waiting = new ArrayList<>(close);
		while (!waiting.isEmpty()) {
			waiting.removeIf(p -> codes.status(p).colour() == Colour.RED);
			if (!waiting.isEmpty()) {
				Thread.sleep(50);
			}
			if (seconds(t0) > 600) {
				throw new IllegalStateException(waiting.size() + " close contacts still not red after 600 s");
			}
		}
		System.out.printf(Locale.ROOT,
				"platform, positive result to its %,d close contacts' codes red: %.2f s (case opened %.2f s, contacts "
						+ "computed %.2f s)%n",
				close.size(), seconds(t0), opened, computed);
	}

	/**
	 * The straightforward way: the case's check-ins joined to everyone's at the same
	 * venue whose stays overlap, as ranges.
	 */
	private static void baseline(HikariDataSource ds, List<Long> persons) throws Exception {
		double[] ms = new double[persons.size()];
		long rows = 0;
		try (Connection c = ds.getConnection()) {
			for (int i = 0; i < persons.size(); i++) {
				long t0 = System.nanoTime();
				rows += count(c,
						"""
								SELECT b.person_id, count(*)
								FROM check_in a
								JOIN venue v ON v.id = a.venue_id
								JOIN check_in b ON b.venue_id = a.venue_id AND b.person_id <> a.person_id
								 AND tstzrange(b.checked_at, b.checked_at + %2$s) && tstzrange(a.checked_at, a.checked_at + %2$s)
								WHERE a.person_id = %1$d AND a.checked_at >= '%3$s' AND a.checked_at < '%4$s'
								GROUP BY b.person_id"""
							.formatted(persons.get(i), DWELL_SQL, NOW.minus(Duration.ofDays(5)), NOW));
				ms[i] = (System.nanoTime() - t0) / 1e6;
			}
		}
		Arrays.sort(ms);
		System.out.printf(Locale.ROOT,
				"baseline self-join, contacts of one case (same 50 cases): p50 %.0f ms, p95 %.0f ms, max %.0f ms; %,d persons%n",
				ms[ms.length / 2], ms[(int) (ms.length * 0.95)], ms[ms.length - 1], rows);
	}

	/** The straightforward way for secondary contacts: the self-join twice. */
	private static void baselineSecondary(HikariDataSource ds, List<Long> persons) throws Exception {
		try (Connection c = ds.getConnection()) {
			for (long person : persons) {
				long t0 = System.nanoTime();
				long rows = count(c,
						"""
								WITH close AS (
								  SELECT b.person_id, min(b.checked_at) AS since
								  FROM check_in a
								  JOIN venue v ON v.id = a.venue_id
								  JOIN check_in b ON b.venue_id = a.venue_id AND b.person_id <> a.person_id
								   AND tstzrange(b.checked_at, b.checked_at + %2$s) && tstzrange(a.checked_at, a.checked_at + %2$s)
								  WHERE a.person_id = %1$d AND a.checked_at >= '%3$s' AND a.checked_at < '%4$s'
								  GROUP BY b.person_id
								)
								SELECT d.person_id, count(*)
								FROM close
								JOIN check_in a ON a.person_id = close.person_id AND a.checked_at >= close.since AND a.checked_at < '%4$s'
								JOIN venue v ON v.id = a.venue_id
								JOIN check_in d ON d.venue_id = a.venue_id AND d.person_id <> a.person_id
								 AND tstzrange(d.checked_at, d.checked_at + %2$s) && tstzrange(a.checked_at, a.checked_at + %2$s)
								GROUP BY d.person_id"""
							.formatted(person, DWELL_SQL, NOW.minus(Duration.ofDays(5)), NOW));
				System.out.printf(Locale.ROOT,
						"baseline self-join twice, secondary contacts of one case: %.2f s (%,d persons)%n", seconds(t0),
						rows);
			}
		}
	}

	/** The dwell of a venue {@code v} by its type, as the platform's defaults. */
	static final String DWELL_SQL = """
			CASE v.venue_type WHEN 'FACTORY' THEN interval '8 hours' WHEN 'OFFICE' THEN interval '8 hours'
			  WHEN 'SCHOOL' THEN interval '8 hours' WHEN 'SUPERMARKET' THEN interval '40 minutes'
			  WHEN 'RESTAURANT' THEN interval '90 minutes' WHEN 'MARKET' THEN interval '60 minutes'
			  WHEN 'CONVENIENCE_STORE' THEN interval '10 minutes' WHEN 'PHARMACY' THEN interval '10 minutes'
			  WHEN 'BANK' THEN interval '20 minutes' WHEN 'GYM' THEN interval '90 minutes' ELSE interval '1 hour' END""";

	private static long count(Connection c, String sql) throws Exception {
		long n = 0;
		try (Statement s = c.createStatement()) {
			s.execute("SET statement_timeout = '300s'");
			try (ResultSet rs = s.executeQuery(sql)) {
				while (rs.next()) {
					n++;
				}
			}
			catch (java.sql.SQLException ex) {
				System.out
					.println("  (baseline query stopped: " + ex.getMessage().lines().findFirst().orElse("") + ")");
				return -1;
			}
		}
		return n;
	}

	private interface Run {

		void run(long caseId) throws Exception;

	}

	/** Times each run, the first {@code warmUp} left out, sorted. */
	private static double[] time(List<Long> ids, Run run, int warmUp) throws Exception {
		double[] ms = new double[ids.size() - warmUp];
		for (int i = 0; i < ids.size(); i++) {
			long t0 = System.nanoTime();
			run.run(ids.get(i));
			if (i >= warmUp) {
				ms[i - warmUp] = (System.nanoTime() - t0) / 1e6;
			}
		}
		Arrays.sort(ms);
		return ms;
	}

	private static String spread(int[] values) {
		if (values.length == 0) {
			return "none";
		}
		int[] sorted = values.clone();
		Arrays.sort(sorted);
		return "p50 " + sorted[sorted.length / 2] + " (min " + sorted[0] + ", max " + sorted[sorted.length - 1] + ")";
	}

	/** Divisions, one building and unit per grid, households of three, venues. */
	private static void town(HikariDataSource ds, int persons, int grids, int venues) throws Exception {
		int perGrid = persons / grids;
		try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
			BenchSupport.township(s, grids);
			s.execute(
					"""
							INSERT INTO building (id, division_id, path, name, address, lon, lat)
							SELECT g, 10 + g, d.path, '基准楼' || g, '基准路' || g || '号', 120.9 + g * 0.0004, 28.1 + (g %% 20) * 0.002
							FROM generate_series(1, %d) AS g JOIN division d ON d.id = 10 + g"""
						.formatted(grids));
			s.execute(
					"INSERT INTO building_unit (id, building_id, name) SELECT g, g, '1单元' FROM generate_series(1, %d) g"
						.formatted(grids));
			// persons 1.. in grid order, three to a household
			s.execute("""
					INSERT INTO household (id, unit_id, path, room, address)
					SELECT h, 1 + (3 * (h - 1)) / %1$d, d.path, CAST(h AS text), '基准路' || h || '室'
					FROM generate_series(1, (%2$d + 2) / 3) AS h
					JOIN division d ON d.id = 11 + (3 * (h - 1)) / %1$d""".formatted(perGrid, persons));
			s.execute("""
					INSERT INTO person (id, name, document_type, document_number, sex, phone, household_id, path,
					                    population_type, created_at, updated_at)
					SELECT i, '居民' || i, 'OTHER', 'T' || i, 'UNKNOWN', '13' || lpad(CAST(i AS text), 9, '0'),
					       1 + (i - 1) / 3, d.path, 'RESIDENT', now(), now()
					FROM generate_series(1, %2$d) AS i JOIN division d ON d.id = 11 + (i - 1) / %1$d"""
				.formatted(perGrid, persons));
			s.execute("SELECT setval(pg_get_serial_sequence('person', 'id'), %d)".formatted(persons + 1));
			s.execute("SELECT setval(pg_get_serial_sequence('household', 'id'), %d)".formatted(persons));
			// venue v of grid 1 + (v - 1) %% grids, its kind by its rank in the grid
			StringBuilder kinds = new StringBuilder("ARRAY[");
			StringBuilder classes = new StringBuilder("ARRAY[");
			for (int k = 0; k < KINDS.length; k++) {
				kinds.append((k == 0) ? "" : ",").append('\'').append(KINDS[k]).append('\'');
				classes.append((k == 0) ? "" : ",").append('\'').append(CLASSES[k]).append('\'');
			}
			s.execute(
					"""
							INSERT INTO venue (id, grid_id, name, venue_type, address, lon, lat, capacity, crowd_class)
							SELECT v, 11 + (v - 1) %% %1$d, '基准场所' || v, (%2$s])[1 + ((v - 1) / %1$d) %% 10], '基准路' || v || '号',
							       120.9 + ((v - 1) %% %1$d) * 0.0004 + ((v * 7) %% 100) * 0.00001, 28.1 + ((v * 13) %% 100) * 0.0001,
							       200, (%3$s])[1 + ((v - 1) / %1$d) %% 10]
							FROM generate_series(1, %4$d) AS v"""
						.formatted(grids, kinds, classes, venues));
			s.execute("SELECT setval(pg_get_serial_sequence('venue', 'id'), %d)".formatted(venues + 1));
			s.execute("VACUUM ANALYZE division");
			s.execute("VACUUM ANALYZE household");
			s.execute("VACUUM ANALYZE person");
			s.execute("VACUUM ANALYZE venue");
		}
	}

	/**
	 * Fourteen days of check-ins, a day a statement, into day partitions made here, the
	 * indexes made after. Person p lives in grid g; 60 % work (a workplace of their grid,
	 * ~20 colleagues, 8 hours from about 8:00) and make 6 or 7 other visits a day, the
	 * others 7, to shops, markets, restaurants, banks and gyms of their own or a
	 * neighbouring grid, 7:00–21:00: 7.15 check-ins a person a day.
	 */
	private static long checkIns(HikariDataSource ds, int persons, int grids, int venues) throws Exception {
		int perGrid = persons / grids;
		int ranks = venues / grids;
		LocalDate last = LocalDate.ofInstant(NOW, ZONE);
		long total = 0;
		try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
			s.execute("DROP INDEX IF EXISTS check_in_venue_idx");
			s.execute("DROP INDEX IF EXISTS check_in_person_idx");
			for (int d = 0; d < DAYS; d++) {
				LocalDate day = last.minusDays(DAYS - 1 - d);
				String name = "check_in_" + day.toString().replace("-", "");
				s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF check_in FOR VALUES FROM ('" + day
						+ " 00:00:00+08') TO ('" + day.plusDays(1) + " 00:00:00+08')");
				long t0 = System.nanoTime();
				// h: a hash of (person, day, slot); slot 0 is work
				int n = s.executeUpdate(
						"""
								INSERT INTO %1$s (checked_at, venue_id, person_id, colour, star, allowed, via)
								SELECT CAST('%2$s 00:00:00+08' AS timestamptz)
								         + CASE WHEN i = 0 THEN (450 + h %% 60) * interval '1 minute' + ((h / 60) %% 60) * interval '1 second'
								                ELSE (420 + (h / 4) %% 840) * interval '1 minute'
								                     + ((h / 3360) %% 60) * interval '1 second' END,
								       CASE WHEN i = 0 THEN g + %3$d * (10 * ((p / 7) %% (%4$d / 10)) + p %% 3)
								            ELSE 1 + ((g - 1) + (h %% 3) - 1 + %3$d) %% %3$d
								                 + %3$d * (10 * ((h / 3360 / 60) %% (%4$d / 10)) + 3 + (h / 3) %% 7) END,
								       p, 0, false, true, 'SELF'
								FROM generate_series(1, %5$d) AS p
								CROSS JOIN LATERAL (SELECT 1 + (p - 1) / %6$d AS g) AS grid
								CROSS JOIN LATERAL generate_series(0, 7) AS i
								CROSS JOIN LATERAL (SELECT (hashint8extended((CAST(p AS bigint) * 16 + %7$d) * 8 + i, 42)
								                            & 9223372036854775807) AS h) AS hash
								WHERE (i = 0 AND p %% 10 < 6)
								   OR (i BETWEEN 1 AND 6)
								   OR (i = 7 AND p %% 10 >= 6)
								   OR (i = 7 AND p %% 10 < 6 AND (p + %7$d) %% 4 = 0)"""
							.formatted(name, day, grids, ranks, persons, perGrid, d));
				total += n;
				System.out.printf(Locale.ROOT, "  day %s: %,d check-ins in %.1f s%n", day, n, seconds(t0));
			}
			long t0 = System.nanoTime();
			s.execute("SET maintenance_work_mem = '1GB'");
			s.execute("CREATE INDEX check_in_venue_idx ON check_in (venue_id, checked_at)");
			System.out.printf(Locale.ROOT, "  venue index in %.1f s%n", seconds(t0));
			t0 = System.nanoTime();
			s.execute("CREATE INDEX check_in_person_idx ON check_in (person_id, checked_at)");
			System.out.printf(Locale.ROOT, "  person index in %.1f s%n", seconds(t0));
			s.execute("VACUUM ANALYZE check_in");
		}
		return total;
	}

	private static double seconds(long t0) {
		return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
	}

}
