package org.epigrid.datahub.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.internal.RecordValidator.Outcome;
import org.epigrid.datahub.internal.RecordValidator.Reason;
import org.epigrid.datahub.internal.tabular.TabularReader;
import org.epigrid.datahub.internal.tabular.TabularRow;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The two halves of a running import, so that both cores and the database work at once: a
 * reading half parses, validates and resolves identities batch by batch on a thread and
 * connections of its own; the writing half, on the caller's thread in the job's
 * transaction, creates provisional persons and writes each batch with {@code COPY} while
 * the next one is read.
 */
@Component
class ImportPipeline implements DisposableBean {

	static final int BATCH = 10_000;

	private static final int PROGRESS_EVERY = 20_000;

	/** Batches read ahead of the writing, at most. */
	private static final int QUEUED_BATCHES = 3;

	private final IdentityResolver identities;

	private final RecordPlaceRepository places;

	private final ImportJobRepository jobs;

	private final RecordCopy copy;

	private final Clock clock;

	private final ExecutorService readers;

	ImportPipeline(IdentityResolver identities, RecordPlaceRepository places, ImportJobRepository jobs,
			javax.sql.DataSource dataSource, Clock clock) {
		this.identities = identities;
		this.places = places;
		this.jobs = jobs;
		this.copy = new RecordCopy(dataSource);
		this.clock = clock;
		this.readers = Executors
			.newSingleThreadExecutor(Thread.ofPlatform().name("import-read-", 0).daemon().factory());
	}

	@Override
	public void destroy() {
		this.readers.shutdownNow();
	}

	/**
	 * Reads, links and writes a job's records and rejected rows, in the caller's
	 * transaction; progress is committed apart every few thousand rows.
	 * @param jobId the job, running
	 * @param source its source
	 * @param jurisdiction the importer's jurisdiction
	 * @param reader the file
	 * @param validator the source's checks
	 * @return how many rows were read, accepted and rejected
	 * @throws RuntimeException whatever ended the reading or the writing
	 */
	ImportJobRepository.Counts run(long jobId, DataSource source, String jurisdiction, TabularReader reader,
			RecordValidator validator) {
		BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
		AtomicBoolean stop = new AtomicBoolean();
		Future<?> reading = this.readers.submit(() -> read(jobId, source, reader, validator, queue, stop));
		IdentityResolver.Created created = new IdentityResolver.Created();
		long read = 0;
		long accepted = 0;
		long rejected = 0;
		long reported = 0;
		try {
			while (true) {
				Batch batch = take(queue);
				if (batch.failure() != null) {
					throw batch.failure();
				}
				accepted += write(jobId, source, jurisdiction, batch, created);
				rejected += this.jobs.reject(jobId, batch.rejected());
				read = batch.read();
				if (batch.last()) {
					break;
				}
				if (read - reported >= PROGRESS_EVERY) {
					this.jobs.progress(jobId, read, accepted, rejected);
					reported = read;
				}
			}
		}
		finally {
			stop.set(true);
			reading.cancel(true);
		}
		return new ImportJobRepository.Counts(read, accepted, rejected, reader.blankRowsSkipped());
	}

	private static Batch take(BlockingQueue<Batch> queue) {
		try {
			return queue.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("import interrupted", ex);
		}
	}

	/**
	 * The reading half of a job, on its own thread beside the job's transaction: reads
	 * and validates rows and resolves identities of each batch (on connections of its
	 * own, so the database looks up one batch while the job's connection writes the
	 * previous one), then hands the batch over. Ends with a last batch, or a failure.
	 */
	private void read(long jobId, DataSource source, TabularReader reader, RecordValidator validator,
			BlockingQueue<Batch> queue, AtomicBoolean stop) {
		try {
			long read = 0;
			List<AcceptedRow> accepted = new ArrayList<>(BATCH);
			List<RejectedRowEntry> rejected = new ArrayList<>();
			Map<String, Long> known = new HashMap<>();
			TabularRow row;
			while ((row = reader.next()) != null) {
				read++;
				if (row.problem() != null) {
					rejected.add(new RejectedRowEntry(row.number(), row.cells(), List.of(row.problem())));
				}
				else {
					Outcome outcome = validator.validate(row.cells());
					if (outcome.accepted()) {
						accepted.add(new AcceptedRow(row.number(), outcome.record()));
					}
					else {
						rejected.add(new RejectedRowEntry(row.number(), row.cells(),
								outcome.reasons().stream().map(Reason::toString).toList()));
					}
				}
				if (accepted.size() >= BATCH || rejected.size() >= BATCH) {
					if (!hand(queue, resolved(jobId, source, read, accepted, known, rejected, false), stop)) {
						return;
					}
					accepted = new ArrayList<>(BATCH);
					rejected = new ArrayList<>();
				}
			}
			hand(queue, resolved(jobId, source, read, accepted, known, rejected, true), stop);
		}
		catch (RuntimeException ex) {
			hand(queue, new Batch(0, List.of(), null, null, List.of(), true, ex), stop);
		}
	}

	/**
	 * A batch with its links, and its records formatted for {@code COPY} (with the ids of
	 * their place names; links left open where the method is {@code null}).
	 */
	private Batch resolved(long jobId, DataSource source, long read, List<AcceptedRow> accepted,
			Map<String, Long> known, List<RejectedRowEntry> rejected, boolean last) {
		DataCategory category = source.category();
		IdentityResolver.Links links = this.identities.resolve(accepted, known);
		Set<String> placeNames = new HashSet<>();
		for (AcceptedRow row : accepted) {
			RecordPlaces.names(category, row.record(), placeNames);
		}
		Map<String, Long> places = placeNames.isEmpty() ? Map.of() : this.places.ids(placeNames);
		RecordCopy.Formatted rows = RecordCopy.format(jobId, source.id(), category, this.clock.instant(), accepted,
				places, links.personIds(), links.methods(), links.scores());
		return new Batch(read, accepted, links, rows, rejected, last, null);
	}

	/**
	 * Hands a batch to the writing half, waiting while it is busy; {@code false} if it
	 * gave up.
	 */
	private static boolean hand(BlockingQueue<Batch> queue, Batch batch, AtomicBoolean stop) {
		try {
			while (!stop.get()) {
				if (queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
					return true;
				}
			}
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The writing half of a batch: its provisional persons and open links, then its
	 * records.
	 */
	private long write(long jobId, DataSource source, String jurisdiction, Batch batch,
			IdentityResolver.Created created) {
		if (batch.accepted().isEmpty()) {
			return 0;
		}
		IdentityResolver.Links links = batch.links();
		this.identities.settle(jobId, source, jurisdiction, batch.accepted(), links, created);
		return this.copy.write(batch.rows(), links.personIds(), links.methods(), links.scores());
	}

	/**
	 * What the reading half hands over: the rows read so far, a batch's accepted records
	 * with their links and rows, and rejected rows; or the failure that ended the
	 * reading.
	 */
	private record Batch(long read, List<AcceptedRow> accepted, IdentityResolver.Links links, RecordCopy.Formatted rows,
			List<RejectedRowEntry> rejected, boolean last, RuntimeException failure) {
	}

}
