package org.epigrid.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.datahub.ImportJob;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.security.Caller;
import org.epigrid.shared.IdNumber;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How well identity resolution links records to the right person, on records whose truth
 * is known: records are drawn from the demo town's persons and perturbed the way
 * department lists are (missing ID numbers, old phones, typos in names and ID numbers,
 * people not in the base), imported through the platform, and every automatic link is
 * checked against the truth.
 *
 * <p>
 * Precision = correct automatic links / all automatic links (a provisional person is a
 * link to a new person: correct only when the truth is "not in the base"). Recall =
 * records of persons in the base linked to the right person / accepted records of persons
 * in the base.
 *
 * <p>
 * Usage: {@code bench/run-identity-quality.sh [records=20000]}.
 */
public final class IdentityQualityBenchmark {

	private static final String TRUTH = "真值";

	private IdentityQualityBenchmark() {
	}

	/**
	 * Runs the measurement.
	 * @param args number of records (default 20,000)
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int records = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
		Path dir = Path.of("bench/target/identity-db").toAbsolutePath();
		Path home = Path.of("bench/target/identity-home").toAbsolutePath();
		Path csv = Path.of("bench/target/identity-records-" + records + ".csv").toAbsolutePath();
		try (EmbeddedPostgres pg = BenchSupport.postgres(dir);
				HikariDataSource ds = BenchSupport.dataSource(pg.getPort())) {
			BenchSupport.ensureTown(ds, DemoTownParameters.standard());
			JdbcClient jdbc = JdbcClient.create(ds);
			jdbc.sql("TRUNCATE source_record_relink, source_record, import_rejected_row, import_job").update();
			jdbc.sql("DELETE FROM person WHERE provisional").update();
			Map<String, Integer> scenarios = writeRecords(jdbc, csv, records, new SplittableRandom(20260401L));
			ImportJob job;
			try (ConfigurableApplicationContext app = BenchSupport.platform(pg.getPort(), home)) {
				Caller caller = BenchSupport.importer(app, "bench-identity");
				job = BenchSupport.importFile(app, caller, "police-floating", csv);
			}
			String md = evaluate(jdbc, job, scenarios);
			System.out.println();
			System.out.println(md);
			Files.writeString(Path.of("bench/target/identity-quality.md"), md);
		}
	}

	/**
	 * One record per sampled person, in one of six scenarios; the truth (person id, or
	 * "new") and the scenario go in a column the import keeps but never reads for
	 * linking.
	 */
	private static Map<String, Integer> writeRecords(JdbcClient jdbc, Path csv, int records, SplittableRandom random)
			throws Exception {
		record Truth(long id, String name, String idNumber, String phone, String birth, String address) {
		}
		List<Truth> persons = jdbc.sql("""
				SELECT p.id, p.name, p.document_number, p.phone, p.birth_date::text, h.address
				FROM person p JOIN household h ON h.id = p.household_id
				WHERE p.document_type = 'RESIDENT_ID' AND p.phone IS NOT NULL
				ORDER BY md5(p.id::text) LIMIT :n
				""")
			.param("n", records)
			.query((rs, i) -> new Truth(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6)))
			.list();
		Map<String, Integer> scenarios = new LinkedHashMap<>();
		List<String> lines = new ArrayList<>();
		lines.add("姓名,身份证号,联系电话,出生日期,现住址," + TRUTH);
		for (Truth t : persons) {
			double roll = random.nextDouble();
			String scenario;
			String line;
			if (roll < 0.35) {
				scenario = "A ID number (name typo in 10%)";
				line = line(random.nextDouble() < 0.1 ? typo(t.name(), random) : t.name(), t.idNumber(), "", "", "");
			}
			else if (roll < 0.55) {
				scenario = "B no ID; name + current phone";
				line = line(t.name(), "", t.phone(), "", "");
			}
			else if (roll < 0.70) {
				scenario = "C no ID; old phone; birth date + address";
				String address = random.nextBoolean() ? t.address() : t.address().replace("江苏省苏州市", "");
				line = line(t.name(), "", oldPhone(random), t.birth(), address);
			}
			else if (roll < 0.80) {
				scenario = "D no ID; name typo + current phone";
				line = line(typo(t.name(), random), "", t.phone(), "", "");
			}
			else if (roll < 0.90) {
				scenario = "E ID number with a one-digit typo";
				line = line(t.name(), digitTypo(t.idNumber(), random), "", "", "");
			}
			else {
				scenario = "F not in the base (new ID number)";
				lines.add(line(t.name() + "新", newIdNumber(random), "", "", "") + ",new|" + scenario);
				scenarios.merge(scenario, 1, Integer::sum);
				continue;
			}
			scenarios.merge(scenario, 1, Integer::sum);
			lines.add(line + "," + t.id() + "|" + scenario);
		}
		Files.write(csv, lines, StandardCharsets.UTF_8);
		return scenarios;
	}

	private static String evaluate(JdbcClient jdbc, ImportJob job, Map<String, Integer> scenarios) {
		record Outcome(String truth, String scenario, Long person, String method) {
		}
		List<Outcome> outcomes = jdbc
			.sql("""
					SELECT fields -> 'extra' ->> :truth AS truth, person_id, link_method FROM source_record WHERE job_id = :job
					""")
			.param("truth", TRUTH)
			.param("job", job.id())
			.query((rs, i) -> {
				String[] parts = rs.getString("truth").split("\\|", 2);
				return new Outcome(parts[0], parts[1], rs.getObject("person_id", Long.class),
						rs.getString("link_method"));
			})
			.list();
		long links = 0;
		long correctLinks = 0;
		long inBase = 0;
		long foundInBase = 0;
		Map<String, long[]> perScenario = new LinkedHashMap<>();
		for (Outcome o : outcomes) {
			long[] s = perScenario.computeIfAbsent(o.scenario(), k -> new long[4]);
			s[0]++;
			boolean known = !o.truth().equals("new");
			boolean linked = o.person() != null && o.method() != null && !o.method().equals("MANUAL");
			boolean correct = linked
					&& (o.method().equals("PROVISIONAL") ? !known : known && o.person() == Long.parseLong(o.truth()));
			if (linked) {
				links++;
				s[1]++;
				if (correct) {
					correctLinks++;
					s[2]++;
				}
			}
			if (known) {
				inBase++;
				if (correct) {
					foundInBase++;
				}
			}
			else if (!linked) {
				s[3]++;
			}
		}
		StringBuilder md = new StringBuilder();
		md.append(String.format(Locale.ROOT,
				"records: %,d written, %,d read, %,d accepted, %,d rejected (invalid ID numbers)%n%n",
				scenarios.values().stream().mapToInt(Integer::intValue).sum(), job.rowsRead(), job.rowsAccepted(),
				job.rowsRejected()));
		md.append("| scenario | accepted | linked automatically | of which right | right % |\n");
		md.append("|---|---:|---:|---:|---:|\n");
		perScenario.forEach((name, s) -> md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %,d | %.1f |%n", name,
				s[0], s[1], s[2], s[1] == 0 ? 100.0 : 100.0 * s[2] / s[1])));
		md.append(String.format(Locale.ROOT, "%n**Precision %.2f %%** (%,d of %,d automatic links right); "
				+ "**recall %.2f %%** (%,d of %,d accepted records of persons in the base linked to the right person)%n",
				100.0 * correctLinks / links, correctLinks, links, 100.0 * foundInBase / inBase, foundInBase, inBase));
		return md.toString();
	}

	private static String line(String name, String idNumber, String phone, String birth, String address) {
		return String.join(",", name, idNumber, phone, birth, "\"" + address.replace("\"", "\"\"") + "\"");
	}

	/** One character of the given name replaced by a similar-looking common one. */
	private static String typo(String name, SplittableRandom random) {
		String common = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰";
		int at = 1 + random.nextInt(Math.max(1, name.length() - 1));
		char replacement = common.charAt(random.nextInt(common.length()));
		if (name.charAt(Math.min(at, name.length() - 1)) == replacement) {
			replacement = common.charAt((common.indexOf(replacement) + 1) % common.length());
		}
		StringBuilder sb = new StringBuilder(name);
		sb.setCharAt(Math.min(at, name.length() - 1), replacement);
		return sb.toString();
	}

	/** One of the first 17 digits changed; the check character kept as it was. */
	private static String digitTypo(String idNumber, SplittableRandom random) {
		int at = 14 + random.nextInt(3);
		char digit = (char) ('0' + (idNumber.charAt(at) - '0' + 1 + random.nextInt(8)) % 10);
		return idNumber.substring(0, at) + digit + idNumber.substring(at + 1);
	}

	private static String oldPhone(SplittableRandom random) {
		return "166" + String.format("%08d", random.nextInt(100_000_000));
	}

	private static String newIdNumber(SplittableRandom random) {
		String first17 = "41152319" + String.format("%02d", 60 + random.nextInt(40))
				+ String.format("%02d", 1 + random.nextInt(12)) + String.format("%02d", 1 + random.nextInt(28))
				+ String.format("%03d", random.nextInt(1000));
		return first17 + IdNumber.checkCharacter(first17);
	}

}
