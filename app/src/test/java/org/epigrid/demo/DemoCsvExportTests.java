package org.epigrid.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.epigrid.demo.internal.DemoTable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CSV files of a small town: one per table, with a header and a row per generated
 * row.
 */
class DemoCsvExportTests {

	@Test
	void writesOneCsvFilePerTableWithAHeaderRow(@TempDir Path directory) throws IOException {
		DemoTownParameters parameters = DemoTownParameters.standard().withGridsPerTownship(3);
		DemoTownCounts counts = DemoTownWriter.writeCsv(directory, parameters);
		for (DemoTable table : DemoTable.values()) {
			List<String> lines = Files.readAllLines(directory.resolve(table.tableName() + ".csv"));
			assertThat(lines.get(0)).isEqualTo(String.join(",", table.columns()));
		}
		assertThat(lines(directory, "person")).isEqualTo(counts.persons() + 1);
		assertThat(lines(directory, "household")).isEqualTo(counts.households() + 1);
		assertThat(lines(directory, "building")).isEqualTo(counts.buildings() + 1);
		assertThat(lines(directory, "grid_staff")).isEqualTo(counts.gridStaff() + 1);
		assertThat(lines(directory, "venue")).isEqualTo(counts.venues() + 1);
		assertThat(Files.readString(directory.resolve("load.psql"))).contains("\\copy person (id, name, document_type")
			.contains("setval(pg_get_serial_sequence('person', 'id')");
	}

	@Test
	void csvFilesAreTheSameForTheSameSeed(@TempDir Path first, @TempDir Path second) throws IOException {
		DemoTownParameters parameters = DemoTownParameters.standard().withGridsPerTownship(2);
		DemoTownWriter.writeCsv(first, parameters);
		DemoTownWriter.writeCsv(second, parameters);
		for (DemoTable table : DemoTable.values()) {
			String name = table.tableName() + ".csv";
			assertThat(Files.mismatch(first.resolve(name), second.resolve(name))).as(name).isEqualTo(-1L);
		}
	}

	@Test
	void commandLineWritesTheFiles(@TempDir Path directory) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = DemoCsvExport.run(
				new String[] { "--persons", "3000", "--seed", "5", "--out", directory.toString() }, print(out),
				print(err));
		assertThat(status).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("persons");
		long persons = lines(directory, "person") - 1;
		assertThat(persons).isBetween(2000L, 4000L);
	}

	@Test
	void commandLineRefusesMissingOutput() {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int status = DemoCsvExport.run(new String[] { "--persons", "3000" }, print(new ByteArrayOutputStream()),
				print(err));
		assertThat(status).isEqualTo(2);
		assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required").contains("usage");
	}

	private static PrintStream print(ByteArrayOutputStream bytes) {
		return new PrintStream(bytes, true, StandardCharsets.UTF_8);
	}

	private static long lines(Path directory, String table) throws IOException {
		try (var lines = Files.lines(directory.resolve(table + ".csv"))) {
			return lines.count();
		}
	}

}
