package org.epigrid.backup.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The backups folder: files named {@code epigrid-backup-<UTC time>[-n].zip}, written
 * under a {@code .partial} name readable by the owner only and renamed when complete, so
 * that a file with the final name is always whole; the newest are kept. It touches no
 * file that does not have such a name.
 */
@Component
public class BackupFolder {

	private static final Logger log = LoggerFactory.getLogger(BackupFolder.class);

	private static final String PREFIX = "epigrid-backup-";

	private static final String PARTIAL = ".partial";

	private static final Pattern NAME = Pattern.compile("epigrid-backup-(\\d{8}T\\d{6}Z)(?:-(\\d{1,4}))?\\.zip");

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	/** Newest first: by the time in the name, then by the number after it. */
	private static final Comparator<Path> NEWEST_FIRST = Comparator
		.comparing((Function<Path, String>) (path) -> matcher(path).group(1))
		.thenComparingInt((path) -> {
			String n = matcher(path).group(2);
			return (n == null) ? 1 : Integer.parseInt(n);
		})
		.reversed();

	private final Path folder;

	/** Partial files of this process that are being written (not to be pruned). */
	private final Set<Path> writing = ConcurrentHashMap.newKeySet();

	BackupFolder(BackupProperties properties) {
		this.folder = properties.folder().toAbsolutePath().normalize();
	}

	/**
	 * The folder.
	 * @return its absolute path
	 */
	public Path path() {
		return this.folder;
	}

	/**
	 * Writes a new backup file: creates it owner-only under a partial name, lets the
	 * writer fill it, forces it to disk and gives it its final name.
	 * @param at the time in its name
	 * @param writer writes the content
	 * @return the complete file
	 * @throws UncheckedIOException if it cannot be written (the partial file is removed)
	 */
	public Path write(Instant at, Consumer<OutputStream> writer) {
		createFolder();
		Path partial = newPartial(at);
		try {
			try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
				OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
				writer.accept(out);
				out.flush();
				channel.force(true);
			}
			return complete(partial);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the backup " + partial, ex);
		}
		finally {
			this.writing.remove(partial);
			try {
				Files.deleteIfExists(partial);
			}
			catch (IOException ex) {
				log.warn("Could not remove {}", partial, ex);
			}
		}
	}

	/**
	 * The complete backup files, newest first.
	 * @return the files
	 */
	public List<Path> backups() {
		if (!Files.isDirectory(this.folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(this.folder)) {
			return files.filter((path) -> NAME.matcher(path.getFileName().toString()).matches())
				.filter(Files::isRegularFile)
				.sorted(NEWEST_FIRST)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + this.folder, ex);
		}
	}

	/**
	 * Deletes all but the newest backups, and partial files of backups that never
	 * completed.
	 * @param keep how many to keep
	 * @return the files deleted
	 */
	public List<Path> prune(int keep) {
		List<Path> deleted = new ArrayList<>();
		List<Path> backups = backups();
		for (Path old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
			delete(old, deleted);
		}
		try (Stream<Path> files = Files.list(this.folder)) {
			files.filter((path) -> {
				String name = path.getFileName().toString();
				return name.endsWith(PARTIAL)
						&& NAME.matcher(name.substring(0, name.length() - PARTIAL.length())).matches();
			}).filter((path) -> !isBeingWritten(path)).forEach((path) -> delete(path, deleted));
		}
		catch (IOException ex) {
			log.warn("Could not list {} for partial backups", this.folder, ex);
		}
		return deleted;
	}

	private boolean isBeingWritten(Path path) {
		return this.writing.contains(path);
	}

	private static void delete(Path path, List<Path> deleted) {
		try {
			if (Files.deleteIfExists(path)) {
				deleted.add(path);
				log.info("Deleted old backup {}", path);
			}
		}
		catch (IOException ex) {
			log.warn("Could not delete old backup {}", path, ex);
		}
	}

	private void createFolder() {
		if (Files.isDirectory(this.folder)) {
			return;
		}
		try {
			Files.createDirectories(this.folder, ownerOnly("rwx------"));
		}
		catch (UnsupportedOperationException ex) {
			try {
				Files.createDirectories(this.folder);
			}
			catch (IOException io) {
				throw new UncheckedIOException("Cannot create the backups folder " + this.folder, io);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the backups folder " + this.folder, ex);
		}
	}

	/**
	 * Creates the partial file, readable and writable by the owner only from its first
	 * byte: the name is free for the final file too (a second backup in the same second
	 * gets {@code -2}, {@code -3}, …).
	 */
	private Path newPartial(Instant at) {
		String stamp = STAMP.format(at);
		// after the newest of the same second, never in a gap an older one left: a name
		// that sorts before a kept backup would be pruned as soon as it is written
		for (int n = nextNumber(stamp); n < 10_000; n++) {
			String name = PREFIX + stamp + ((n == 1) ? "" : "-" + n) + ".zip";
			Path target = this.folder.resolve(name);
			Path partial = this.folder.resolve(name + PARTIAL);
			if (Files.exists(target)) {
				continue;
			}
			try {
				try {
					Files.createFile(partial, ownerOnly("rw-------"));
				}
				catch (UnsupportedOperationException ex) {
					Files.createFile(partial);
				}
				this.writing.add(partial);
				return partial;
			}
			catch (FileAlreadyExistsException ex) {
				// a backup of the same second is being written
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot create a backup file in " + this.folder, ex);
			}
		}
		throw new IllegalStateException("No free backup file name for " + stamp + " in " + this.folder);
	}

	private int nextNumber(String stamp) {
		int newest = 0;
		try (Stream<Path> files = Files.list(this.folder)) {
			for (Path path : (Iterable<Path>) files::iterator) {
				String name = path.getFileName().toString();
				if (name.endsWith(PARTIAL)) {
					name = name.substring(0, name.length() - PARTIAL.length());
				}
				Matcher m = NAME.matcher(name);
				if (m.matches() && m.group(1).equals(stamp)) {
					newest = Math.max(newest, (m.group(2) == null) ? 1 : Integer.parseInt(m.group(2)));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot list " + this.folder, ex);
		}
		return newest + 1;
	}

	private Path complete(Path partial) throws IOException {
		String name = partial.getFileName().toString();
		Path target = partial.resolveSibling(name.substring(0, name.length() - PARTIAL.length()));
		try {
			Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(partial, target);
		}
		return target;
	}

	private static FileAttribute<?> ownerOnly(String permissions) {
		return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
	}

	private static Matcher matcher(Path path) {
		Matcher matcher = NAME.matcher(path.getFileName().toString());
		if (!matcher.matches()) {
			throw new IllegalArgumentException(path.toString());
		}
		return matcher;
	}

}
