package org.epigrid.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a backup file holds ({@code manifest.json} in the file): the schema version it was
 * taken at and, per table in the order of their foreign keys, the columns, the number of
 * rows and the SHA-256 of the table's {@code COPY} stream; the partitions to re-create
 * and the sequences' values.
 *
 * @param format always {@value #FORMAT}
 * @param formatVersion the layout of the file, {@value #FORMAT_VERSION} for this code
 * @param createdAt when the snapshot was taken
 * @param schemaVersion the Flyway version of the schema (e.g. {@code 24})
 * @param server the database server's version string
 * @param tables the tables, parents before the tables that reference them
 * @param partitions the partitions of partitioned tables, parents first
 * @param sequences the sequences' values
 */
public record BackupManifest(String format, int formatVersion, Instant createdAt, String schemaVersion, String server,
		List<TableCopy> tables, List<Partition> partitions, List<SequenceValue> sequences) {

	/** The file's name inside a backup. */
	public static final String ENTRY = "manifest.json";

	/** What {@link #format()} says. */
	public static final String FORMAT = "epigrid-backup";

	/** The format written and understood by this code. */
	public static final int FORMAT_VERSION = 1;

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	/**
	 * The total of all tables' rows.
	 * @return the number of rows
	 */
	public long rows() {
		return this.tables.stream().mapToLong(TableCopy::rows).sum();
	}

	/**
	 * The manifest as JSON.
	 * @return UTF-8 JSON
	 */
	public byte[] toJson() {
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
	}

	/**
	 * Reads a manifest.
	 * @param in the JSON
	 * @return the manifest
	 * @throws InvalidBackupException if it is not a manifest of this format
	 */
	public static BackupManifest read(InputStream in) {
		BackupManifest manifest;
		try (in) {
			manifest = JSON.readValue(in, BackupManifest.class);
		}
		catch (JacksonException ex) {
			throw new InvalidBackupException("its manifest is not readable: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (!FORMAT.equals(manifest.format()) || manifest.tables() == null || manifest.schemaVersion() == null
				|| manifest.partitions() == null || manifest.sequences() == null) {
			throw new InvalidBackupException("it is not an EpiGrid backup");
		}
		if (manifest.formatVersion() > FORMAT_VERSION) {
			throw new InvalidBackupException("it was written in format " + manifest.formatVersion()
					+ " by a newer EpiGrid; this one reads format " + FORMAT_VERSION);
		}
		return manifest;
	}

	/**
	 * One table's data.
	 *
	 * @param name the table
	 * @param entry the file inside the backup with its {@code COPY … (FORMAT binary)}
	 * stream
	 * @param columns the columns copied, in the stream's order (generated columns are not
	 * copied)
	 * @param partitioned whether the table is partitioned (its rows are those of all its
	 * partitions)
	 * @param rows the number of rows
	 * @param bytes the length of the stream
	 * @param sha256 the SHA-256 of the stream, hexadecimal
	 */
	public record TableCopy(String name, String entry, List<Column> columns, boolean partitioned, long rows, long bytes,
			String sha256) {
	}

	/**
	 * A column.
	 *
	 * @param name its name
	 * @param type its type as the catalogue formats it (e.g.
	 * {@code timestamp with time zone})
	 */
	public record Column(String name, String type) {
	}

	/**
	 * A partition of a partitioned table.
	 *
	 * @param name the partition
	 * @param parent the table it is a partition of
	 * @param bound its bound, e.g. {@code FOR VALUES FROM ('…') TO ('…')}
	 * @param partitionBy the partition key if it is partitioned itself, else {@code null}
	 */
	public record Partition(String name, String parent, String bound, String partitionBy) {
	}

	/**
	 * A sequence's state.
	 *
	 * @param name the sequence
	 * @param lastValue its last value
	 * @param called whether {@code lastValue} was handed out
	 */
	public record SequenceValue(String name, long lastValue, boolean called) {
	}

}
