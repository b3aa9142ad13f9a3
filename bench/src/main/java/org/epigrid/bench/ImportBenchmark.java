package org.epigrid.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariDataSource;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportManagement;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.security.Caller;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.PhoneNumber;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Import of a large rail-arrivals CSV file with validation and identity resolution
 * against a large population: the platform's own import ({@link ImportManagement#submit},
 * run by the real application started in-process), then the naive way (parse, validate,
 * one {@code SELECT} per row to find the person, one {@code INSERT} per row) on the first
 * rows of the same file, in the same run against the same database.
 *
 * <p>
 * Usage:
 * {@code bench/run-import.sh [persons] [rows] [baseline rows] [data folder] [runs]}
 * (defaults 1,000,000, 1,000,000, 50,000, {@code bench/target/import-db} and 3). The
 * platform's import runs that many times, each on a freshly started platform from the
 * same database state; the median is reported.
 */
public final class ImportBenchmark {

	private static final String SOURCE = "rail-arrivals";

	private static final String USERNAME = "bench-importer";

	private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String[] HEADER = { "姓名", "身份证号", "联系电话", "出发地", "到达时间", "目的地", "车次", "座位号" };

	private static final String[] ORIGINS = { "武汉", "北京", "上海", "广州", "深圳", "成都", "重庆", "西安", "杭州", "南京", "郑州", "长沙",
			"天津", "沈阳", "哈尔滨", "昆明", "乌鲁木齐", "石家庄" };

	private static final String[] DESTINATIONS = { "苏州站", "苏州北站", "苏州园区站", "苏州新区站", "昆山南站", "吴江站" };

	private static final String FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";

	private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国";

	private ImportBenchmark() {
	}

