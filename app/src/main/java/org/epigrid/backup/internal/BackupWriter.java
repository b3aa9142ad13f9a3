package org.epigrid.backup.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.epigrid.backup.internal.BackupManifest.Partition;
import org.epigrid.backup.internal.BackupManifest.TableCopy;
import org.epigrid.backup.internal.DatabaseCatalogReader.Catalog;
import org.epigrid.backup.internal.DatabaseCatalogReader.Table;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import org.springframework.stereotype.Component;

/**
 * Writes a backup: every application table's rows as {@code COPY … TO STDOUT (FORMAT
 * binary)} streams in a zip file, with a {@link BackupManifest}. All of it is read in one
 * read-only {@code REPEATABLE READ} transaction, so the copy is one consistent moment
 * although the platform keeps working; the tables are locked against schema changes (a
 * dropped day partition) for that long, not against writes.
 */
@Component
public class BackupWriter {

	private static final String README = """
			EpiGrid backup: every table of the platform's database at one moment.
			manifest.json names the schema version, the tables (in the order they load) with
			their row counts and SHA-256, partitions and sequences; tables/ holds one
			PostgreSQL COPY (FORMAT binary) stream per table.
			Restore: ./epigrid restore THIS-FILE (docs/operations.md). It holds every
			person's ID number: keep it as safe as the database.
			""";

	private final DataSource dataSource;

	private final DatabaseCatalogReader catalog;

	private final Flyway flyway;

	private final Clock clock;

	BackupWriter(DataSource dataSource, DatabaseCatalogReader catalog, Flyway flyway, Clock clock) {
		this.dataSource = dataSource;
		this.catalog = catalog;
		this.flyway = flyway;
		this.clock = clock;
	}

	/**
	 * Writes a backup of the database.
	 * @param out where the zip goes; not closed
	 * @return what was written
	 * @throws UncheckedIOException if writing fails
	 * @throws org.springframework.dao.DataAccessException if reading fails
	 */
	public BackupManifest write(OutputStream out) {
		String history = this.flyway.getConfiguration().getTable();
		try (Connection connection = this.dataSource.getConnection()) {
			connection.setAutoCommit(false);
			connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			connection.setReadOnly(true);
			try {
				// the first statement takes the snapshot
				String schemaVersion = this.catalog.schemaVersion(connection, history);
				Instant createdAt = this.clock.instant();
				Catalog tables = this.catalog.read(connection, history);
				lock(connection, tables.tables());
				for (Partition partition : tables.partitions()) {
					Sql.bound(partition.bound());
					if (partition.partitionBy() != null) {
						Sql.partitionKey(partition.partitionBy());
					}
				}
				ZipOutputStream zip = new ZipOutputStream(new NotClosing(out), StandardCharsets.UTF_8);
				zip.setLevel(Deflater.BEST_SPEED);
				zip.putNextEntry(new ZipEntry("README.txt"));
				zip.write(README.getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
				CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
				List<TableCopy> copies = new ArrayList<>();
				int index = 0;
				for (Table table : tables.tables()) {
					index++;
					copies.add(copy(copy, zip, table, "tables/%03d-%s.pgcopy".formatted(index, table.name())));
				}
				BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, BackupManifest.FORMAT_VERSION,
						createdAt, schemaVersion, this.catalog.serverVersion(connection), copies, tables.partitions(),
						this.catalog.sequenceValues(connection, tables.sequences()));
				zip.putNextEntry(new ZipEntry(BackupManifest.ENTRY));
				zip.write(manifest.toJson());
				zip.closeEntry();
				zip.finish();
				zip.flush();
				connection.commit();
				return manifest;
			}
			finally {
				if (!connection.getAutoCommit()) {
					connection.rollback();
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Backup failed: " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Backup failed: " + ex.getMessage(), ex);
		}
	}

	private static void lock(Connection connection, List<Table> tables) throws SQLException {
		if (tables.isEmpty()) {
			return;
		}
		try (var statement = connection.createStatement()) {
			statement.execute("LOCK TABLE " + Sql.identifiers(tables.stream().map(Table::name).toList())
					+ " IN ACCESS SHARE MODE");
		}
	}

	private static TableCopy copy(CopyManager copy, ZipOutputStream zip, Table table, String entry)
			throws SQLException, IOException {
		List<String> columns = table.columns().stream().map(BackupManifest.Column::name).toList();
		// COPY of a partitioned table must go through a query (its rows are its
		// partitions')
		String sql = table.partitioned()
				? "COPY (SELECT " + Sql.identifiers(columns) + " FROM " + Sql.identifier(table.name())
						+ ") TO STDOUT (FORMAT binary)"
				: "COPY " + Sql.identifier(table.name()) + " (" + Sql.identifiers(columns)
						+ ") TO STDOUT (FORMAT binary)";
		zip.putNextEntry(new ZipEntry(entry));
		MessageDigest sha256 = sha256();
		CountingStream counted = new CountingStream(new DigestOutputStream(new NotClosing(zip), sha256));
		long rows = copy.copyOut(sql, counted);
		counted.flush();
		zip.closeEntry();
		return new TableCopy(table.name(), entry, table.columns(), table.partitioned(), rows, counted.count(),
				HexFormat.of().formatHex(sha256.digest()));
	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Counts the bytes written through it. */
	private static final class CountingStream extends FilterOutputStream {

		private long count;

		CountingStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			this.out.write(b);
			this.count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
			this.count += len;
		}

		long count() {
			return this.count;
		}

	}

	/** Leaves the stream below open when closed. */
	private static final class NotClosing extends FilterOutputStream {

		NotClosing(OutputStream out) {
			super(out);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			this.out.write(b, off, len);
		}

		@Override
		public void close() throws IOException {
			flush();
		}

	}

}
