package org.epigrid.backup;

import java.time.Instant;
import java.util.List;

/**
 * The state of the backups: where they go, when the next is due, the kept files.
 *
 * @param folder the backups folder (absolute)
 * @param scheduled whether backups are taken on the schedule
 * @param cron the schedule (Spring cron, platform zone)
 * @param keep how many backups are kept
 * @param nextAt when the next scheduled backup is due, {@code null} if none is scheduled
 * @param runningSince when the backup being written started, {@code null} if none is
 * @param lastFailure the last backup that failed since the platform started, if it failed
 * after the last one that succeeded; else {@code null}
 * @param backups the kept backups, newest first
 */
public record BackupOverview(String folder, boolean scheduled, String cron, int keep, Instant nextAt,
		Instant runningSince, Failure lastFailure, List<Backup> backups) {

	/**
	 * The newest backup.
	 * @return it, or {@code null} if there is none
	 */
	public Backup last() {
		return this.backups.isEmpty() ? null : this.backups.get(0);
	}

	/**
	 * A backup that failed.
	 *
	 * @param at when it failed
	 * @param reason why
	 */
	public record Failure(Instant at, String reason) {
	}

}
