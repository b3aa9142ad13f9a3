package org.epigrid.demo.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes rows into PostgreSQL with {@code COPY ... FROM STDIN (FORMAT csv)} on the given
 * connection. Rows are buffered per table and flushed in {@link DemoTable} order whenever
 * the buffers grow beyond a few megabytes, so that foreign keys hold at every flush and
 * memory stays bounded however large the town. Transactions are the caller's.
 */
public final class CopyRowSink implements RowSink {

	private static final int FLUSH_CHARS = 8 * 1024 * 1024;

	private final CopyManager copyManager;

	private final Map<DemoTable, StringBuilder> buffers = new EnumMap<>(DemoTable.class);

	private int buffered;

	/**
	 * Creates a sink on a PostgreSQL connection (a pooled connection is unwrapped).
	 * @param connection an open connection, left open by {@link #close()}
	 * @throws SQLException if it is not a PostgreSQL connection
	 */
	public CopyRowSink(Connection connection) throws SQLException {
		this.copyManager = connection.unwrap(PGConnection.class).getCopyAPI();
		for (DemoTable table : DemoTable.values()) {
			this.buffers.put(table, new StringBuilder(1024));
		}
	}

	@Override
	public void row(DemoTable table, Object... values) throws IOException {
		StringBuilder buffer = this.buffers.get(table);
		int before = buffer.length();
		CsvEncoder.appendRow(buffer, table, values);
		this.buffered += buffer.length() - before;
		if (this.buffered >= FLUSH_CHARS) {
			flush();
		}
	}

	private void flush() throws IOException {
		for (DemoTable table : DemoTable.values()) {
			StringBuilder buffer = this.buffers.get(table);
			if (buffer.isEmpty()) {
				continue;
			}
			byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
			buffer.setLength(0);
			String sql = "COPY " + table.tableName() + " (" + table.columnList() + ") FROM STDIN WITH (FORMAT csv)";
			try {
				CopyIn copy = this.copyManager.copyIn(sql);
				try {
					copy.writeToCopy(bytes, 0, bytes.length);
					copy.endCopy();
				}
				finally {
					if (copy.isActive()) {
						copy.cancelCopy();
					}
				}
			}
			catch (SQLException ex) {
				throw new IOException("COPY into " + table.tableName() + " failed: " + ex.getMessage(), ex);
			}
		}
		this.buffered = 0;
	}

	@Override
	public void close() throws IOException {
		flush();
	}

}