	/**
	 * Runs the benchmark.
	 * @param args persons (default 1,000,000), rows of the file (default 1,000,000), rows
	 * for the row-by-row baseline (default 50,000), data folder
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int persons = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
		int rows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
		int baselineRows = Math.min(rows, args.length > 2 ? Integer.parseInt(args[2]) : 50_000);
		int repetitions = args.length > 4 ? Integer.parseInt(args[4]) : 3;
		Path dir = Path.of(args.length > 3 ? args[3] : "bench/target/import-db").toAbsolutePath();
		Path home = Path.of("bench/target/import-home").toAbsolutePath();
		Path csv = Path.of("bench/target/import-rail-arrivals-" + rows + ".csv").toAbsolutePath();
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			JdbcClient jdbc = JdbcClient.create(ds);
			long t0 = System.nanoTime();
			BenchSupport.ensureTown(ds, DemoTownParameters.forPersons(persons));
			log("%,d persons ready in %.1f s", count(jdbc), (System.nanoTime() - t0) / 1e9);
			reset(jdbc, home);

			Mix mix = writeCsv(jdbc, csv, rows, new SplittableRandom(20260301L));
			log("persons: %,d; file %s: %,d rows (%,d known ID numbers, %,d unknown, %,d phone only, %,d invalid), %.1f MB",
					count(jdbc), csv.getFileName(), rows, mix.known(), mix.unknown(), mix.phoneOnly(), mix.invalid(),
					Files.size(csv) / 1e6);

			// several runs, each on a freshly started platform from the same state: the
			// median is reported, and every run is listed
			List<Ours> runs = new ArrayList<>();
			Links links = null;
			for (int run = 1; run <= repetitions; run++) {
				jdbc.sql("CHECKPOINT").update();
				Ours ours = runOurs(pg.getPort(), home, csv, rows);
				links = links(jdbc, ours.jobId());
				log("ours, run %d: %,d rows in %.2f s = %,.0f rows/s (submit %.2f s, queued %.2f s, running %.2f s); %s",
						run, ours.job().rowsRead(), ours.seconds(), rows / ours.seconds(), ours.submitSeconds(),
						ours.queuedSeconds(), ours.runningSeconds(), links);
				runs.add(ours);
				reset(jdbc, home);
			}
			List<Ours> bySpeed = runs.stream().sorted(Comparator.comparingDouble(Ours::seconds)).toList();
			Ours ours = bySpeed.get(bySpeed.size() / 2);

			jdbc.sql("CHECKPOINT").update();
			Baseline baseline = runBaseline(ds, csv, baselineRows);
			log("baseline: %,d rows in %.2f s = %,.0f rows/s (%,d accepted, %,d rejected)", baseline.rows(),
					baseline.seconds(), baseline.rows() / baseline.seconds(), baseline.accepted(), baseline.rejected());
			reset(jdbc, home);

			String md = table(count(jdbc), rows, mix, ours, runs, links, baseline);
			System.out.println();
			System.out.println(md);
			Path out = Path.of("bench/target/import.md");
			Files.createDirectories(out.getParent());
			Files.writeString(out, md);
		}
	}

	private static String table(long persons, int rows, Mix mix, Ours ours, List<Ours> runs, Links links,
			Baseline baseline) {
		double oursRate = rows / ours.seconds();
		double baselineRate = baseline.rows() / baseline.seconds();
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"persons: %,d; file: %,d rail-arrival rows (%,d known ID numbers, %,d unknown, %,d phone only, %,d invalid)%n%n",
				persons, rows, mix.known(), mix.unknown(), mix.phoneOnly(), mix.invalid()));
		md.append("| path | rows | seconds | rows/s |\n");
		md.append("|---|---:|---:|---:|\n");
		md.append(String.format(Locale.ROOT,
				"| EpiGrid import (`ImportManagement.submit` to COMPLETED), median of %d runs | %,d | %.2f | %,.0f |%n",
				runs.size(), rows, ours.seconds(), oursRate));
		md.append(String.format(Locale.ROOT,
				"| baseline: row-by-row JDBC, first %,d rows only (commit every 1,000) | %,d | %.2f | %,.0f |%n",
				baseline.rows(), baseline.rows(), baseline.seconds(), baselineRate));
		md.append(String.format(Locale.ROOT, "%nspeed-up: %.1f×; goal ≥ 50,000 rows/s: %s%n%n", oursRate / baselineRate,
				oursRate >= 50_000 ? "met" : "not met"));
		md.append(String.format(Locale.ROOT,
				"EpiGrid: submit (store, hash, check) %.2f s, queued %.2f s, running %.2f s; accepted %,d, rejected %,d; %s%n",
				ours.submitSeconds(), ours.queuedSeconds(), ours.runningSeconds(), ours.job().rowsAccepted(),
				ours.job().rowsRejected(), links));
		md.append(String.format(Locale.ROOT, "baseline: accepted %,d, rejected %,d%n", baseline.accepted(),
				baseline.rejected()));
		md.append("EpiGrid runs: ");
		md.append(String.join(", ",
				runs.stream()
					.map(r -> String.format(Locale.ROOT, "%.2f s (%,.0f rows/s)", r.seconds(), rows / r.seconds()))
					.toList()));
		md.append('\n');
		return md.toString();
	}

	/**
	 * Starts the platform on the benchmark's database, imports the file as a data officer
	 * and waits for the job to finish.
	 */
	private static Ours runOurs(int port, Path home, Path csv, int rows) throws Exception {
		try (ConfigurableApplicationContext app = BenchSupport.platform(port, home)) {
			JdbcClient jdbc = app.getBean(JdbcClient.class);
			Caller caller = BenchSupport.importer(app, USERNAME);
			ImportManagement imports = app.getBean(ImportManagement.class);

			long t0 = System.nanoTime();
			ImportJob job;
			try (InputStream in = Files.newInputStream(csv)) {
				job = imports.submit(caller, SOURCE, csv.getFileName().toString(), in);
			}
			long submitted = System.nanoTime();
			while (!job.finished()) {
				Thread.sleep(50);
				job = imports.find(caller, job.id());
			}
			long t1 = System.nanoTime();
			if (job.state() != ImportJob.State.COMPLETED) {
				throw new IllegalStateException("import failed: " + job.error());
			}
			if (job.rowsRead() != rows || job.rowsAccepted() + job.rowsRejected() != job.rowsRead()) {
				throw new IllegalStateException("import counted " + job.rowsRead() + " rows read, " + job.rowsAccepted()
						+ " accepted, " + job.rowsRejected() + " rejected; expected " + rows + " read");
			}
			long stored = jdbc.sql("SELECT count(*) FROM source_record WHERE job_id = :id")
				.param("id", job.id())
				.query(Long.class)
				.single();
			if (stored != job.rowsAccepted()) {
				throw new IllegalStateException(stored + " records stored, " + job.rowsAccepted() + " accepted");
			}
			double submitSeconds = (submitted - t0) / 1e9;
			double runningSeconds = Duration.between(job.startedAt(), job.finishedAt()).toNanos() / 1e9;
			double seconds = (t1 - t0) / 1e9;
			return new Ours(job.id(), job, seconds, submitSeconds,
					Math.max(0, seconds - submitSeconds - runningSeconds), runningSeconds);
		}
	}

