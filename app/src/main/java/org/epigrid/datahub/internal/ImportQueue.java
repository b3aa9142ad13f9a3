package org.epigrid.datahub.internal;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.internal.tabular.TabularFiles;
import org.epigrid.datahub.internal.tabular.TabularReader;
import org.epigrid.datahub.internal.tabular.UnreadableFileException;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Queues stored uploads for import, with the fast checks (readable, required columns
 * present, not imported before); the runner takes a job once it is committed.
 */
@Component
public class ImportQueue {

	private final ImportJobRepository jobs;

	private final ImportReader reader;

	private final ImportRunner runner;

	private final Clock clock;

	ImportQueue(ImportJobRepository jobs, ImportReader reader, ImportRunner runner, Clock clock) {
		this.jobs = jobs;
		this.reader = reader;
		this.runner = runner;
		this.clock = clock;
	}

	/**
	 * Checks a stored upload and queues it.
	 * @param caller the importer
	 * @param source the source
	 * @param fileName the original name
	 * @param stored where it is stored
	 * @param hash its SHA-256
	 * @param size its size
	 * @return the queued job
	 * @throws FieldErrorsException naming {@code file} if it cannot be imported
	 * @throws ConflictException naming {@code file} if it was imported into this source
	 * before
	 */
	@Transactional
	public ImportJob queue(Caller caller, DataSource source, String fileName, Path stored, String hash, long size) {
		try (TabularReader file = TabularFiles.open(stored, fileName,
				ColumnMapping.headerTest(source.category().fields(), source.mapping()))) {
			ColumnMapping.resolve(source.category().fields(), source.mapping(), file.header());
		}
		catch (UnreadableFileException | ImportFailure ex) {
			throw FieldErrorsException.of("file", ex.getMessage());
		}
		Optional<Long> inserted = this.jobs.queue(source.id(), fileName, stored, hash, size, caller.username(),
				caller.jurisdictionPath(), Timestamp.from(this.clock.instant()));
		if (inserted.isEmpty()) {
			throw new ConflictException("file", "this file was already imported into " + source.code() + " as import "
					+ this.jobs.importOf(source.id(), hash));
		}
		long id = inserted.get();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				ImportQueue.this.runner.enqueue(id);
			}
		});
		return this.reader.byId(id).orElseThrow();
	}

}
