package org.epigrid.datahub.internal;

import java.sql.Timestamp;
import java.time.Clock;

import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.DataSourceManagement;
import org.epigrid.datahub.RecordsImported;
import org.epigrid.datahub.internal.tabular.TabularFiles;
import org.epigrid.datahub.internal.tabular.TabularReader;
import org.epigrid.datahub.internal.tabular.UnreadableFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports one at a time in the background. A job's records, rejects and completion
 * are one transaction: a crash or a bad file leaves nothing half-imported, and a job
 * interrupted by a restart runs again from its stored file. Progress is committed
 * separately every few thousand rows, so that the page and {@code GET
 * /api/v1/imports/{id}} can show it.
 * <p>
 * The job's states are changed by {@link ImportJobRepository}'s verbs; the records are
 * read, linked ({@link IdentityResolver}) and written by the {@link ImportPipeline}.
 */
@Component
class ImportRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

	private final DataSourceManagement sources;

	private final ImportPipeline pipeline;

	private final ImportJobRepository jobs;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final ThreadPoolTaskExecutor executor;

	/**
	 * Set when the platform stops: a job cut short by the stop runs again at the next
	 * start.
	 */
	private volatile boolean stopping;

	ImportRunner(DataSourceManagement sources, ImportPipeline pipeline, ImportJobRepository jobs,
			ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions) {
		this.sources = sources;
		this.pipeline = pipeline;
		this.jobs = jobs;
		this.events = events;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
		this.executor = new ThreadPoolTaskExecutor();
		this.executor.setCorePoolSize(1);
		this.executor.setMaxPoolSize(1);
		this.executor.setThreadNamePrefix("import-");
		this.executor.setWaitForTasksToCompleteOnShutdown(false);
		this.executor.setDaemon(true);
		this.executor.initialize();
	}

	@Override
	public void destroy() {
		// an import cut short rolls back and runs again on the next start
		this.stopping = true;
		this.executor.shutdown();
	}

	/**
	 * Runs a queued job in the background, after the jobs queued before it.
	 * @param jobId the job
	 */
	void enqueue(long jobId) {
		this.executor.execute(() -> run(jobId));
	}

	/**
	 * Jobs queued or running when the platform stopped or crashed run again from the
	 * start of their stored files: a run cut short wrote nothing that stays (its records,
	 * rejects and new persons were in its transaction). A job that another instance on
	 * the same database is running is left to it.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void resume() {
		for (long id : this.jobs.unfinished()) {
			if (this.jobs.requeueInterrupted(id)) {
				log.info("Import {} was cut short: it runs again from the start", id);
				enqueue(id);
			}
			else {
				log.info("Import {} is running in another instance", id);
			}
		}
	}

	void run(long jobId) {
		try {
			this.tx.executeWithoutResult(status -> {
				// one runner per job, also across instances: the claim lasts as long as
				// the job's transaction
				if (!this.jobs.claim(jobId)) {
					log.info("Import {} is running in another instance", jobId);
					return;
				}
				try {
					runClaimed(jobId);
				}
				catch (UnreadableFileException | ImportFailure ex) {
					status.setRollbackOnly();
					// their messages are said of the file
					fail(jobId, "file " + ex.getMessage());
				}
				catch (RuntimeException ex) {
					status.setRollbackOnly();
					failed(jobId, ex);
				}
			});
		}
		catch (RuntimeException ex) {
			failed(jobId, ex);
		}
	}

	private void runClaimed(long jobId) {
		ImportJobRepository.StoredJob job = this.jobs.find(jobId);
		DataSource source = this.sources.find(job.sourceId()).orElseThrow();
		try (TabularReader reader = TabularFiles.open(job.file(), job.fileName(),
				ColumnMapping.headerTest(source.category().fields(), source.mapping()))) {
			ColumnMapping mapping = ColumnMapping.resolve(source.category().fields(), source.mapping(),
					reader.header());
			if (!this.jobs.start(jobId, reader.header(), reader.encoding(), reader.format().name(), now())) {
				return;
			}
			RecordValidator validator = new RecordValidator(source.category(), mapping, this.clock);
			long firstRecordId = this.jobs.nextRecordId();
			ImportJobRepository.Counts counts = this.pipeline.run(jobId, source, job.jurisdiction(), reader, validator);
			this.jobs.finish(jobId, firstRecordId, counts, now());
			this.events.publishEvent(new RecordsImported(jobId, source.id(), source.category(), counts.accepted()));
			log.info("Import {} of {} into {} completed", jobId, job.fileName(), source.code());
		}
	}

	private void failed(long jobId, RuntimeException ex) {
		if (!this.stopping) {
			log.error("Import {} failed", jobId, ex);
		}
		fail(jobId, "import failed: " + ex.getMessage());
	}

	private void fail(long jobId, String message) {
		if (this.stopping) {
			log.info("Import {} was cut short by the stop; it runs again at the next start", jobId);
			return;
		}
		this.jobs.fail(jobId, message, now());
		log.warn("Import {} failed: {}", jobId, message);
	}

	private Timestamp now() {
		return Timestamp.from(this.clock.instant());
	}

}
