package org.epigrid.shared.db;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded server's memory for caching: a quarter of the machine's by default, as set
 * otherwise.
 */
class EmbeddedDatabaseSharedBuffersTests {

	private static final long GIB = 1024L * 1024 * 1024;

	@Test
	void autoGivesAQuarterOfTheMachinesMemory() {
		assertThat(EmbeddedDatabase.sharedBuffers("auto", 24 * GIB)).isEqualTo("6144MB");
		assertThat(EmbeddedDatabase.sharedBuffers(" AUTO ", 8 * GIB)).isEqualTo("2048MB");
	}

	@Test
	void autoStaysWithin128MegabytesAnd8Gigabytes() {
		assertThat(EmbeddedDatabase.sharedBuffers("auto", GIB / 4)).isEqualTo("128MB");
		assertThat(EmbeddedDatabase.sharedBuffers("auto", 0)).isEqualTo("128MB");
		assertThat(EmbeddedDatabase.sharedBuffers("auto", 256 * GIB)).isEqualTo("8192MB");
	}

	@Test
	void aSizeSetIsKept() {
		assertThat(EmbeddedDatabase.sharedBuffers("2GB", 24 * GIB)).isEqualTo("2GB");
		assertThat(EmbeddedDatabase.sharedBuffers("32MB", 24 * GIB)).isEqualTo("32MB");
	}

	@Test
	void theMachinesMemoryIsKnownHere() {
		assertThat(EmbeddedDatabase.machineMemory()).isGreaterThan(GIB / 4);
	}

}
