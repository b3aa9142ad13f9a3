package org.epigrid.shared.db;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the embedded server when the platform's process ends in any way, also by
 * {@code kill -9} or the out-of-memory killer, which run no shutdown hook.
 * <p>
 * PostgreSQL runs detached from the platform ({@code pg_ctl} starts it in a session of
 * its own), so nothing stops it when the platform dies. The watchdog is a small
 * {@code /bin/sh} child that waits on a pipe from the platform: the kernel closes the
 * platform's end of the pipe when the platform's process ends, however it ends, and the
 * watchdog's {@code read} returns at once (no polling). If the platform closed the
 * database itself, it first writes a line, and the watchdog leaves. Otherwise it sends
 * the server {@code SIGINT} (fast shutdown), but only if the data directory's
 * {@code postmaster.pid} still names the server it watches, so that a process id reused
 * by another program is never signalled. It ignores {@code SIGINT} and {@code SIGHUP}, so
 * that Ctrl-C on a terminal reaches the platform (which closes the database) but not the
 * watchdog.
 */
final class PostmasterWatchdog implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(PostmasterWatchdog.class);

	/** {@code $0}: the data directory, {@code $1}: the server's process id. */
	private static final String SCRIPT = """
			trap '' INT HUP
			if read -r line; then exit 0; fi
			IFS= read -r pid < "$0/postmaster.pid" || exit 0
			[ "$pid" = "$1" ] || exit 0
			exec kill -INT "$1"
			""";

	private final Process process;

	private PostmasterWatchdog(Process process) {
		this.process = process;
	}

	/**
	 * Starts a watchdog for a running server.
	 * @param dataDirectory the server's data directory
	 * @param pid the server's process id
	 * @return the watchdog, or {@code null} where there is no {@code /bin/sh}
	 */
	static PostmasterWatchdog start(Path dataDirectory, long pid) {
		try {
			Process process = new ProcessBuilder("/bin/sh", "-c", SCRIPT, dataDirectory.toString(), Long.toString(pid))
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.redirectError(ProcessBuilder.Redirect.DISCARD)
				.start();
			log.debug("Watchdog {} stops PostgreSQL process {} if this process ends without closing it", process.pid(),
					pid);
			return new PostmasterWatchdog(process);
		}
		catch (IOException ex) {
			log.warn("No watchdog for the embedded PostgreSQL ({}): after a crash of the platform the next start "
					+ "stops the server left running", ex.getMessage());
			return null;
		}
	}

	/**
	 * The watchdog's process id.
	 * @return the id
	 */
	long pid() {
		return this.process.pid();
	}

	/** Lets the watchdog go without stopping the server (it has been stopped). */
	@Override
	public void close() {
		try (OutputStream in = this.process.getOutputStream()) {
			in.write('\n');
		}
		catch (IOException ex) {
			// it has gone already
		}
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroy();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
