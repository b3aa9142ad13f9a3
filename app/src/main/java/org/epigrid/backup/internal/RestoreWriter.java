package org.epigrid.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.epigrid.backup.internal.BackupManifest.Column;
import org.epigrid.backup.internal.BackupManifest.Partition;
import org.epigrid.backup.internal.BackupManifest.SequenceValue;
import org.epigrid.backup.internal.BackupManifest.TableCopy;
import org.epigrid.backup.internal.DatabaseCatalogReader.Catalog;
import org.epigrid.backup.internal.DatabaseCatalogReader.OwnedSequence;
import org.epigrid.backup.internal.DatabaseCatalogReader.Table;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a backup's rows into a database whose schema has just been migrated to the
 * backup's version, in one transaction: the partitions re-created, the tables' own
 * triggers paused (the rows were checked when they were first written, and a trigger that
 * notifies or counts must not see a restore), every table emptied (of the rows the
 * migrations put there) and filled by {@code COPY … FROM STDIN (FORMAT binary)} parents
 * first, each table's row count checked, and every sequence set where it was (and at
 * least past its column's largest value), so that new rows do not collide. If anything
 * fails, nothing is loaded.
 */
public class RestoreWriter {

	private static final Logger log = LoggerFactory.getLogger(RestoreWriter.class);

	private final DataSource dataSource;

	private final DatabaseCatalogReader catalog;

	/**
	 * Creates the writer.
	 * @param dataSource the database
	 * @param catalog its catalogue
	 */
	public RestoreWriter(DataSource dataSource, DatabaseCatalogReader catalog) {
		this.dataSource = dataSource;
		this.catalog = catalog;
	}

	/**
	 * Loads a backup.
	 * @param backup the backup, verified
	 * @param historyTable Flyway's history table
	 * @return the rows loaded per table
	 * @throws InvalidBackupException if the backup's tables do not match the schema
	 * @throws IllegalStateException if the database refuses the rows
	 */
	public Map<String, Long> load(BackupFileReader backup, String historyTable) {
		BackupManifest manifest = backup.manifest();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			try {
				Catalog live = this.catalog.read(connection, historyTable);
				check(manifest, live);
				try (Statement statement = connection.createStatement()) {
					for (Partition partition : manifest.partitions()) {
						statement.execute("CREATE TABLE IF NOT EXISTS " + Sql.identifier(partition.name())
								+ " PARTITION OF " + Sql.identifier(partition.parent()) + " "
								+ Sql.bound(partition.bound()) + ((partition.partitionBy() != null)
										? " PARTITION BY " + Sql.partitionKey(partition.partitionBy()) : ""));
					}
					List<String> names = manifest.tables().stream().map(TableCopy::name).toList();
					for (String name : names) {
						statement.execute("ALTER TABLE " + Sql.identifier(name) + " DISABLE TRIGGER USER");
					}
					if (!names.isEmpty()) {
						statement.execute("TRUNCATE " + Sql.identifiers(names));
					}
				}
				CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
				Map<String, Long> loaded = new LinkedHashMap<>();
				for (TableCopy table : manifest.tables()) {
					loaded.put(table.name(), copy(copy, backup, table));
				}
				try (Statement statement = connection.createStatement()) {
					for (TableCopy table : manifest.tables()) {
						statement.execute("ALTER TABLE " + Sql.identifier(table.name()) + " ENABLE TRIGGER USER");
					}
				}
				setSequences(connection, manifest.sequences());
				connection.commit();
				return loaded;
			}
			finally {
				if (!connection.getAutoCommit()) {
					connection.rollback();
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("The database refused the backup's rows: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Updates the planner's statistics of the loaded tables (a fresh load has none).
	 * @param tables the tables
	 */
	public void analyze(List<String> tables) {
		if (tables.isEmpty()) {
			return;
		}
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			statement.execute("ANALYZE " + Sql.identifiers(tables));
		}
		catch (SQLException ex) {
			log.warn("ANALYZE after the restore failed: {}", ex.getMessage());
		}
	}

	private static void check(BackupManifest manifest, Catalog live) {
		Map<String, List<Column>> schema = new LinkedHashMap<>();
		for (Table table : live.tables()) {
			schema.put(table.name(), table.columns());
		}
		List<String> problems = new ArrayList<>();
		for (TableCopy table : manifest.tables()) {
			List<Column> columns = schema.remove(table.name());
			if (columns == null) {
				problems.add("table " + table.name() + " does not exist");
			}
			else if (!columns.equals(table.columns())) {
				problems.add("table " + table.name() + " has columns " + columns + ", the backup " + table.columns());
			}
		}
		schema.keySet().forEach((name) -> problems.add("table " + name + " is not in the backup"));
		List<String> sequences = new ArrayList<>(live.sequences());
		for (SequenceValue sequence : manifest.sequences()) {
			if (!sequences.remove(sequence.name())) {
				problems.add("sequence " + sequence.name() + " does not exist");
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidBackupException("it does not match the schema of version " + manifest.schemaVersion()
					+ ": " + String.join("; ", problems));
		}
	}

	private static long copy(CopyManager copy, BackupFileReader backup, TableCopy table) throws SQLException {
		List<String> columns = table.columns().stream().map(Column::name).toList();
		String sql = "COPY " + Sql.identifier(table.name()) + " (" + Sql.identifiers(columns)
				+ ") FROM STDIN (FORMAT binary)";
		long rows;
		try (InputStream in = backup.stream(table)) {
			rows = copy.copyIn(sql, in, 1 << 16);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the data of table " + table.name(), ex);
		}
		if (rows != table.rows()) {
			throw new InvalidBackupException(
					"table " + table.name() + " loaded " + rows + " rows, the backup says " + table.rows());
		}
		return rows;
	}

	private void setSequences(Connection connection, List<SequenceValue> sequences) throws SQLException {
		try (PreparedStatement set = connection.prepareStatement("SELECT setval(CAST(? AS regclass), ?, ?)")) {
			for (SequenceValue sequence : sequences) {
				set.setString(1, Sql.identifier(sequence.name()));
				set.setLong(2, sequence.lastValue());
				set.setBoolean(3, sequence.called());
				set.execute();
			}
		}
		// a sequence is never behind its column: the next row gets a new number
		for (OwnedSequence owned : this.catalog.ownedSequences(connection)) {
			String sequence = Sql.identifier(owned.sequence());
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement
						.executeQuery("SELECT (SELECT max(" + Sql.identifier(owned.column()) + ") FROM "
								+ Sql.identifier(owned.table()) + "), last_value, is_called FROM " + sequence)) {
				rs.next();
				long max = rs.getLong(1);
				boolean hasRows = !rs.wasNull();
				long handedOut = rs.getBoolean(3) ? rs.getLong(2) : rs.getLong(2) - 1;
				if (hasRows && max > handedOut) {
					try (PreparedStatement set = connection.prepareStatement("SELECT setval(CAST(? AS regclass), ?)")) {
						set.setString(1, sequence);
						set.setLong(2, max);
						set.execute();
					}
					log.warn("Sequence {} was behind {}.{}: set to {}", owned.sequence(), owned.table(), owned.column(),
							max);
				}
			}
		}
	}

}
