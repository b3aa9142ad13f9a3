package org.epigrid.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.epigrid.backup.internal.BackupManifest.TableCopy;

/**
 * An open backup file: its manifest, a check of every table's stream against it, and the
 * streams.
 */
public final class BackupFileReader implements AutoCloseable {

	private final Path file;

	private final ZipFile zip;

	private final BackupManifest manifest;

	private BackupFileReader(Path file, ZipFile zip, BackupManifest manifest) {
		this.file = file;
		this.zip = zip;
		this.manifest = manifest;
	}

	/**
	 * Opens a backup file and reads its manifest.
	 * @param file the file
	 * @return the open file
	 * @throws InvalidBackupException if it is not a backup of a format this code reads
	 * @throws UncheckedIOException if it cannot be read
	 */
	public static BackupFileReader open(Path file) {
		ZipFile zip;
		try {
			zip = new ZipFile(file.toFile());
		}
		catch (ZipException ex) {
			throw new InvalidBackupException("it is not a zip file (" + ex.getMessage() + ")");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		try {
			ZipEntry entry = zip.getEntry(BackupManifest.ENTRY);
			if (entry == null) {
				throw new InvalidBackupException("it has no " + BackupManifest.ENTRY);
			}
			return new BackupFileReader(file, zip, BackupManifest.read(zip.getInputStream(entry)));
		}
		catch (IOException ex) {
			closeQuietly(zip);
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		catch (RuntimeException ex) {
			closeQuietly(zip);
			throw ex;
		}
	}

	/**
	 * The manifest.
	 * @return the manifest
	 */
	public BackupManifest manifest() {
		return this.manifest;
	}

	/**
	 * Reads every table's stream and compares its length and SHA-256 with the manifest.
	 * @throws InvalidBackupException if one is missing or differs (the file is damaged)
	 */
	public void verify() {
		byte[] buffer = new byte[1 << 16];
		for (TableCopy table : this.manifest.tables()) {
			MessageDigest sha256 = BackupWriter.sha256();
			long bytes = 0;
			try (InputStream in = stream(table)) {
				int read;
				while ((read = in.read(buffer)) > 0) {
					sha256.update(buffer, 0, read);
					bytes += read;
				}
			}
			catch (IOException ex) {
				throw new InvalidBackupException(
						"the data of table " + table.name() + " is damaged (" + ex.getMessage() + ")");
			}
			if (bytes != table.bytes() || !HexFormat.of().formatHex(sha256.digest()).equals(table.sha256())) {
				throw new InvalidBackupException("the data of table " + table.name() + " is damaged (its checksum "
						+ "differs from the manifest's)");
			}
		}
	}

	/**
	 * A table's {@code COPY} stream.
	 * @param table the table
	 * @return the stream; the caller closes it
	 * @throws IOException if it cannot be read
	 */
	public InputStream stream(TableCopy table) throws IOException {
		ZipEntry entry = (table.entry() == null) ? null : this.zip.getEntry(table.entry());
		if (entry == null) {
			throw new InvalidBackupException("the data of table " + table.name() + " is missing");
		}
		return this.zip.getInputStream(entry);
	}

	/**
	 * The file.
	 * @return its path
	 */
	public Path file() {
		return this.file;
	}

	@Override
	public void close() {
		closeQuietly(this.zip);
	}

	private static void closeQuietly(ZipFile zip) {
		try {
			zip.close();
		}
		catch (IOException ex) {
			// read only
		}
	}

}
