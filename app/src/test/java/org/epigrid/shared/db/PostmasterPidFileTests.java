package org.epigrid.shared.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code postmaster.pid} left behind by a crash: one naming a process that has ended is
 * left to PostgreSQL, one naming another program's process is removed.
 */
class PostmasterPidFileTests {

	@TempDir
	Path dataDirectory;

	@Test
	void aFileNamingAnEndedProcessIsLeftToPostgres() throws Exception {
		Process ended = new ProcessBuilder("true").start();
		ended.waitFor();
		write(ended.pid());

		assertThat(PostmasterPidFile.read(this.dataDirectory).orElseThrow().holder(this.dataDirectory))
			.isEqualTo(PostmasterPidFile.Holder.NONE);
		PostmasterPidFile.clearLeftovers(this.dataDirectory, Duration.ofSeconds(5));
		assertThat(this.dataDirectory.resolve("postmaster.pid")).exists();
	}

	@Test
	void aFileNamingAnotherProgramsProcessIsRemoved() throws Exception {
		// this JVM: alive, and no PostgreSQL server
		write(ProcessHandle.current().pid());

		assertThat(PostmasterPidFile.read(this.dataDirectory).orElseThrow().holder(this.dataDirectory))
			.isEqualTo(PostmasterPidFile.Holder.OTHER_PROGRAM);
		PostmasterPidFile.clearLeftovers(this.dataDirectory, Duration.ofSeconds(5));
		assertThat(this.dataDirectory.resolve("postmaster.pid")).doesNotExist();
		assertThat(ProcessHandle.current().isAlive()).isTrue();
	}

	@Test
	void aHalfWrittenFileIsIgnored() throws Exception {
		Files.writeString(this.dataDirectory.resolve("postmaster.pid"), "");

		assertThat(PostmasterPidFile.read(this.dataDirectory)).isEmpty();
	}

	private void write(long pid) throws Exception {
		// the layout PostgreSQL writes: pid, data directory, start time, port, ...
		Files.writeString(this.dataDirectory.resolve("postmaster.pid"),
				pid + "\n" + this.dataDirectory + "\n" + Instant.parse("2026-01-01T00:00:00Z").getEpochSecond()
						+ "\n5432\n/tmp\n127.0.0.1\n  1234  5678\nready\n");
	}

}
