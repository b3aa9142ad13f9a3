package org.epigrid.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.epigrid.demo.internal.CopyRowSink;
import org.epigrid.demo.internal.CsvDirectoryRowSink;
import org.epigrid.demo.internal.DemoTable;
import org.epigrid.demo.internal.RowSink;
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
	 * the identity sequences past the loaded ids, and hands the town's venues to their
	 * owner (the venues module owns the {@code venue} table: this writer does not write
	 * it). Runs in the connection's current transaction (with auto-commit, every
	 * {@code COPY} commits by itself); neither commits nor closes the connection.
	 * @param connection a connection to a database migrated by Flyway, whose division,
	 * staff, building, household, person and demo tables are empty (rows carry their own
	 * ids)
	 * @param parameters the town
	 * @param venues takes the town's venues (with their ids) once the divisions they lie
	 * in are loaded, to register them through the venues module
	 * @return the rows loaded
	 * @throws SQLException if a {@code COPY} fails, for example because a table was not
	 * empty
	 */
	public static DemoTownCounts copyInto(Connection connection, DemoTownParameters parameters,
			Consumer<List<DemoVenue>> venues) throws SQLException {
		DemoTownCounts counts;
		List<DemoVenue> generated = new ArrayList<>();
		try (CopyRowSink copy = new CopyRowSink(connection)) {
			RowSink sink = new RowSink() {

				@Override
				public void row(DemoTable table, Object... values) throws IOException {
					if (table == DemoTable.VENUE) {
						generated.add(new DemoVenue(((Number) values[0]).longValue(), ((Number) values[1]).longValue(),
								(String) values[2], (String) values[3], (String) values[4],
								((Number) values[5]).doubleValue(), ((Number) values[6]).doubleValue(),
								((Number) values[7]).intValue(), (String) values[8]));
					}
					else {
						copy.row(table, values);
					}
				}

				@Override
				public void close() {
				}

			};
			counts = new TownGenerator(parameters).generate(sink);
		}
		catch (IOException ex) {
			if (ex.getCause() instanceof SQLException sql) {
				throw sql;
			}
			throw new UncheckedIOException(ex);
		}
		Sequences.reset(connection);
		venues.accept(List.copyOf(generated));
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
