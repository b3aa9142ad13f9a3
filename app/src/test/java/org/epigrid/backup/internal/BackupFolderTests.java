package org.epigrid.backup.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Names and pruning of backup files.
 */
class BackupFolderTests {

	@TempDir
	Path dir;

	@Test
	void aBackupOfTheSameSecondAsKeptOnesIsTheNewestAndIsKept() {
		// found by a full test run: three backups in one second with keep = 2 reused the
		// first name after it was pruned, and the new file sorted oldest and was deleted
		BackupFolder folder = new BackupFolder(new BackupProperties(false, "0 30 2 * * *", 2, this.dir));
		Instant at = Instant.parse("2026-12-07T00:19:16Z");
		Path first = write(folder, at);
		Path second = write(folder, at);
		folder.prune(2);
		Path third = write(folder, at);
		folder.prune(2);
		assertThat(folder.backups()).containsExactly(third, second);
		Path fourth = write(folder, at);
		folder.prune(2);
		assertThat(folder.backups()).containsExactly(fourth, third);
		assertThat(first.getFileName().toString()).isEqualTo("epigrid-backup-20261207T001916Z.zip");
		assertThat(List.of(second, third, fourth)).map(p -> p.getFileName().toString())
			.containsExactly("epigrid-backup-20261207T001916Z-2.zip", "epigrid-backup-20261207T001916Z-3.zip",
					"epigrid-backup-20261207T001916Z-4.zip");
	}

	private static Path write(BackupFolder folder, Instant at) {
		return folder.write(at, out -> {
			try {
				out.write(1);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		});
	}

}
