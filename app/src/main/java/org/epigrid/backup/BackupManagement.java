package org.epigrid.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.epigrid.backup.BackupOverview.Failure;
import org.epigrid.backup.internal.BackupFileReader;
import org.epigrid.backup.internal.BackupFolder;
import org.epigrid.backup.internal.BackupManifest;
import org.epigrid.backup.internal.BackupProperties;
import org.epigrid.backup.internal.BackupWriter;
import org.epigrid.shared.ConflictException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;

/**
 * Backups of the platform's database: one at a time, on the schedule
 * ({@code epigrid.backup.cron}) or on demand, into the backups folder, the newest
 * {@code epigrid.backup.keep} kept. A backup holds every person's ID number: its file is
 * readable by the platform's operating-system user only, and it is never served over
 * HTTP.
 */
@Service
public class BackupManagement {

	private static final Logger log = LoggerFactory.getLogger(BackupManagement.class);

	private final BackupWriter writer;

	private final BackupFolder folder;

	private final BackupProperties properties;

	private final Clock clock;

	private final ReentrantLock running = new ReentrantLock();

	private volatile Instant runningSince;

	private final AtomicReference<Failure> lastFailure = new AtomicReference<>();

	BackupManagement(BackupWriter writer, BackupFolder folder, BackupProperties properties, Clock clock) {
		this.writer = writer;
		this.folder = folder;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Takes a backup now and waits for it (a large database takes minutes), then deletes
	 * the backups beyond the newest {@code keep}.
	 * @return the new backup
	 * @throws ConflictException (field {@code backup}) if a backup is being written
	 * @throws RuntimeException if it failed; the failure is shown in {@link #overview()}
	 */
	public Backup backUpNow() {
		if (!this.running.tryLock()) {
			throw new ConflictException("backup", "a backup is being written since " + this.runningSince);
		}
		try {
			Instant start = this.clock.instant();
			this.runningSince = start;
			Path file;
			try {
				file = this.folder.write(start, this.writer::write);
			}
			catch (RuntimeException ex) {
				this.lastFailure.set(
						new Failure(this.clock.instant(), (ex.getMessage() != null) ? ex.getMessage() : ex.toString()));
				log.error("Backup failed", ex);
				throw ex;
			}
			this.lastFailure.set(null);
			Backup backup = describe(file);
			log.info("Backup {} written: {} tables, {} rows, {} bytes in {}", file, backup.tables(), backup.rows(),
					backup.sizeBytes(), Duration.between(start, this.clock.instant()));
			this.folder.prune(this.properties.keep());
			return backup;
		}
		finally {
			this.runningSince = null;
			this.running.unlock();
		}
	}

	/**
	 * The state of the backups.
	 * @return where they go, the schedule, the kept files
	 */
	public BackupOverview overview() {
		List<Backup> backups = new ArrayList<>();
		for (Path file : this.folder.backups()) {
			try {
				backups.add(describe(file));
			}
			catch (RuntimeException ex) {
				log.warn("Cannot read the backup {}: {}", file, ex.getMessage());
			}
		}
		Instant next = null;
		if (this.properties.enabled()) {
			ZonedDateTime at = CronExpression.parse(this.properties.cron()).next(ZonedDateTime.now(this.clock));
			next = (at != null) ? at.toInstant() : null;
		}
		return new BackupOverview(this.folder.path().toString(), this.properties.enabled(), this.properties.cron(),
				this.properties.keep(), next, this.runningSince, this.lastFailure.get(), List.copyOf(backups));
	}

	private static Backup describe(Path file) {
		try (BackupFileReader reader = BackupFileReader.open(file)) {
			BackupManifest manifest = reader.manifest();
			return new Backup(file.getFileName().toString(), manifest.createdAt(), Files.size(file),
					manifest.schemaVersion(), manifest.tables().size(), manifest.rows());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
