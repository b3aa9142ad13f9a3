package org.epigrid.datahub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import org.epigrid.datahub.internal.ImportQueue;
import org.epigrid.datahub.internal.ImportReader;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PlatformSettings;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.stereotype.Service;

/**
 * Imports of department files: accepted at once or refused with a clear reason, then read
 * in the background where every row is either accepted (and linked to a person) or
 * rejected with a reason per field. Nothing is half-imported: a job's records appear all
 * together or not at all.
 */
@Service
public class ImportManagement {

	private final DataSourceManagement sources;

	private final ImportQueue queue;

	private final ImportReader reader;

	private final Path folder;

	ImportManagement(DataSourceManagement sources, ImportQueue queue, ImportReader reader, PlatformSettings settings) {
		this.sources = sources;
		this.queue = queue;
		this.reader = reader;
		this.folder = settings.home().resolve("imports");
	}

	/**
	 * Takes a file for import. It is stored in the data folder, checked at once
	 * (readable, required columns present, not imported before) and queued.
	 * @param caller who imports; the records' jurisdiction is theirs
	 * @param sourceCode the data source
	 * @param fileName the file's original name
	 * @param content the file's bytes
	 * @return the queued job
	 * @throws NotFoundException if the source does not exist
	 * @throws FieldErrorsException naming {@code file} if it cannot be imported, and why
	 * @throws ConflictException naming {@code file} if the same file was imported into
	 * the same source before
	 */
	public ImportJob submit(Caller caller, String sourceCode, String fileName, InputStream content) {
		DataSource source = this.sources.byCode(sourceCode);
		String safeName = (fileName == null || fileName.isBlank()) ? "upload"
				: Path.of(fileName).getFileName().toString();
		Path stored = this.folder.resolve(UUID.randomUUID() + "-" + safeName.replaceAll("[^\\p{L}\\p{N}._-]", "_"));
		String hash;
		long size;
		try {
			Files.createDirectories(this.folder);
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			try (DigestInputStream in = new DigestInputStream(content, digest)) {
				size = Files.copy(in, stored);
			}
			// on disk before the job that reads it is committed: after a power cut the
			// job runs again from this file
			try (FileChannel file = FileChannel.open(stored, StandardOpenOption.WRITE)) {
				file.force(true);
			}
			syncFolder(this.folder);
			hash = HexFormat.of().formatHex(digest.digest());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot store the upload " + safeName, ex);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		try {
			if (size == 0) {
				throw FieldErrorsException.of("file", "is empty");
			}
			return this.queue.queue(caller, source, safeName, stored, hash, size);
		}
		catch (RuntimeException ex) {
			deleteQuietly(stored);
			throw ex;
		}
	}

	/**
	 * A job, if the caller may see it (same or wider jurisdiction than the importer's).
	 * @param caller the caller
	 * @param id the job
	 * @return the job
	 * @throws NotFoundException if it does not exist or is not visible to the caller
	 */
	public ImportJob find(Caller caller, long id) {
		return this.reader.find(caller, id).orElseThrow(() -> new NotFoundException("import " + id));
	}

	/**
	 * Recent jobs the caller may see, newest first.
	 * @param caller the caller
	 * @param page the page
	 * @return one page
	 */
	public Slice<ImportJob> recent(Caller caller, PageRequest page) {
		return this.reader.recent(caller, page);
	}

	/**
	 * The accepted records of a job, by row, with their links and how many sources name
	 * the linked person.
	 * @param caller the caller
	 * @param id the job
	 * @param page the page
	 * @return one page of records
	 * @throws NotFoundException if the job does not exist or is not visible to the caller
	 */
	public Slice<ImportedRecord> records(Caller caller, long id, PageRequest page) {
		ImportJob job = find(caller, id);
		return this.reader.records(job.id(), page);
	}

	/**
	 * Writes the rejected rows of a job as an Excel workbook: the original columns plus
	 * the source row number and the reasons. Corrected, it can be imported again.
	 * @param caller the caller
	 * @param id the job
	 * @param out where to write
	 * @throws NotFoundException if the job does not exist or is not visible to the caller
	 */
	public void writeRejectedRows(Caller caller, long id, OutputStream out) {
		ImportJob job = find(caller, id);
		this.reader.writeRejectedRows(job.id(), out);
	}

	private static void syncFolder(Path folder) {
		try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// not every system syncs a folder; the file itself is synced
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// an orphan upload in the data folder is harmless
		}
	}

}
