package org.epigrid.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Command line: writes a synthetic town of about the given number of persons as CSV
 * files, without Spring.
 *
 * <pre>
 * java -cp epigrid-app.jar:jts-core.jar org.epigrid.demo.DemoCsvExport --persons 1000000 --out /tmp/town [--seed 42] [--as-of 2026-01-01]
 * </pre>
 */
public final class DemoCsvExport {

	private static final String USAGE = "usage: DemoCsvExport --out DIR [--persons N] [--seed N] [--as-of YYYY-MM-DD]";

	private DemoCsvExport() {
	}

	/**
	 * Runs the export; exits with status 2 on bad arguments and 1 if writing fails.
	 * @param args {@code --out DIR} (required), {@code --persons N} (default: the
	 * standard town), {@code --seed N}, {@code --as-of YYYY-MM-DD}
	 */
	public static void main(String[] args) {
		int status = run(args, System.out, System.err);
		if (status != 0) {
			System.exit(status);
		}
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		DemoTownParameters parameters = DemoTownParameters.standard();
		Path directory = null;
		try {
			for (int i = 0; i < args.length; i++) {
				String value = (i + 1 < args.length) ? args[i + 1] : null;
				switch (args[i]) {
					case "--persons" -> parameters = DemoTownParameters.forPersons(Long.parseLong(required(value)))
						.withSeed(parameters.seed())
						.withAsOf(parameters.asOf());
					case "--seed" -> parameters = parameters.withSeed(Long.parseLong(required(value)));
					case "--as-of" -> parameters = parameters.withAsOf(LocalDate.parse(required(value)));
					case "--out" -> directory = Path.of(required(value));
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
				i++;
			}
			if (directory == null) {
				throw new IllegalArgumentException("--out is required");
			}
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			err.println(ex.getMessage());
			err.println(USAGE);
			return 2;
		}
		long start = System.nanoTime();
		try {
			DemoTownCounts counts = DemoTownWriter.writeCsv(directory, parameters);
			out.printf("Wrote %,d persons in %,d households, %,d grids (%d townships) to %s in %,d ms%n",
					counts.persons(), counts.households(), counts.grids(), parameters.townships(),
					directory.toAbsolutePath(), (System.nanoTime() - start) / 1_000_000);
			return 0;
		}
		catch (IOException ex) {
			err.println("Cannot write " + directory + ": " + ex.getMessage());
			return 1;
		}
	}

	private static String required(String value) {
		if (value == null || value.startsWith("--")) {
			throw new IllegalArgumentException("missing value");
		}
		return value;
	}

}
