package org.epigrid.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claim of one running EpiGrid process (the platform, or a restore) on its data
 * folder: an operating-system lock on {@code ${epigrid.home}/epigrid.lock}, which holds
 * the process id. The operating system releases it when the process ends in any way
 * ({@code kill -9}, out of memory, power loss), so a stale file never blocks a start;
 * while it is held, another platform or a restore on the same folder is refused before it
 * touches the database.
 */
public final class DataFolderLock implements AutoCloseable {

	/** The lock file's name in the data folder. */
	public static final String FILE_NAME = "epigrid.lock";

	/**
	 * Folders held by this JVM: asked again, they are refused without opening the file,
	 * because closing any channel of a file drops the process's POSIX locks on it.
	 */
	private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

	private final Path file;

	private final FileChannel channel;

	private final FileLock lock;

	private DataFolderLock(Path file, FileChannel channel, FileLock lock) {
		this.file = file;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Claims a data folder for this process.
	 * @param home the data folder; created if missing
	 * @return the held lock; {@link #close()} releases it
	 * @throws DataFolderInUseException if another process (or another platform in this
	 * JVM) holds it
	 * @throws UncheckedIOException if the lock file cannot be written
	 */
	public static DataFolderLock acquire(Path home) {
		Path file = home.resolve(FILE_NAME).toAbsolutePath().normalize();
		if (!HELD.add(file)) {
			throw new DataFolderInUseException(file.getParent(), String.valueOf(ProcessHandle.current().pid()));
		}
		FileChannel channel = null;
		boolean acquired = false;
		try {
			Files.createDirectories(file.getParent());
			ownerOnly(file.getParent());
			channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
			FileLock lock;
			try {
				lock = channel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				lock = null;
			}
			if (lock == null) {
				throw new DataFolderInUseException(file.getParent(), holder(channel));
			}
			channel.truncate(0);
			channel.write(ByteBuffer
				.wrap((ProcessHandle.current().pid() + System.lineSeparator()).getBytes(StandardCharsets.US_ASCII)), 0);
			channel.force(false);
			acquired = true;
			return new DataFolderLock(file, channel, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock the data folder: " + file, ex);
		}
		finally {
			if (!acquired) {
				closeQuietly(channel);
				HELD.remove(file);
			}
		}
	}

	/**
	 * The lock file.
	 * @return its absolute path
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * Releases the folder (the file stays: its presence means nothing without the lock).
	 */
	@Override
	public void close() {
		try {
			this.lock.release();
		}
		catch (IOException ex) {
			// closing the channel releases it as well
		}
		closeQuietly(this.channel);
		HELD.remove(this.file);
	}

	private static String holder(FileChannel channel) {
		try {
			ByteBuffer buffer = ByteBuffer.allocate(32);
			int read = channel.read(buffer, 0);
			return (read <= 0) ? "" : new String(buffer.array(), 0, read, StandardCharsets.US_ASCII).strip();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void closeQuietly(FileChannel channel) {
		if (channel == null) {
			return;
		}
		try {
			channel.close();
		}
		catch (IOException ex) {
			// nothing more to release
		}
	}

	/**
	 * Another running EpiGrid process holds the data folder.
	 */
	public static final class DataFolderInUseException extends IllegalStateException {

		private final Path home;

		private final String holder;

		DataFolderInUseException(Path home, String holder) {
			super("The data folder " + home + " is in use by a running EpiGrid"
					+ (holder.isEmpty() ? "" : " (process " + holder + ")") + "; stop it first");
			this.home = home;
			this.holder = holder;
		}

		/**
		 * The data folder.
		 * @return its absolute path
		 */
		public Path home() {
			return this.home;
		}

		/**
		 * The process id written by the holder, if it could be read.
		 * @return the process id, or an empty string
		 */
		public String holder() {
			return this.holder;
		}

	}

	/**
	 * The data folder holds the database, uploaded lists and keys: nobody but the
	 * platform's operating-system user may read it (a folder made with the default umask
	 * let every local user read uploaded lists full of ID numbers).
	 */
	private static void ownerOnly(Path folder) throws IOException {
		try {
			java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions = Files
				.getPosixFilePermissions(folder);
			java.util.Set<java.nio.file.attribute.PosixFilePermission> wanted = java.nio.file.attribute.PosixFilePermissions
				.fromString("rwx------");
			if (!permissions.equals(wanted)) {
				Files.setPosixFilePermissions(folder, wanted);
			}
		}
		catch (UnsupportedOperationException ex) {
			// not a POSIX file system: left to the operator (docs/operations.md)
		}
	}

}
