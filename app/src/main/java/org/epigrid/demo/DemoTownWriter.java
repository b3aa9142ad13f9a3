package org.epigrid.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.epigrid.demo.internal.CopyRowSink;
import org.epigrid.demo.internal.CsvDirectoryRowSink;
import org.epigrid.demo.internal.Sequences;
import org.epigrid.demo.internal.TownGenerator;

/**
 * Writes a generated town into PostgreSQL or into CSV files, streaming, so that towns of
 * millions of persons need little memory. Needs no Spring: benchmarks and the
 * {@link DemoCsvExport} command line use it directly.
 */
public final class DemoTownWriter {

	private DemoTownWriter() {
	}

	/**
	 * Loads a town into the population and demo tables through {@code COPY}, then moves
	 * the identity sequences past the loaded ids. Runs in the connection's current
	 * transaction (with auto-commit, every {@code COPY} commits by itself); neither
	 * commits nor closes the connection.
	 * @param connection a connection to a database migrated by Flyway, whose division,
	 * staff, building, household, person and demo tables are empty (rows carry their own
	 * ids)
	 * @param parameters the town
	 * @return the rows loaded
	 * @throws SQLException if a {@code COPY} fails, for example because a table was not
	 * empty
	 */
	public static DemoTownCounts copyInto(Connection connection, DemoTownParameters parameters) throws SQLException {
		DemoTownCounts counts;
		try (CopyRowSink sink = new CopyRowSink(connection)) {
			counts = new TownGenerator(parameters).generate(sink);
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof SQLException sql) {
				throw sql;
			}
			throw new UncheckedIOException(ex);
		}
		Sequences.reset(connection);
		return counts;
	}

	/**
	 * Writes a town as CSV files into {@code directory}: one file per table named after
	 * it ({@code person.csv}), with a header row of the table's columns, loadable with
	 * {@code COPY person FROM '/dir/person.csv' (FORMAT csv, HEADER)}, and a psql script
	 * {@code load.psql} that loads them all in foreign-key order.
	 * @param directory the directory, created if missing; existing files are replaced
	 * @param parameters the town
	 * @return the rows written
	 * @throws IOException if a file cannot be written
	 */
	public static DemoTownCounts writeCsv(Path directory, DemoTownParameters parameters) throws IOException {
		try (CsvDirectoryRowSink sink = new CsvDirectoryRowSink(directory)) {
			return new TownGenerator(parameters).generate(sink);
		}
	}

}