	private static Links links(JdbcClient jdbc, long jobId) {
		Map<String, Long> byMethod = new LinkedHashMap<>();
		jdbc.sql("""
				SELECT coalesce(link_method, 'unlinked'), count(*) FROM source_record WHERE job_id = :id
				GROUP BY 1 ORDER BY 1
				""").param("id", jobId).query(rs -> {
			byMethod.put(rs.getString(1), rs.getLong(2));
		});
		return new Links(byMethod);
	}

	/**
	 * The naive import: for every row, parse, validate with the same rules, look the
	 * person up with one {@code SELECT}, register an unknown ID number as a provisional
	 * person, and store the record (or the rejected row) with one {@code INSERT};
	 * prepared statements, committing every 1,000 rows.
	 */
	private static Baseline runBaseline(HikariDataSource ds, Path csv, int limit) throws Exception {
		try (Connection c = ds.getConnection()) {
			c.setAutoCommit(false);
			long sourceId;
			String city;
			try (PreparedStatement st = c.prepareStatement("SELECT id FROM data_source WHERE code = ?")) {
				st.setString(1, SOURCE);
				sourceId = single(st);
			}
			try (PreparedStatement st = c
				.prepareStatement("SELECT path FROM division WHERE level = 'CITY' ORDER BY path LIMIT 1");
					ResultSet rs = st.executeQuery()) {
				rs.next();
				city = rs.getString(1);
			}
			long jobId;
			try (PreparedStatement st = c.prepareStatement(
					"""
							INSERT INTO import_job (source_id, file_name, stored_file, content_hash, size_bytes, state, created_by,
							                        jurisdiction, created_at, started_at)
							VALUES (?, ?, ?, 'baseline', ?, 'RUNNING', 'baseline', ?, now(), now()) RETURNING id
							""")) {
				st.setLong(1, sourceId);
				st.setString(2, csv.getFileName().toString());
				st.setString(3, csv.toString());
				st.setLong(4, Files.size(csv));
				st.setString(5, city);
				jobId = single(st);
			}
			c.commit();

			long accepted = 0;
			long rejected = 0;
			int read = 0;
			long t0 = System.nanoTime();
			try (CsvReader<CsvRecord> reader = CsvReader.builder().ofCsvRecord(csv);
					PreparedStatement byId = c.prepareStatement(
							"SELECT id FROM person WHERE document_number = ? AND document_type = 'RESIDENT_ID'");
					PreparedStatement byNamePhone = c.prepareStatement(
							"SELECT min(id) FROM person WHERE phone = ? AND name = ? HAVING count(*) = 1");
					PreparedStatement provisional = c.prepareStatement(
							"""
									INSERT INTO person (name, document_type, document_number, sex, birth_date, phone, path,
									                    population_type, tags, created_at, updated_at, provisional, provisional_source)
									VALUES (?, 'RESIDENT_ID', ?, ?, ?, ?, ?, 'FLOATING', '{}', now(), now(), TRUE, 'baseline')
									RETURNING id
									""");
					PreparedStatement insert = c.prepareStatement(
							"""
									INSERT INTO source_record (job_id, source_id, category, row_number, name, id_number, phone,
									                           occurred_at, fields, person_id, link_method, link_score, created_at)
									VALUES (?, ?, 'INBOUND_TRAVELLER', ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?, now())
									""");
					PreparedStatement reject = c.prepareStatement("""
							INSERT INTO import_rejected_row (job_id, row_number, cells, reasons)
							VALUES (?, ?, CAST(? AS jsonb), CAST(? AS jsonb))
							""")) {
				Columns columns = null;
				for (CsvRecord record : reader) {
					if (columns == null) {
						columns = Columns.of(record.getFields());
						continue;
					}
					if (read == limit) {
						break;
					}
					read++;
					List<String> cells = record.getFields();
					Parsed row = columns.parse(cells);
					if (!row.reasons().isEmpty()) {
						reject.setLong(1, jobId);
						reject.setLong(2, record.getStartingLineNumber());
						reject.setString(3, JSON.writeValueAsString(cells));
						reject.setString(4, JSON.writeValueAsString(row.reasons()));
						reject.executeUpdate();
						rejected++;
					}
					else {
						Long personId = null;
						String method = null;
						if (row.idNumber() != null) {
							byId.setString(1, row.idNumber());
							personId = optional(byId);
							method = "ID_NUMBER";
							if (personId == null) {
								IdNumber number = new IdNumber(row.idNumber());
								provisional.setString(1, row.name());
								provisional.setString(2, row.idNumber());
								provisional.setString(3, number.sex().name());
								provisional.setObject(4, number.birthDate());
								provisional.setString(5, row.phone());
								provisional.setString(6, city);
								personId = single(provisional);
								method = "PROVISIONAL";
							}
						}
						else {
							byNamePhone.setString(1, row.phone());
							byNamePhone.setString(2, row.name());
							personId = optional(byNamePhone);
							method = personId != null ? "NAME_PHONE" : null;
						}
						insert.setLong(1, jobId);
						insert.setLong(2, sourceId);
						insert.setLong(3, record.getStartingLineNumber());
						insert.setString(4, row.name());
						insert.setString(5, row.idNumber());
						insert.setString(6, row.phone());
						insert.setTimestamp(7, row.occurredAt() == null ? null : Timestamp.from(row.occurredAt()));
						insert.setString(8, JSON.writeValueAsString(row.fields()));
						if (personId == null) {
							insert.setNull(9, Types.BIGINT);
							insert.setNull(11, Types.REAL);
						}
						else {
							insert.setLong(9, personId);
							insert.setFloat(11, method.equals("NAME_PHONE") ? 0.95f : 1.0f);
						}
						insert.setString(10, method);
						insert.executeUpdate();
						accepted++;
					}
					if (read % 1_000 == 0) {
						c.commit();
					}
				}
			}
			try (PreparedStatement st = c.prepareStatement("""
					UPDATE import_job SET state = 'COMPLETED', rows_read = ?, rows_accepted = ?, rows_rejected = ?,
					       finished_at = now()
					WHERE id = ?
					""")) {
				st.setLong(1, read);
				st.setLong(2, accepted);
				st.setLong(3, rejected);
				st.setLong(4, jobId);
				st.executeUpdate();
			}
			c.commit();
			double seconds = (System.nanoTime() - t0) / 1e9;
			return new Baseline(read, accepted, rejected, seconds);
		}
	}

