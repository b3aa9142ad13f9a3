package org.epigrid.shared.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The data folder is claimed by one platform and readable by its user only.
 */
class DataFolderLockTests {

	@TempDir
	Path dir;

	@Test
	void aDataFolderMadeWithTheDefaultUmaskBecomesOwnerOnly() throws Exception {
		// the data folder holds uploaded lists full of ID numbers: a folder readable by
		// every local user was the same hole as a database trusting them
		Path home = Files.createDirectory(this.dir.resolve("data"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
		try (DataFolderLock lock = DataFolderLock.acquire(home)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
			assertThatExceptionOfType(DataFolderLock.DataFolderInUseException.class)
				.isThrownBy(() -> DataFolderLock.acquire(home));
		}
		Path fresh = this.dir.resolve("new").resolve("data");
		try (DataFolderLock lock = DataFolderLock.acquire(fresh)) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
		}
	}

}
