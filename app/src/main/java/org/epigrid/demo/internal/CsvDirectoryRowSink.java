package org.epigrid.demo.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Writes one CSV file per table ({@code person.csv} ...) into a directory, each with a
 * header row naming the table's columns in table order, so that
 * {@code COPY person FROM '.../person.csv' (FORMAT csv, HEADER)} loads it. Also writes
 * {@code load.psql}, a psql script that loads the files in foreign-key order and resets
 * the identity sequences.
 */
public final class CsvDirectoryRowSink implements RowSink {

	private final Path directory;

	private final Map<DemoTable, Writer> writers = new EnumMap<>(DemoTable.class);

	private final StringBuilder line = new StringBuilder(256);

	/**
	 * Creates the directory if needed and opens one file per table, replacing existing
	 * ones.
	 * @param directory the target directory
	 * @throws IOException if a file cannot be created
	 */
	public CsvDirectoryRowSink(Path directory) throws IOException {
		this.directory = directory;
		Files.createDirectories(directory);
		try {
			for (DemoTable table : DemoTable.values()) {
				Writer writer = Files.newBufferedWriter(file(table), StandardCharsets.UTF_8);
				this.writers.put(table, writer);
				this.line.setLength(0);
				CsvEncoder.appendHeader(this.line, table);
				writer.append(this.line);
			}
		}
		catch (IOException ex) {
			closeWriters();
			throw ex;
		}
	}

	private Path file(DemoTable table) {
		return this.directory.resolve(table.tableName() + ".csv");
	}

	@Override
	public void row(DemoTable table, Object... values) throws IOException {
		this.line.setLength(0);
		CsvEncoder.appendRow(this.line, table, values);
		this.writers.get(table).append(this.line);
	}

	@Override
	public void close() throws IOException {
		closeWriters();
		StringBuilder script = new StringBuilder(
				"-- Loads the demo town CSV files into empty tables, in foreign-key order.\n")
			.append("BEGIN;\n");
		for (DemoTable table : DemoTable.values()) {
			script.append("\\copy ")
				.append(table.tableName())
				.append(" (")
				.append(table.columnList())
				.append(") FROM '")
				.append(table.tableName())
				.append(".csv' WITH (FORMAT csv, HEADER)\n");
		}
		for (DemoTable table : DemoTable.values()) {
			script.append(Sequences.resetStatement(table)).append(";\n");
		}
		script.append("COMMIT;\n");
		Files.writeString(this.directory.resolve("load.psql"), script, StandardCharsets.UTF_8);
	}

	private void closeWriters() throws IOException {
		IOException failure = null;
		for (Writer writer : this.writers.values()) {
			try {
				writer.close();
			}
			catch (IOException ex) {
				failure = (failure != null) ? failure : ex;
			}
		}
		this.writers.clear();
		if (failure != null) {
			throw failure;
		}
	}

}