	/**
	 * A deterministic rail-arrivals file: ~90% rows with the ID number of a registered
	 * person (random, with repeats, as people travel more than once), ~5% valid ID
	 * numbers nobody registered, ~4% name and phone only, ~1% invalid (wrong check digit
	 * or impossible date).
	 */
	private static Mix writeCsv(JdbcClient jdbc, Path csv, int rows, SplittableRandom random) throws IOException {
		List<String[]> registered = new ArrayList<>();
		List<String[]> withPhone = new ArrayList<>();
		Set<String> numbers = new HashSet<>();
		jdbc.sql("""
				SELECT name, document_number, phone FROM person
				WHERE document_type = 'RESIDENT_ID' AND NOT provisional ORDER BY id
				""").query(rs -> {
			String[] p = { rs.getString(1), rs.getString(2), rs.getString(3) };
			registered.add(p);
			numbers.add(p[1]);
			if (p[2] != null) {
				withPhone.add(p);
			}
		});
		long known = 0;
		long unknown = 0;
		long phoneOnly = 0;
		long invalid = 0;
		DateTimeFormatter dashes = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
		DateTimeFormatter slashes = DateTimeFormatter.ofPattern("yyyy/M/d H:mm");
		DateTimeFormatter chinese = DateTimeFormatter.ofPattern("yyyy年M月d日 H时mm分ss秒");
		LocalDateTime first = LocalDateTime.of(2026, 1, 10, 6, 0);
		Files.createDirectories(csv.getParent());
		try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
			out.write(String.join(",", HEADER));
			out.write('\n');
			for (int r = 0; r < rows; r++) {
				String name;
				String id = "";
				String phone = "";
				LocalDateTime arrival = first.plusMinutes(random.nextInt(60 * 24 * 14));
				int format = random.nextInt(10);
				String time = (format < 8 ? dashes : format < 9 ? slashes : chinese).format(arrival);
				double u = random.nextDouble();
				if (u < 0.90) {
					String[] p = registered.get(random.nextInt(registered.size()));
					name = p[0];
					id = p[1];
					phone = p[2] == null ? "" : p[2];
					known++;
				}
				else if (u < 0.95) {
					name = randomName(random);
					do {
						id = randomIdNumber(random);
					}
					while (numbers.contains(id));
					phone = randomPhone(random);
					unknown++;
				}
				else if (u < 0.99) {
					String[] p = withPhone.get(random.nextInt(withPhone.size()));
					name = p[0];
					phone = p[2];
					phoneOnly++;
				}
				else {
					String[] p = registered.get(random.nextInt(registered.size()));
					name = p[0];
					if (random.nextBoolean()) {
						// wrong check digit
						char check = p[1].charAt(17);
						id = p[1].substring(0, 17) + (check == '0' ? '1' : '0');
					}
					else {
						id = p[1];
						time = "2026-02-30 08:" + (10 + random.nextInt(50));
					}
					invalid++;
				}
				String train = (random.nextInt(4) == 0 ? "D" : "G") + (1 + random.nextInt(7000));
				String seat = String.format(Locale.ROOT, "%02d车%02d%c", 1 + random.nextInt(16), 1 + random.nextInt(20),
						"ABCDF".charAt(random.nextInt(5)));
				out.write(String.join(",", name, id, phone, ORIGINS[random.nextInt(ORIGINS.length)], time,
						DESTINATIONS[random.nextInt(DESTINATIONS.length)], train, seat));
				out.write('\n');
			}
		}
		return new Mix(known, unknown, phoneOnly, invalid);
	}

	private static String randomName(SplittableRandom random) {
		StringBuilder name = new StringBuilder().append(FAMILY.charAt(random.nextInt(FAMILY.length())));
		int given = 1 + random.nextInt(2);
		for (int i = 0; i < given; i++) {
			name.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
		}
		return name.toString();
	}

	// a region outside the demo town (Wuhan, Jiang'an district), a plausible birth date
	private static String randomIdNumber(SplittableRandom random) {
		LocalDate birth = LocalDate.of(1950, 1, 1).plusDays(random.nextInt(365 * 55));
		String first17 = String.format(Locale.ROOT, "420102%04d%02d%02d%03d", birth.getYear(), birth.getMonthValue(),
				birth.getDayOfMonth(), random.nextInt(1000));
		return first17 + IdNumber.checkCharacter(first17);
	}

	private static String randomPhone(SplittableRandom random) {
		return "1" + (3 + random.nextInt(7)) + String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000));
	}

	/**
	 * Removes what imports left behind (jobs, records, rejected rows, provisional
	 * persons, stored uploads) so that every path starts from the loaded population
	 * alone.
	 */
	private static void reset(JdbcClient jdbc, Path home) throws IOException {
		jdbc.sql("TRUNCATE source_record_relink, source_record, import_rejected_row, import_job").update();
		jdbc.sql("DELETE FROM person WHERE provisional").update();
		jdbc.sql("VACUUM ANALYZE person").update();
		jdbc.sql("VACUUM ANALYZE source_record").update();
		Path uploads = home.resolve("imports");
		if (Files.isDirectory(uploads)) {
			try (Stream<Path> files = Files.walk(uploads)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
	}

	private static long single(PreparedStatement st) throws SQLException {
		try (ResultSet rs = st.executeQuery()) {
			if (!rs.next()) {
				throw new IllegalStateException("no row");
			}
			return rs.getLong(1);
		}
	}

	private static Long optional(PreparedStatement st) throws SQLException {
		try (ResultSet rs = st.executeQuery()) {
			return rs.next() ? rs.getLong(1) : null;
		}
	}

	private static long count(JdbcClient jdbc) {
		try {
			return jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private static void log(String format, Object... args) {
		System.out.println(String.format(Locale.ROOT, format, args));
	}

	record Mix(long known, long unknown, long phoneOnly, long invalid) {
	}

	record Ours(long jobId, ImportJob job, double seconds, double submitSeconds, double queuedSeconds,
			double runningSeconds) {
	}

	record Baseline(long rows, long accepted, long rejected, double seconds) {
	}

	record Links(Map<String, Long> byMethod) {

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder("linked by ");
			this.byMethod.forEach((method, n) -> text.append(String.format(Locale.ROOT, "%s %,d, ", method, n)));
			return text.substring(0, text.length() - 2);
		}

	}

	/**
	 * The baseline's row parsing and validation: the same rules as the platform's
	 * validator for the rail-arrivals columns (name required; ID number and phone
	 * normalised by {@link IdNumber} and {@link PhoneNumber}; one of them required; the
	 * arrival time in the date formats departments use).
	 */
	record Columns(int name, int idNumber, int phone, int origin, int arrival, int destination, int train, int seat) {

		private static final Pattern DATE = Pattern.compile(
				"(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?(?:[ T]+(\\d{1,2})[:时](\\d{1,2})(?:[:分](\\d{1,2})(?:\\.\\d+)?)?秒?)?");

		private static final Pattern COMPACT_DATE = Pattern
			.compile("(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})(\\d{2})?)?");

		static Columns of(List<String> header) {
			return new Columns(header.indexOf("姓名"), header.indexOf("身份证号"), header.indexOf("联系电话"),
					header.indexOf("出发地"), header.indexOf("到达时间"), header.indexOf("目的地"), header.indexOf("车次"),
					header.indexOf("座位号"));
		}

		Parsed parse(List<String> cells) {
			List<String> reasons = new ArrayList<>();
			Map<String, Object> fields = new LinkedHashMap<>();
			String name = cell(cells, this.name);
			if (name.isEmpty()) {
				reasons.add("姓名: is empty");
			}
			else {
				fields.put("name", name);
			}
			String id = cell(cells, this.idNumber);
			if (!id.isEmpty()) {
				try {
					fields.put("idNumber", new IdNumber(id).value());
				}
				catch (InvalidValueException ex) {
					reasons.add("身份证号: " + ex.getMessage());
				}
			}
			String phone = cell(cells, this.phone);
			if (!phone.isEmpty()) {
				try {
					fields.put("phone", new PhoneNumber(phone).value());
				}
				catch (InvalidValueException ex) {
					reasons.add("联系电话: " + ex.getMessage());
				}
			}
			text(fields, "originCity", cell(cells, this.origin));
			String arrival = cell(cells, this.arrival);
			if (!arrival.isEmpty()) {
				try {
					fields.put("arrivalTime", dateTime(arrival).toString());
				}
				catch (InvalidValueException ex) {
					reasons.add("到达时间: " + ex.getMessage());
				}
			}
			text(fields, "destination", cell(cells, this.destination));
			text(fields, "trainOrFlight", cell(cells, this.train));
			text(fields, "seat", cell(cells, this.seat));
			if (id.isEmpty() && phone.isEmpty()) {
				reasons.add("身份证号/联系电话: a record needs an ID number or a phone");
			}
			if (!reasons.isEmpty()) {
				return new Parsed(null, null, null, null, null, reasons);
			}
			Object time = fields.get("arrivalTime");
			Instant occurredAt = time == null ? null : LocalDateTime.parse(time.toString()).atZone(ZONE).toInstant();
			return new Parsed((String) fields.get("name"), (String) fields.get("idNumber"),
					(String) fields.get("phone"), occurredAt, fields, List.of());
		}

		private static void text(Map<String, Object> fields, String field, String value) {
			if (!value.isEmpty()) {
				fields.put(field, value);
			}
		}

		private static String cell(List<String> cells, int column) {
			return column >= 0 && column < cells.size() ? cells.get(column).strip() : "";
		}

		static LocalDateTime dateTime(String raw) {
			try {
				Matcher m = DATE.matcher(raw);
				if (m.matches()) {
					return LocalDateTime.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
							Integer.parseInt(m.group(3))), time(m.group(4), m.group(5), m.group(6)));
				}
				Matcher c = COMPACT_DATE.matcher(raw);
				if (c.matches()) {
					return LocalDateTime.of(LocalDate.of(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)),
							Integer.parseInt(c.group(3))), time(c.group(4), c.group(5), c.group(6)));
				}
				return LocalDateTime.parse(raw, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
			}
			catch (java.time.DateTimeException ex) {
				throw new InvalidValueException("is not a date: " + raw);
			}
		}

		private static LocalTime time(String h, String m, String s) {
			if (h == null) {
				return LocalTime.MIDNIGHT;
			}
			return LocalTime.of(Integer.parseInt(h), Integer.parseInt(m), s == null ? 0 : Integer.parseInt(s));
		}

	}

	record Parsed(String name, String idNumber, String phone, Instant occurredAt, Map<String, Object> fields,
			List<String> reasons) {
	}

}
