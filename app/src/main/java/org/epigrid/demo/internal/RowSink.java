package org.epigrid.demo.internal;

import java.io.IOException;

/**
 * Receives the rows of the demo town as they are generated, so that a town of millions
 * never has to be held in memory. The generator emits a row only after every row it
 * refers to; a sink may therefore write tables in {@link DemoTable} order whenever it
 * flushes.
 * <p>
 * Values are {@code null}, {@link Long}, {@link Integer}, {@link Double}, {@link String},
 * {@link java.time.LocalDate}, {@link java.time.OffsetDateTime} or {@code String[]} (a
 * PostgreSQL text array), one per column of the table.
 */
public interface RowSink extends AutoCloseable {

	/**
	 * Accepts one row.
	 * @param table the table
	 * @param values one value per column of {@code table}
	 * @throws IOException if the row cannot be written
	 */
	void row(DemoTable table, Object... values) throws IOException;

	/**
	 * Writes whatever is still buffered and releases the sink's resources (not the
	 * connection it may have been given).
	 * @throws IOException if writing fails
	 */
	@Override
	void close() throws IOException;

}
