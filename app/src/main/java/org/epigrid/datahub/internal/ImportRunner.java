package org.epigrid.datahub.internal;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs imports one at a time in the background. A job's records, rejects and completion
 * are one transaction: a crash or a bad file leaves nothing half-imported, and a job
 * interrupted by a restart runs again from its stored file. Progress is committed
 * separately every few thousand rows, so that the page and {@code GET
 * /api/v1/imports/{id}} can show it.
 */
@Component
class ImportRunner implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(ImportRunner.class);

	static final int BATCH = 2_000;

	private static final int PROGRESS_EVERY = 5_000;

	private final JdbcClient jdbc;

	private final DataSourceManagement sources;

	private final IdentityLookup identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TransactionTemplate tx;

	private final TransactionTemplate separateTx;

	private final ThreadPoolTaskExecutor executor;

	private final double autoLinkThreshold;

	private final RecordCopy copy;

	ImportRunner(JdbcClient jdbc, DataSourceManagement sources, IdentityLookup identities,
			ApplicationEventPublisher events, Clock clock, PlatformTransactionManager transactions,
			javax.sql.DataSource dataSource,
			@Value("${epigrid.identity.auto-link-threshold:0.9}") double autoLinkThreshold) {
		this.autoLinkThreshold = autoLinkThreshold;
		this.copy = new RecordCopy(dataSource);
		this.jdbc = jdbc;
		this.sources = sources;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
		this.tx = new TransactionTemplate(transactions);
		this.separateTx = new TransactionTemplate(transactions);
		this.separateTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
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
		this.executor.shutdown();
	}

	void enqueue(long jobId) {
		this.executor.execute(() -> run(jobId));
	}

	/**
	 * Jobs queued or running when the platform stopped run again: their work was rolled
	 * back, their files are still in the data folder.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void resume() {
		List<Long> pending = this.jdbc.sql("SELECT id FROM import_job WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id")
			.query(Long.class)
			.list();
		for (long id : pending) {
			this.jdbc.sql("UPDATE import_job SET state = 'QUEUED' WHERE id = :id").param("id", id).update();
			log.info("Resuming import {}", id);
			enqueue(id);
		}
	}

	void run(long jobId) {
		record Job(long sourceId, Path file, String fileName, String jurisdiction) {
		}
		Job job = this.jdbc.sql("SELECT source_id, stored_file, file_name, jurisdiction FROM import_job WHERE id = :id")
			.param("id", jobId)
			.query((rs, i) -> new Job(rs.getLong(1), Path.of(rs.getString(2)), rs.getString(3), rs.getString(4)))
			.single();
		DataSource source = this.sources.find(job.sourceId()).orElseThrow();
		try (TabularReader reader = TabularFiles.open(job.file(), job.fileName())) {
			ColumnMapping mapping = ColumnMapping.resolve(source.category().fields(), source.mapping(),
					reader.header());
			Integer started = this.separateTx.execute(s -> this.jdbc.sql("""
					UPDATE import_job SET state = 'RUNNING', started_at = :now, header = CAST(:header AS jsonb),
					       encoding = :encoding, format = :format
					WHERE id = :id AND state = 'QUEUED'
					""")
				.param("now", now())
				.param("header", ImportStore.JSON.writeValueAsString(reader.header()))
				.param("encoding", reader.encoding())
				.param("format", reader.format().name())
				.param("id", jobId)
				.update());
			if (started == null || started == 0) {
				return;
			}
			RecordValidator validator = new RecordValidator(source.category(), mapping, this.clock.getZone());
			this.tx.executeWithoutResult(status -> process(jobId, source, job.jurisdiction(), reader, validator));
			log.info("Import {} of {} into {} completed", jobId, job.fileName(), source.code());
		}
		catch (UnreadableFileException | ImportFailure ex) {
			fail(jobId, ex.getMessage());
		}
		catch (RuntimeException ex) {
			log.error("Import {} failed", jobId, ex);
			fail(jobId, "import failed: " + ex.getMessage());
		}
	}

	private void process(long jobId, DataSource source, String jurisdiction, TabularReader reader,
			RecordValidator validator) {
		Counts counts = new Counts();
		List<Accepted> accepted = new ArrayList<>();
		List<Rejected> rejected = new ArrayList<>();
		TabularRow row;
		while ((row = reader.next()) != null) {
			counts.read++;
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
			if (accepted.size() >= BATCH) {
				counts.accepted += storeAccepted(jobId, source, jurisdiction, accepted);
				accepted.clear();
			}
			if (rejected.size() >= BATCH) {
				counts.rejected += storeRejected(jobId, rejected);
				rejected.clear();
			}
			if (counts.read % PROGRESS_EVERY == 0) {
				progress(jobId, counts.read, counts.accepted + accepted.size(), counts.rejected + rejected.size());
			}
		}
		counts.accepted += storeAccepted(jobId, source, jurisdiction, accepted);
		counts.rejected += storeRejected(jobId, rejected);
		this.jdbc.sql("""
				UPDATE import_job SET state = 'COMPLETED', rows_read = :read, rows_accepted = :accepted,
				       rows_rejected = :rejected, blank_rows = :blank, finished_at = :now
				WHERE id = :id
				""")
			.param("read", counts.read)
			.param("accepted", counts.accepted)
			.param("rejected", counts.rejected)
			.param("blank", reader.blankRowsSkipped())
			.param("now", now())
			.param("id", jobId)
			.update();
		this.events.publishEvent(new RecordsImported(jobId, source.id(), source.category(), counts.accepted));
	}

	/**
	 * Links a batch to persons and stores it, in one statement per step: by ID number; by
	 * name and phone for records without an ID number; a provisional person for an ID
	 * number the population base does not know; otherwise unlinked, for the manual match
	 * queue.
	 */
	private long storeAccepted(long jobId, DataSource source, String jurisdiction, List<Accepted> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		Set<String> idNumbers = new LinkedHashSet<>();
		List<NameAndPhone> namePhones = new ArrayList<>();
		for (Accepted a : batch) {
			if (a.record().idNumber() != null) {
				idNumbers.add(a.record().idNumber());
			}
			else if (a.record().phone() != null) {
				namePhones.add(new NameAndPhone(a.record().name(), a.record().phone()));
			}
		}
		Map<String, Long> byId = new LinkedHashMap<>(this.identities.byIdNumber(idNumbers));
		Map<NameAndPhone, Long> byNamePhone = this.identities.byNameAndPhone(namePhones);
		Map<NameAndPhone, Long> byPhoneTypo = this.identities
			.byPhoneWithSimilarName(namePhones.stream().filter(k -> !byNamePhone.containsKey(k)).toList());
		Map<String, ProvisionalPerson> unknown = new LinkedHashMap<>();
		for (Accepted a : batch) {
			String id = a.record().idNumber();
			if (id != null && !byId.containsKey(id)) {
				IdNumber number = new IdNumber(id);
				unknown.putIfAbsent(id, new ProvisionalPerson(a.record().name(), id, number.sex(), number.birthDate(),
						a.record().phone()));
			}
		}
		Map<String, Long> provisional = this.identities.registerProvisional(List.copyOf(unknown.values()), jurisdiction,
				"import " + jobId + " (" + source.code() + ")");
		Map<NameAndPhone, Long> identifiedByPhone = new LinkedHashMap<>(byNamePhone);
		identifiedByPhone.putAll(byPhoneTypo);
		Map<Long, List<Candidate>> similar = similar(batch, identifiedByPhone);
		int n = batch.size();
		Long[] personIds = new Long[n];
		String[] methods = new String[n];
		Float[] scores = new Float[n];
		for (int i = 0; i < n; i++) {
			ValidRecord r = batch.get(i).record();
			if (r.idNumber() != null) {
				boolean created = unknown.containsKey(r.idNumber());
				personIds[i] = created ? provisional.get(r.idNumber()) : byId.get(r.idNumber());
				methods[i] = created ? "PROVISIONAL" : "ID_NUMBER";
				scores[i] = 1.0f;
			}
			else if (r.phone() != null && byNamePhone.containsKey(new NameAndPhone(r.name(), r.phone()))) {
				personIds[i] = byNamePhone.get(new NameAndPhone(r.name(), r.phone()));
				methods[i] = "NAME_PHONE";
				scores[i] = 0.95f;
			}
			else if (r.phone() != null && byPhoneTypo.containsKey(new NameAndPhone(r.name(), r.phone()))) {
				personIds[i] = byPhoneTypo.get(new NameAndPhone(r.name(), r.phone()));
				methods[i] = "PHONE_SIMILAR_NAME";
				scores[i] = 0.85f;
			}
			else {
				Candidate best = autoLink(similar.get((long) i));
				personIds[i] = best != null ? best.personId() : null;
				methods[i] = best != null ? "NAME_BIRTH_ADDRESS" : null;
				scores[i] = best != null ? (float) best.score() : null;
			}
		}
		return this.copy.records(jobId, source.id(), source.category().name(), now(), batch, personIds, methods,
				scores);
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
		return this.identities.candidates(queries, null, 2);
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
		this.separateTx.executeWithoutResult(s -> this.jdbc
			.sql("""
					UPDATE import_job SET rows_read = :read, rows_accepted = :accepted, rows_rejected = :rejected WHERE id = :id
					""")
			.param("read", read)
			.param("accepted", accepted)
			.param("rejected", rejected)
			.param("id", jobId)
			.update());
	}

	private void fail(long jobId, String message) {
		this.separateTx.executeWithoutResult(s -> this.jdbc.sql("""
				UPDATE import_job SET state = 'FAILED', error = :error, finished_at = :now,
				       rows_read = 0, rows_accepted = 0, rows_rejected = 0
				WHERE id = :id
				""").param("error", message).param("now", now()).param("id", jobId).update());
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

	record Rejected(long rowNumber, List<String> cells, List<String> reasons) {
	}

}
