package org.epigrid.datahub.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import org.epigrid.datahub.DataSourceManagement;
import org.epigrid.datahub.RecordsImported;
import org.epigrid.datahub.internal.RecordValidator.Outcome;
import org.epigrid.datahub.internal.RecordValidator.Reason;
import org.epigrid.datahub.internal.RecordValidator.ValidRecord;
import org.epigrid.datahub.internal.tabular.TabularFiles;
import org.epigrid.datahub.internal.tabular.TabularReader;
import org.epigrid.datahub.internal.tabular.TabularRow;
import org.epigrid.datahub.internal.tabular.UnreadableFileException;
import org.epigrid.population.IdentityLookup;
import org.epigrid.population.IdentityLookup.Candidate;
import org.epigrid.population.IdentityLookup.CandidateQuery;
import org.epigrid.population.IdentityLookup.NameAndPhone;
import org.epigrid.population.IdentityLookup.ProvisionalPerson;
import org.epigrid.shared.IdNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
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
 * A job runs on two threads, so that both cores and the database work at once: a reading
 * half parses, validates and resolves identities batch by batch on connections of its
 * own; the writing half, in the job's transaction, creates provisional persons and writes
 * each batch with {@code COPY} while the next one is read.
 */
@Component
class ImportRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

	static final int BATCH = 10_000;

	private static final int PROGRESS_EVERY = 20_000;

	/**
	 * How many ID numbers' persons a job remembers instead of asking again (lists name
	 * the same people many times; ~100 bytes each).
	 */
	private static final int MAX_KNOWN = 500_000;

	/** Batches read ahead of the writing, at most. */
	private static final int QUEUED_BATCHES = 3;

	private final JdbcClient jdbc;

	private final DataSourceManagement sources;

	private final IdentityLookup identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final ImportJobRepository jobs;

	private final ThreadPoolTaskExecutor executor;

	private final double autoLinkThreshold;

	private final RecordCopy copy;

	private final PlaceDictionary places;

	private final ExecutorService readers;

	/**
	 * Set when the platform stops: a job cut short by the stop runs again at the next
	 * start.
	 */
	private volatile boolean stopping;

	ImportRunner(JdbcClient jdbc, DataSourceManagement sources, IdentityLookup identities,
			ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions,
			javax.sql.DataSource dataSource, PlaceDictionary places, ImportJobRepository jobs,
			DataHubSettings settings) {
		this.places = places;
		this.readers = Executors
			.newSingleThreadExecutor(Thread.ofPlatform().name("import-read-", 0).daemon().factory());
		this.autoLinkThreshold = settings.identity().autoLinkThreshold();
		this.copy = new RecordCopy(dataSource);
		this.jdbc = jdbc;
		this.sources = sources;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
		this.jobs = jobs;
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
		this.readers.shutdownNow();
	}

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
			if (this.jobs.requeue(id)) {
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
			if (!this.jobs.start(jobId, ImportStore.JSON.writeValueAsString(reader.header()), reader.encoding(),
					reader.format().name(), now())) {
				return;
			}
			RecordValidator validator = new RecordValidator(source.category(), mapping, this.clock);
			process(jobId, source, job.jurisdiction(), reader, validator);
			log.info("Import {} of {} into {} completed", jobId, job.fileName(), source.code());
		}
	}

	private void failed(long jobId, RuntimeException ex) {
		if (!this.stopping) {
			log.error("Import {} failed", jobId, ex);
		}
		fail(jobId, "import failed: " + ex.getMessage());
	}

	private void process(long jobId, DataSource source, String jurisdiction, TabularReader reader,
			RecordValidator validator) {
		BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
		AtomicBoolean stop = new AtomicBoolean();
		Future<?> reading = this.readers.submit(() -> read(jobId, source, reader, validator, queue, stop));
		Written written = new Written();
		// every record of the job gets a greater id (see V14)
		long firstRecordId = this.jdbc.sql("SELECT nextval(pg_get_serial_sequence('source_record', 'id'))")
			.query(Long.class)
			.single();
		Counts counts = new Counts();
		long reported = 0;
		try {
			while (true) {
				Batch batch = take(queue);
				if (batch.failure() != null) {
					throw batch.failure();
				}
				counts.accepted += storeAccepted(jobId, source, jurisdiction, batch, written);
				counts.rejected += storeRejected(jobId, batch.rejected());
				counts.read = batch.read();
				if (batch.last()) {
					break;
				}
				if (counts.read - reported >= PROGRESS_EVERY) {
					progress(jobId, counts.read, counts.accepted, counts.rejected);
					reported = counts.read;
				}
			}
		}
		finally {
			stop.set(true);
			reading.cancel(true);
		}
		this.jobs.complete(jobId, firstRecordId, counts.read, counts.accepted, counts.rejected,
				reader.blankRowsSkipped(), now());
		this.events.publishEvent(new RecordsImported(jobId, source.id(), source.category(), counts.accepted));
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
			List<Accepted> accepted = new ArrayList<>(BATCH);
			List<Rejected> rejected = new ArrayList<>();
			Map<String, Long> known = new HashMap<>();
			TabularRow row;
			while ((row = reader.next()) != null) {
				read++;
				if (row.problem() != null) {
					rejected.add(new Rejected(row.number(), row.cells(), List.of(row.problem())));
				}
				else {
					Outcome outcome = validator.validate(row.cells());
					if (outcome.accepted()) {
						accepted.add(new Accepted(row.number(), outcome.record()));
					}
					else {
						rejected.add(new Rejected(row.number(), row.cells(),
								outcome.reasons().stream().map(Reason::toString).toList()));
					}
				}
				if (accepted.size() >= BATCH || rejected.size() >= BATCH) {
					if (!hand(queue,
							new Batch(read, accepted, resolve(jobId, source, accepted, known), rejected, false, null),
							stop)) {
						return;
					}
					accepted = new ArrayList<>(BATCH);
					rejected = new ArrayList<>();
				}
			}
			hand(queue, new Batch(read, accepted, resolve(jobId, source, accepted, known), rejected, true, null), stop);
		}
		catch (RuntimeException ex) {
			hand(queue, new Batch(0, List.of(), null, List.of(), true, ex), stop);
		}
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
	 * Links a batch to persons, in one statement per step: by ID number; by name and
	 * phone, or phone and a similar name, for records without an ID number; by name,
	 * birth date and address for the rest. ID numbers the population base does not know
	 * are left for the writing half, which creates their provisional persons in the job's
	 * transaction. Also gives the ids of the batch's place names.
	 */
	private Resolution resolve(long jobId, DataSource source, List<Accepted> batch, Map<String, Long> remembered) {
		DataCategory category = source.category();
		int n = batch.size();
		Long[] personIds = new Long[n];
		String[] methods = new String[n];
		Float[] scores = new Float[n];
		Set<String> idNumbers = new HashSet<>();
		List<NameAndPhone> namePhones = new ArrayList<>();
		Set<String> placeNames = new HashSet<>();
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null) {
				Long known = remembered.get(r.idNumber());
				if (known != null) {
					link(i, known, "ID_NUMBER", 1.0f, personIds, methods, scores);
				}
				else {
					idNumbers.add(r.idNumber());
				}
			}
			else if (r.phone() != null) {
				namePhones.add(new NameAndPhone(r.name(), r.phone()));
			}
			RecordPlaces.names(category, r, placeNames);
		}
		Map<String, Long> found = idNumbers.isEmpty() ? Map.of() : this.identities.byIdNumber(idNumbers);
		if (remembered.size() + found.size() <= MAX_KNOWN) {
			remembered.putAll(found);
		}
		// an unknown ID number: the writing half creates its provisional person
		Map<String, ProvisionalPerson> unknown = new LinkedHashMap<>();
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null && methods[i] == null) {
				Long person = found.get(r.idNumber());
				if (person != null) {
					link(i, person, "ID_NUMBER", 1.0f, personIds, methods, scores);
				}
				else {
					scores[i] = 1.0f;
					unknown.computeIfAbsent(r.idNumber(), id -> {
						IdNumber number = new IdNumber(id);
						return new ProvisionalPerson(r.name(), id, number.sex(), number.birthDate(), r.phone());
					});
				}
			}
		}
		Map<NameAndPhone, Long> byNamePhone = namePhones.isEmpty() ? Map.of()
				: this.identities.byNameAndPhone(namePhones);
		List<NameAndPhone> notByNamePhone = namePhones.stream().filter(k -> !byNamePhone.containsKey(k)).toList();
		Map<NameAndPhone, Long> byPhoneTypo = notByNamePhone.isEmpty() ? Map.of()
				: this.identities.byPhoneWithSimilarName(notByNamePhone);
		Map<NameAndPhone, Long> identifiedByPhone = new LinkedHashMap<>(byNamePhone);
		identifiedByPhone.putAll(byPhoneTypo);
		Map<Long, List<Candidate>> similar = similar(batch, identifiedByPhone);
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null) {
				continue;
			}
			NameAndPhone namePhone = (r.phone() != null) ? new NameAndPhone(r.name(), r.phone()) : null;
			if (namePhone != null && byNamePhone.containsKey(namePhone)) {
				link(i, byNamePhone.get(namePhone), "NAME_PHONE", 0.95f, personIds, methods, scores);
			}
			else if (namePhone != null && byPhoneTypo.containsKey(namePhone)) {
				link(i, byPhoneTypo.get(namePhone), "PHONE_SIMILAR_NAME", 0.85f, personIds, methods, scores);
			}
			else {
				Candidate best = autoLink(similar.get((long) i));
				if (best != null) {
					link(i, best.personId(), "NAME_BIRTH_ADDRESS", (float) best.score(), personIds, methods, scores);
				}
			}
		}
		Map<String, Long> places = placeNames.isEmpty() ? Map.of() : this.places.ids(placeNames);
		RecordCopy.Formatted rows = RecordCopy.format(jobId, source.id(), category, now().toInstant(), batch, places,
				personIds, methods, scores);
		return new Resolution(personIds, methods, scores, unknown, rows);
	}

	private static void link(int i, Long personId, String method, float score, Long[] personIds, String[] methods,
			Float[] scores) {
		personIds[i] = personId;
		methods[i] = method;
		scores[i] = score;
	}

	/**
	 * The writing half: creates the provisional persons of ID numbers nobody registered
	 * (once per job: a number seen again in a later batch links to the person created for
	 * it), links records without an ID number to a provisional person of this job with
	 * the same name and phone, and writes the batch.
	 */
	private long storeAccepted(long jobId, DataSource source, String jurisdiction, Batch batch, Written written) {
		List<Accepted> records = batch.accepted();
		if (records.isEmpty()) {
			return 0;
		}
		Resolution resolution = batch.resolution();
		List<ProvisionalPerson> create = resolution.unknown()
			.values()
			.stream()
			.filter(p -> !written.provisional.containsKey(p.idNumber()))
			.toList();
		Map<String, Long> created = this.identities.registerProvisional(create, source.phonesVerified(), jurisdiction,
				"import " + jobId + " (" + source.code() + ")");
		for (ProvisionalPerson person : create) {
			written.provisional.put(person.idNumber(), created.get(person.idNumber()));
			if (person.phone() != null) {
				written.byNamePhone.putIfAbsent(new NameAndPhone(person.name(), person.phone()),
						created.get(person.idNumber()));
			}
		}
		Long[] personIds = resolution.personIds();
		String[] methods = resolution.methods();
		Float[] scores = resolution.scores();
		for (int i = 0; i < records.size(); i++) {
			ValidRecord r = records.get(i).record();
			if (methods[i] != null) {
				continue;
			}
			if (r.idNumber() != null) {
				personIds[i] = written.provisional.get(r.idNumber());
				methods[i] = created.containsKey(r.idNumber()) ? "PROVISIONAL" : "ID_NUMBER";
			}
			else if (r.phone() != null && written.byNamePhone.containsKey(new NameAndPhone(r.name(), r.phone()))) {
				personIds[i] = written.byNamePhone.get(new NameAndPhone(r.name(), r.phone()));
				methods[i] = "NAME_PHONE";
				scores[i] = 0.95f;
			}
		}
		return this.copy.write(resolution.rows(), personIds, methods, scores);
	}

	/**
	 * Candidates for the records that neither an ID number nor name + phone identified.
	 */
	private Map<Long, List<Candidate>> similar(List<Accepted> batch, Map<NameAndPhone, Long> byNamePhone) {
		Map<Long, CandidateQuery> queries = new LinkedHashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			ValidRecord r = batch.get(i).record();
			boolean identified = r.idNumber() != null
					|| (r.phone() != null && byNamePhone.containsKey(new NameAndPhone(r.name(), r.phone())));
			if (!identified) {
				queries.put((long) i, RecordFields.candidateQuery(r.name(), r.fields()));
			}
		}
		return queries.isEmpty() ? Map.of() : this.identities.candidates(queries, null, 2);
	}

	/**
	 * The best candidate, if it reaches the threshold and clearly beats the runner-up
	 * (two people who fit equally well are for a person to decide).
	 */
	private Candidate autoLink(List<Candidate> candidates) {
		if (candidates == null || candidates.isEmpty()) {
			return null;
		}
		Candidate best = candidates.get(0);
		boolean clear = candidates.size() == 1 || candidates.get(1).score() < best.score() - 0.05;
		return (best.score() >= this.autoLinkThreshold && clear) ? best : null;
	}

	private long storeRejected(long jobId, List<Rejected> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				INSERT INTO import_rejected_row (job_id, row_number, cells, reasons)
				SELECT :job, t.row_number, CAST(t.cells AS jsonb), CAST(t.reasons AS jsonb)
				FROM unnest(CAST(:rows AS bigint[]), CAST(:cells AS text[]), CAST(:reasons AS text[]))
				     AS t(row_number, cells, reasons)
				""")
			.param("job", jobId)
			.param("rows", batch.stream().map(Rejected::rowNumber).toArray(Long[]::new))
			.param("cells",
					batch.stream().map(r -> ImportStore.JSON.writeValueAsString(r.cells())).toArray(String[]::new))
			.param("reasons",
					batch.stream().map(r -> ImportStore.JSON.writeValueAsString(r.reasons())).toArray(String[]::new))
			.update();
	}

	private void progress(long jobId, long read, long accepted, long rejected) {
		this.jobs.progress(jobId, read, accepted, rejected);
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

	private static final class Counts {

		long read;

		long accepted;

		long rejected;

	}

	record Accepted(long rowNumber, ValidRecord record) {
	}

	/**
	 * What the reading half hands over: the rows read so far, a batch's accepted records
	 * with their identities and rejected rows; or the failure that ended the reading.
	 */
	private record Batch(long read, List<Accepted> accepted, Resolution resolution, List<Rejected> rejected,
			boolean last, RuntimeException failure) {
	}

	/**
	 * The identities of a batch's records (by index; a {@code null} method for an unknown
	 * ID number until its provisional person exists, or for no link), the unknown ID
	 * numbers, and the records formatted for {@code COPY} (their links left open where
	 * the method is {@code null}).
	 */
	record Resolution(Long[] personIds, String[] methods, Float[] scores, Map<String, ProvisionalPerson> unknown,
			RecordCopy.Formatted rows) {
	}

	/** What the writing half of a job has created so far. */
	private static final class Written {

		final Map<String, Long> provisional = new HashMap<>();

		final Map<NameAndPhone, Long> byNamePhone = new HashMap<>();

	}

	record Rejected(long rowNumber, List<String> cells, List<String> reasons) {
	}

}
