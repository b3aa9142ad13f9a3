package org.epigrid.backup.internal;

import java.time.Clock;

import org.epigrid.backup.BackupManagement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Takes the scheduled backups ({@code epigrid.backup.enabled}, {@code …cron}) on a thread
 * of their own, so that a backup of a large database (minutes) does not hold up the
 * platform's other scheduled work. The trigger follows the injected clock and its zone.
 */
@Component
class BackupSchedule implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

	private final BackupManagement backups;

	private final BackupProperties properties;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile boolean running;

	BackupSchedule(BackupManagement backups, BackupProperties properties, Clock clock) {
		this.backups = backups;
		this.properties = properties;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("epigrid-backup-");
		this.scheduler.setDaemon(true);
		this.scheduler.setClock(clock);
	}

	@Override
	public void start() {
		if (this.properties.enabled()) {
			this.scheduler.initialize();
			this.scheduler.schedule(this::backUp,
					new CronTrigger(this.properties.cron(), this.scheduler.getClock().getZone()));
			log.info("Backups scheduled ({}, {} kept) into {}", this.properties.cron(), this.properties.keep(),
					this.properties.folder().toAbsolutePath().normalize());
		}
		else {
			log.warn("Scheduled backups are off (epigrid.backup.enabled=false)");
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.scheduler.shutdown();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		this.scheduler.shutdown();
	}

	private void backUp() {
		try {
			this.backups.backUpNow();
		}
		catch (RuntimeException ex) {
			// logged and shown on the admin page; the next one is tried on schedule
			log.debug("Scheduled backup not taken", ex);
		}
	}

}
