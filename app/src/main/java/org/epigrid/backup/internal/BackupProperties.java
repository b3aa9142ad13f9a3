package org.epigrid.backup.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.scheduling.support.CronExpression;

/**
 * Settings of the backups ({@code epigrid.backup.*}).
 *
 * @param enabled whether backups are taken on the schedule (a backup on demand is always
 * possible)
 * @param cron when, as a Spring cron expression (second minute hour day month weekday) in
 * the platform's zone; by default daily at 02:30
 * @param keep how many of the scheduled and on-demand backups are kept, newest first; the
 * older ones are deleted after each new backup
 * @param folder where the backup files go; by default {@code ${epigrid.home}/backups} —
 * put it on another disk than the data folder
 */
@ConfigurationProperties("epigrid.backup")
public record BackupProperties(@DefaultValue("true") boolean enabled, @DefaultValue("0 30 2 * * *") String cron,
		@DefaultValue("7") int keep, @DefaultValue("./data/backups") Path folder) {

	/**
	 * Checks the settings.
	 */
	public BackupProperties {
		if (keep < 1) {
			throw new IllegalArgumentException("epigrid.backup.keep must be at least 1");
		}
		if (enabled && !CronExpression.isValidExpression(cron)) {
			throw new IllegalArgumentException("epigrid.backup.cron is not a cron expression: " + cron);
		}
	}

}
