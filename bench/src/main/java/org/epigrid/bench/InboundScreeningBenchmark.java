package org.epigrid.bench;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.datahub.InboundScreening;
import org.epigrid.datahub.InboundStatus;
import org.epigrid.datahub.Screening;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Inbound screening benchmark (issue 3, MISSION A8; seed 002: "2,632 people from Tianjin
 * correlated with 10 million records"): an assistance letter lists 2,632 persons placed
 * in the outbreak city; the platform classifies them, and everybody else who came from
 * the city in the last 14 days, against 10,000,000 travel and telecom records.
 * <p>
 * The records are generated straight into the database (an import of 10^6 rows is
 * measured by {@link ImportBenchmark}), with the place keys the import computes (the SQL
 * function of migration V14, tested equal to the import's), around a fixed instant that
 * the platform's clock is set to, so that a database generated once stays valid: rail,
 * air, road and telecom records over 372 days (7 days of bookings ahead), 2 % of them
 * from one of four Tianjin place names, the rest from 296 other cities; the letter's
 * 2,632 persons placed in Tianjin 10 days ago, 559 of them with an arrival from Tianjin
 * since (480 arrived, 79 booked).
 * <p>
 * <b>EpiGrid</b>: {@link InboundScreening#screen} as a city-wide commander, timed over
 * repeated runs after a first one (reported: the records' pages are not yet in
 * PostgreSQL's buffers after a start) and three untimed ones. <b>Baseline</b>, in the
 * same run: the same classification written as one plain SQL statement over all records
 * (what a system without place keys does: read every record's JSON); its counts must
 * equal ours.
 * <p>
 * Usage: {@code bench/run-inbound-screening.sh [persons] [records] [runs]} (defaults
 * 1,000,000, 10,000,000 and 20 timed runs after the first and 3 more untimed).
 */
public final class InboundScreeningBenchmark {

	/**
	 * 12:00 on 1 November 2026 in Shanghai: the platform's "now" during the benchmark.
	 */
	static final Instant NOW = Instant.parse("2026-11-01T04:00:00Z");

	private static final int LISTED = 2_632;

	private static final int RETURNED = 480;

	private static final int BOOKED = 79;

	private static final String CITY = "天津";

	private static final int DAYS = 14;

	private static final int WARM_UP = 3;

	private static final String[] TIANJIN = { "天津", "天津市", "天津西站", "天津滨海国际机场" };

	private static final String[] SOURCES = { "rail-arrivals", "air-arrivals", "road-arrivals", "telecom-roaming" };

	private InboundScreeningBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args persons, records, timed runs, data folder
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int persons = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		long records = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
		int runs = args.length > 2 ? Integer.parseInt(args[2]) : 20;
		Path dir = Path.of(args.length > 3 ? args[3] : "bench/target/screening-db").toAbsolutePath();
		Path home = Path.of("bench/target/screening-home").toAbsolutePath();
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			JdbcClient jdbc = JdbcClient.create(ds);
			BenchSupport.ensureTown(ds, DemoTownParameters.forPersons(persons));
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home, NOW)) {
				long t0 = System.nanoTime();
				if (!generated(jdbc, records)) {
					// temporary tables: one connection throughout
					try (Connection connection = ds.getConnection()) {
						generate(JdbcClient.create(new SingleConnectionDataSource(connection, true)), records);
					}
					log("generated %,d records in %.1f s", count(jdbc), (System.nanoTime() - t0) / 1e9);
				}
				List<String> letter = jdbc.sql("SELECT id_number FROM bench_listed ORDER BY ord")
					.query(String.class)
					.list();
				long total = count(jdbc);
				InboundScreening screening = app.getBean(InboundScreening.class);
				Caller commander = BenchSupport.cityWide(app, "bench-commander", Role.COMMANDER);

				long c0 = System.nanoTime();
				Screening first = screening.screen(commander, CITY, DAYS, letter);
				double cold = (System.nanoTime() - c0) / 1e6;
				// the first runs after a start bring the records' pages into PostgreSQL's
				// buffers (reported: the first one); then the timed runs
				for (int i = 0; i < WARM_UP; i++) {
					screening.screen(commander, CITY, DAYS, letter);
				}
				double[] ms = new double[runs];
				Screening last = first;
				for (int i = 0; i < runs; i++) {
					long s0 = System.nanoTime();
					last = screening.screen(commander, CITY, DAYS, letter);
					ms[i] = (System.nanoTime() - s0) / 1e6;
				}
				Arrays.sort(ms);
				log("EpiGrid: first %.0f ms, then p50 %.0f ms, p95 %.0f ms, max %.0f ms over %d runs; %s", cold,
						percentile(ms, 50), percentile(ms, 95), ms[ms.length - 1], runs, last.counts());

				long cityOnly0 = System.nanoTime();
				Screening cityOnly = screening.screen(commander, CITY, InboundScreening.MAX_DAYS, List.of());
				double cityOnlyMs = (System.nanoTime() - cityOnly0) / 1e6;
				log("EpiGrid, city only, %d days: %.0f ms; %s", InboundScreening.MAX_DAYS, cityOnlyMs,
						cityOnly.counts());

				long b0 = System.nanoTime();
				Map<InboundStatus, Long> baseline = baseline(jdbc, letter, DAYS);
				double baselineMs = (System.nanoTime() - b0) / 1e6;
				log("baseline: %.0f ms; %s", baselineMs, baseline);
				if (!baseline.equals(last.counts())) {
					throw new IllegalStateException(
							"counts differ: EpiGrid " + last.counts() + ", baseline " + baseline);
				}
				String md = String.format(Locale.ROOT, """
						records: %,d; listed: %,d; city: %s; window: %d days; now: %s

						| path | timed runs | first run after start, ms | p50 ms | p95 ms | max ms |
						|---|---:|---:|---:|---:|---:|
						| EpiGrid `InboundScreening.screen` (letter + city) | %d | %.0f | %.0f | %.0f | %.0f |
						| baseline: one plain SQL statement over all records | 1 | %.0f | | | |

						EpiGrid counts: %s (equal to the baseline's)
						EpiGrid, city only, %d days: %.0f ms, %s
						""", total, letter.size(), CITY, DAYS, NOW, runs, cold, percentile(ms, 50), percentile(ms, 95),
						ms[ms.length - 1], baselineMs, last.counts(), InboundScreening.MAX_DAYS, cityOnlyMs,
						cityOnly.counts());
				System.out.println();
				System.out.println(md);
				java.nio.file.Files.writeString(Path.of("bench/target/inbound-screening.md"), md);
			}
		}
	}

	private static boolean generated(JdbcClient jdbc, long records) {
		try {
			return jdbc.sql("SELECT records FROM bench_screening").query(Long.class).optional().orElse(-1L) == records;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static void generate(JdbcClient jdbc, long records) {
		jdbc.sql("DROP TABLE IF EXISTS bench_screening, bench_listed").update();
		jdbc.sql("TRUNCATE source_record_relink, source_record, import_rejected_row, import_job, record_place")
			.update();
		jdbc.sql("DELETE FROM person WHERE provisional").update();
		Timestamp now = Timestamp.from(NOW);
		// one completed job per source
		for (String code : SOURCES) {
			job(jdbc, code, now);
		}
		long letters = job(jdbc, "assistance-letters", now);

		List<String> cities = new ArrayList<>(Arrays.asList(TIANJIN));
		String[] others = { "北京", "上海", "广州", "深圳", "成都", "重庆", "西安", "杭州", "南京", "郑州", "长沙", "武汉", "沈阳", "哈尔滨", "昆明",
				"乌鲁木齐", "石家庄", "太原", "济南", "青岛", "合肥", "福州", "厦门", "南昌", "南宁", "贵阳", "兰州", "银川", "西宁", "拉萨", "呼和浩特",
				"长春", "大连", "宁波", "温州", "苏州", "无锡", "常州", "徐州", "海口", "三亚", "珠海", "佛山", "东莞", "汕头", "泉州", "烟台" };
		// 296 other place names: cities and their stations
		String[] suffixes = { "", "市", "站", "东站", "南站", "西站", "北站" };
		for (int i = 0; cities.size() < TIANJIN.length + 296; i++) {
			cities.add(others[i % others.length] + suffixes[(i / others.length) % suffixes.length]);
		}
		cities.add("天津市河西区");
		List<String> destinations = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			destinations.add("乐清市" + (char) ('一' + (i % 20)) + "区" + (i + 1) + "号路");
		}
		jdbc.sql("INSERT INTO record_place (name) SELECT unnest(CAST(:names AS text[]))")
			.param("names", cities.toArray(String[]::new))
			.update();
		jdbc.sql("INSERT INTO record_place (name) SELECT unnest(CAST(:names AS text[]))")
			.param("names", destinations.toArray(String[]::new))
			.update();
		jdbc.sql(
				"""
						CREATE TEMP TABLE origins AS
						SELECT row_number() OVER (ORDER BY o.ord) - 1 AS n, p.id, p.name
						FROM unnest(CAST(:names AS text[])) WITH ORDINALITY AS o(name, ord) JOIN record_place p ON p.name = o.name
						""")
			.param("names", cities.toArray(String[]::new))
			.update();
		jdbc.sql(
				"""
						CREATE TEMP TABLE destinations AS
						SELECT row_number() OVER (ORDER BY d.ord) - 1 AS n, p.id, p.name
						FROM unnest(CAST(:names AS text[])) WITH ORDINALITY AS d(name, ord) JOIN record_place p ON p.name = d.name
						""")
			.param("names", destinations.toArray(String[]::new))
			.update();
		jdbc.sql(
				"CREATE TEMP TABLE people AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id, name, document_number, phone"
						+ " FROM person WHERE NOT provisional AND document_type = 'RESIDENT_ID'")
			.update();
		jdbc.sql("CREATE UNIQUE INDEX ON people (n)").update();
		long people = jdbc.sql("SELECT count(*) FROM people").query(Long.class).single();
		List<Long> jobs = jdbc
			.sql("SELECT id FROM import_job WHERE source_id IN (SELECT id FROM data_source"
					+ " WHERE category = 'INBOUND_TRAVELLER') ORDER BY id")
			.query(Long.class)
			.list();
		long chunk = 1_000_000;
		for (long from = 1; from <= records; from += chunk) {
			long to = Math.min(records, from + chunk - 1);
			// origin: 2 % one of the four Tianjin names, else one of the others; time
			// uniform over 365 days back and 7 ahead
			jdbc.sql(
					"""
							INSERT INTO source_record (job_id, source_id, category, row_number, name, id_number, phone, occurred_at,
							                           fields, created_at, place_keys, person_id, link_method, link_score)
							SELECT j.id, j.source_id, 'INBOUND_TRAVELLER', g, p.name, p.document_number, p.phone, t.at,
							       jsonb_build_object('originCity', o.name, 'arrivalTime', to_char(t.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI'),
							                          'destination', d.name, 'trainOrFlight', 'G' || (g % 9000 + 1000)),
							       :now, ARRAY[datahub_place_key(1, o.id, t.at), datahub_place_key(2, d.id, t.at)], p.id, 'ID_NUMBER', 1
							FROM generate_series(CAST(:from AS bigint), CAST(:to AS bigint)) AS g
							CROSS JOIN LATERAL (SELECT hashint8extended(g, 1) & 9223372036854775807 AS h1,
							                           hashint8extended(g, 2) & 9223372036854775807 AS h2) AS h
							JOIN people p ON p.n = h.h1 % :people
							JOIN origins o ON o.n = CASE WHEN h.h2 % 1000 < 20 THEN h.h2 % 4 ELSE 4 + (h.h2 / 1000) % 296 END
							JOIN destinations d ON d.n = (h.h1 / 7) % 200
							CROSS JOIN LATERAL (SELECT CAST(:now AS timestamptz) - interval '365 days'
							                           + ((h.h2 / 1000000) % (372 * 86400)) * interval '1 second' AS at) AS t
							JOIN (SELECT id, source_id, row_number() OVER (ORDER BY id) - 1 AS n FROM import_job
							      WHERE id = ANY(CAST(:jobs AS bigint[]))) AS j ON j.n = g % 4
							""")
				.param("from", from)
				.param("to", to)
				.param("people", people)
				.param("now", now)
				.param("jobs", jobs.toArray(Long[]::new))
				.update();
			log("records %,d–%,d written", from, to);
		}
		// the letter: 2,632 persons placed in Tianjin 10 days ago; 480 of them arrived
		// from
		// Tianjin since, 79 have booked
		jdbc.sql("""
				CREATE TABLE bench_listed AS
				SELECT row_number() OVER (ORDER BY hashint8(n)) AS ord, id AS person_id, document_number AS id_number
				FROM people ORDER BY hashint8(n) LIMIT :listed
				""").param("listed", LISTED).update();
		jdbc.sql("""
				INSERT INTO source_record (job_id, source_id, category, row_number, name, id_number, phone, occurred_at,
				                           fields, created_at, place_keys, person_id, link_method, link_score)
				SELECT :job, j.source_id, 'ASSISTANCE_LETTER', l.ord, p.name, l.id_number, p.phone, t.at,
				       jsonb_build_object('riskArea', '天津市河西区', 'exposureTime', '2026-10-22T12:00', 'reason', '涉疫地区人员'),
				       :now, ARRAY[datahub_place_key(3, r.id, t.at)], l.person_id, 'ID_NUMBER', 1
				FROM bench_listed l JOIN person p ON p.id = l.person_id JOIN import_job j ON j.id = :job
				CROSS JOIN (SELECT id FROM record_place WHERE name = '天津市河西区') AS r
				CROSS JOIN (SELECT CAST(:now AS timestamptz) - interval '10 days' AS at) AS t
				""").param("job", letters).param("now", now).update();
		jdbc.sql(
				"""
						INSERT INTO source_record (job_id, source_id, category, row_number, name, id_number, phone, occurred_at,
						                           fields, created_at, place_keys, person_id, link_method, link_score)
						SELECT :job, j.source_id, 'INBOUND_TRAVELLER', :base + l.ord, p.name, l.id_number, p.phone, t.at,
						       jsonb_build_object('originCity', '天津西站', 'destination', d.name, 'trainOrFlight', 'G' || l.ord),
						       :now, ARRAY[datahub_place_key(1, o.id, t.at), datahub_place_key(2, d.id, t.at)], l.person_id,
						       'ID_NUMBER', 1
						FROM bench_listed l JOIN person p ON p.id = l.person_id JOIN import_job j ON j.id = :job
						JOIN destinations d ON d.n = l.ord % 200
						CROSS JOIN (SELECT id FROM record_place WHERE name = '天津西站') AS o
						CROSS JOIN LATERAL (SELECT CASE WHEN l.ord <= :returned
						                                THEN CAST(:now AS timestamptz) - (1 + l.ord % 9) * interval '1 day'
						                                ELSE CAST(:now AS timestamptz) + (1 + l.ord % 5) * interval '1 day' END AS at) AS t
						WHERE l.ord <= :returned + :booked
						""")
			.param("job", jobs.get(0))
			.param("base", records)
			.param("returned", RETURNED)
			.param("booked", BOOKED)
			.param("now", now)
			.update();
		jdbc.sql("""
				UPDATE import_job j SET first_record_id = r.first - 1, last_record_id = r.last
				FROM (SELECT job_id, min(id) AS first, max(id) AS last FROM source_record GROUP BY job_id) AS r
				WHERE r.job_id = j.id
				""").update();
		// a table filled long ago has been vacuumed and analysed
		jdbc.sql("VACUUM ANALYZE source_record").update();
		jdbc.sql("VACUUM ANALYZE record_place").update();
		jdbc.sql("CREATE TABLE bench_screening AS SELECT CAST(:records AS bigint) AS records")
			.param("records", records)
			.update();
	}

	private static long job(JdbcClient jdbc, String code, Timestamp now) {
		return jdbc
			.sql("""
					INSERT INTO import_job (source_id, file_name, stored_file, content_hash, size_bytes, format, encoding, state,
					                        created_by, jurisdiction, created_at, started_at, finished_at)
					SELECT s.id, :code || '.csv', 'generated', 'bench-' || :code, 0, 'CSV', 'UTF-8', 'COMPLETED', 'bench',
					       (SELECT path FROM division WHERE level = 'CITY' ORDER BY path LIMIT 1), :now, :now, :now
					FROM data_source s WHERE s.code = :code
					RETURNING id
					""")
			.param("code", code)
			.param("now", now)
			.query(Long.class)
			.single();
	}

	/**
	 * The same classification as {@link InboundScreening}, for linked persons, as one
	 * plain statement that reads every record.
	 */
	private static Map<InboundStatus, Long> baseline(JdbcClient jdbc, List<String> letter, int days) {
		Instant start = NOW.minus(Duration.ofDays(days));
		Map<InboundStatus, Long> counts = new EnumMap<>(InboundStatus.class);
		for (InboundStatus status : InboundStatus.values()) {
			counts.put(status, 0L);
		}
		jdbc.sql(
				"""
						WITH listed AS (
							SELECT DISTINCT coalesce(merged_into, id) AS person_id FROM person
							WHERE document_number = ANY(CAST(:ids AS text[])) AND document_type = 'RESIDENT_ID'
						),
						f AS (
							SELECT r.person_id, r.occurred_at,
							       (r.category = 'INBOUND_TRAVELLER' AND r.occurred_at >= :start) AS arrival,
							       (r.category = 'INBOUND_TRAVELLER' AND r.occurred_at >= :start
							        AND strpos(r.fields ->> 'originCity', :city) > 0) AS from_city,
							       ((r.category = 'INBOUND_TRAVELLER' AND r.occurred_at >= :start AND r.occurred_at <= :now
							         AND strpos(r.fields ->> 'destination', :city) > 0 AND strpos(r.fields ->> 'originCity', :city) = 0)
							        OR (r.category = 'ASSISTANCE_LETTER' AND strpos(r.fields ->> 'riskArea', :city) > 0
							            AND coalesce(r.occurred_at, r.created_at) >= :start
							            AND coalesce(r.occurred_at, r.created_at) <= :now)) AS placement
							FROM source_record r
							WHERE r.person_id IS NOT NULL AND r.category IN ('INBOUND_TRAVELLER', 'ASSISTANCE_LETTER')
						),
						keys AS (SELECT person_id FROM f WHERE from_city OR placement UNION SELECT person_id FROM listed),
						g AS (
							SELECT f.*, EXISTS (SELECT 1 FROM listed l WHERE l.person_id = f.person_id) AS listed,
							       bool_or(f.placement) OVER w AS placed,
							       max(f.occurred_at) FILTER (WHERE f.placement) OVER w AS last_placement
							FROM f JOIN keys USING (person_id)
							WINDOW w AS (PARTITION BY f.person_id)
						),
						per AS (
							SELECT person_id,
							       bool_or(arrival AND (from_city OR listed OR placed) AND occurred_at > coalesce(last_placement, '-infinity')
							               AND occurred_at > :now) AS about,
							       bool_or(arrival AND (from_city OR listed OR placed)
							               AND occurred_at > coalesce(last_placement, '-infinity')) AS returned,
							       bool_or(placement) AS placed
							FROM g GROUP BY person_id
						)
						SELECT CASE WHEN p.about THEN 'ABOUT_TO_RETURN' WHEN p.returned THEN 'RETURNED'
						            WHEN p.placed THEN 'STILL_AWAY' ELSE 'UNKNOWN' END, count(*)
						FROM keys k LEFT JOIN per p USING (person_id)
						GROUP BY 1
						""")
			.param("ids", letter.toArray(String[]::new))
			.param("start", Timestamp.from(start))
			.param("now", Timestamp.from(NOW))
			.param("city", CITY)
			.query((rs, i) -> counts.put(InboundStatus.valueOf(rs.getString(1)), rs.getLong(2)))
			.list();
		return counts;
	}

	private static long count(JdbcClient jdbc) {
		return jdbc.sql("SELECT count(*) FROM source_record").query(Long.class).single();
	}

	private static double percentile(double[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
	}

	private static void log(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

}
