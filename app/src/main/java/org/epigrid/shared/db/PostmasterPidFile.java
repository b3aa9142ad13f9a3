package org.epigrid.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code postmaster.pid} a PostgreSQL server keeps in its data directory while it
 * runs, and what to do with one found before our server starts: after a crash of the
 * platform (kill, out of memory) the server of the dead process may still be running on
 * the folder, or after a power cut the file names a process id that another program now
 * has. Either makes PostgreSQL refuse to start.
 *
 * @param file the file
 * @param pid the server's process id (first line)
 * @param startedAt when the server started (third line, seconds since the epoch)
 */
record PostmasterPidFile(Path file, long pid, Instant startedAt) {

	private static final Logger log = LoggerFactory.getLogger(PostmasterPidFile.class);

	static final String NAME = "postmaster.pid";

	/** The clocks of the kernel and of PostgreSQL differ by less than this. */
	private static final Duration START_TOLERANCE = Duration.ofSeconds(10);

	/** What the process named in the file is. */
	enum Holder {

		/** No process has that id: PostgreSQL removes such a file itself. */
		NONE,
		/** A PostgreSQL server of this data directory. */
		SERVER_OF_THIS_FOLDER,
		/** Another program that got the same process id (after a reboot). */
		OTHER_PROGRAM,
		/** A process this platform cannot inspect. */
		UNKNOWN

	}

	/**
	 * The file of a data directory.
	 * @param dataDirectory the data directory
	 * @return the file's content, empty if there is no (readable) file
	 */
	static Optional<PostmasterPidFile> read(Path dataDirectory) {
		Path file = dataDirectory.resolve(NAME);
		List<String> lines;
		try {
			lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + file, ex);
		}
		try {
			long pid = Long.parseLong(lines.get(0).strip());
			Instant started = (lines.size() > 2) ? Instant.ofEpochSecond(Long.parseLong(lines.get(2).strip())) : null;
			return Optional.of(new PostmasterPidFile(file, pid, started));
		}
		catch (RuntimeException ex) {
			// written half when the power went: nobody runs with it
			log.warn("Ignoring the unreadable {}", file);
			return Optional.empty();
		}
	}

	/**
	 * Stops or clears what an earlier run left in a data directory, so that a server can
	 * start there: stops the server of the folder that is still running (fast shutdown:
	 * open transactions roll back), removes a file that names another program's process.
	 * Call only while holding the data folder's lock, so that no live platform uses the
	 * server.
	 * @param dataDirectory the data directory
	 * @param timeout how long the old server may take to stop
	 * @throws IllegalStateException if the old server does not stop, or the process in
	 * the file cannot be inspected
	 */
	static void clearLeftovers(Path dataDirectory, Duration timeout) {
		Optional<PostmasterPidFile> found = read(dataDirectory);
		if (found.isEmpty()) {
			return;
		}
		PostmasterPidFile pidFile = found.get();
		switch (pidFile.holder(dataDirectory)) {
			case NONE -> log.info("{} names process {}, which has ended: PostgreSQL recovers on its own",
					pidFile.file(), pidFile.pid());
			case SERVER_OF_THIS_FOLDER -> pidFile.stopServer(timeout);
			case OTHER_PROGRAM -> pidFile.remove();
			case UNKNOWN -> throw new IllegalStateException("""
					%s names process %d, which this platform cannot inspect: if it is not a PostgreSQL server \
					of this folder, delete the file and start again""".formatted(pidFile.file(), pidFile.pid()));
		}
	}

	/**
	 * Who holds the process id of the file: checked by the program's name, its working
	 * directory (a server works in its data directory; where the system shows it) and its
	 * start time, so that a reused process id is never taken for our server.
	 * @param dataDirectory the data directory
	 * @return what the process is
	 */
	Holder holder(Path dataDirectory) {
		Optional<ProcessHandle> process = ProcessHandle.of(this.pid).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			return Holder.NONE;
		}
		ProcessHandle.Info info = process.get().info();
		Optional<Boolean> named = info.command()
			.map(Path::of)
			.map(Path::getFileName)
			.map(Path::toString)
			.map(name -> name.equals("postgres") || name.equals("postgres.exe"));
		Optional<Boolean> inFolder = workingDirectory(this.pid).map(cwd -> sameFile(cwd, dataDirectory));
		Optional<Boolean> startedThen = (this.startedAt == null) ? Optional.empty() : info.startInstant()
			.map(start -> Duration.between(start, this.startedAt).abs().compareTo(START_TOLERANCE) <= 0);
		if (named.equals(Optional.of(false)) || inFolder.equals(Optional.of(false))
				|| startedThen.equals(Optional.of(false))) {
			return Holder.OTHER_PROGRAM;
		}
		if (named.isPresent() && (inFolder.isPresent() || startedThen.isPresent())) {
			return Holder.SERVER_OF_THIS_FOLDER;
		}
		return Holder.UNKNOWN;
	}

	private void stopServer(Duration timeout) {
		log.warn("The embedded PostgreSQL of an earlier run (process {}) still runs on {}: stopping it", this.pid,
				this.file.getParent());
		// SIGINT: fast shutdown (sessions end, open transactions roll back, a checkpoint)
		if (!signal("INT") || !ended(timeout)) {
			// SIGQUIT: immediate shutdown; the next start replays the write-ahead log
			log.warn("PostgreSQL process {} did not stop in {}; stopping it immediately", this.pid, timeout);
			if (!signal("QUIT") || !ended(timeout)) {
				throw new IllegalStateException(
						"The embedded PostgreSQL (process " + this.pid + ") of an earlier run on "
								+ this.file.getParent() + " does not stop; stop it and start again");
			}
		}
		log.info("Stopped the embedded PostgreSQL of an earlier run (process {})", this.pid);
	}

	private boolean signal(String name) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(this.pid)).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
		}
		catch (IOException ex) {
			log.warn("Cannot send SIG{} to process {}: {}", name, this.pid, ex.getMessage());
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private boolean ended(Duration timeout) {
		Optional<ProcessHandle> process = ProcessHandle.of(this.pid);
		if (process.isEmpty()) {
			return true;
		}
		try {
			process.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return !process.get().isAlive();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void remove() {
		log.warn("{} names process {}, which is another program now (the server ended without removing it): "
				+ "removing the stale file", this.file, this.pid);
		try {
			Files.deleteIfExists(this.file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot remove the stale " + this.file, ex);
		}
	}

	/** The working directory of a process, where the system shows it (Linux). */
	private static Optional<Path> workingDirectory(long pid) {
		Path link = Path.of("/proc", Long.toString(pid), "cwd");
		try {
			return Files.exists(link) ? Optional.of(link.toRealPath()) : Optional.empty();
		}
		catch (IOException | SecurityException ex) {
			return Optional.empty();
		}
	}

	private static boolean sameFile(Path a, Path b) {
		try {
			return Files.isSameFile(a, b);
		}
		catch (IOException ex) {
			return false;
		}
	}

}
