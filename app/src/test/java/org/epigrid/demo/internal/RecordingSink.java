package org.epigrid.demo.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Keeps the rows of a generated town in memory and hashes their CSV encoding.
 */
final class RecordingSink implements RowSink {

	private final Map<DemoTable, List<Object[]>> rows = new EnumMap<>(DemoTable.class);

	private final MessageDigest digest;

	private final StringBuilder line = new StringBuilder();

	RecordingSink() {
		try {
			this.digest = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		for (DemoTable table : DemoTable.values()) {
			this.rows.put(table, new ArrayList<>());
		}
	}

	@Override
	public void row(DemoTable table, Object... values) {
		this.rows.get(table).add(values);
		this.line.setLength(0);
		this.line.append(table.tableName()).append(':');
		CsvEncoder.appendRow(this.line, table, values);
		this.digest.update(this.line.toString().getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public void close() {
	}

	List<Object[]> rows(DemoTable table) {
		return this.rows.get(table);
	}

	String hash() {
		return HexFormat.of().formatHex(this.digest.digest());
	}

}
