package org.epigrid.datahub.internal;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The life of an import job in {@code import_job}: QUEUED → RUNNING → COMPLETED or
 * FAILED, and back to QUEUED when a run was cut short (a crash, a stop). Each verb guards
 * the state it starts from.
 * <p>
 * A job's records, rejects and completion are written in one transaction (the job's), so
 * a run cut short leaves nothing of itself and the job runs again from the start of its
 * stored file. One runner per job, also across instances sharing the database: a runner
 * {@linkplain #claim claims} the job for as long as the job's transaction lasts (a
 * PostgreSQL advisory lock, released by the server when the transaction or its connection
 * ends, also when the runner's process dies).
 */
@Repository
class ImportJobRepository {

	/** The key space of the claims (first key of the two-key advisory locks). */
	private static final int CLAIMS = 0x494d504f; // "IMPO"

	private final JdbcClient jdbc;

	ImportJobRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A new job, QUEUED, unless the same file (by hash) was imported into the source
	 * before and did not fail.
	 * @param sourceId the source
	 * @param fileName the upload's original name
	 * @param stored where it is stored
	 * @param hash its SHA-256
	 * @param size its size
	 * @param createdBy the importer
	 * @param jurisdiction the importer's jurisdiction
	 * @param now the time
	 * @return the job, empty if the file was imported before
	 */
	Optional<Long> queue(long sourceId, String fileName, Path stored, String hash, long size, String createdBy,
			String jurisdiction, Timestamp now) {
		return this.jdbc.sql("""
				INSERT INTO import_job (source_id, file_name, stored_file, content_hash, size_bytes, state, created_by,
				                        jurisdiction, created_at)
				VALUES (:source, :name, :stored, :hash, :size, 'QUEUED', :user, :jurisdiction, :now)
				ON CONFLICT (source_id, content_hash) WHERE state <> 'FAILED' DO NOTHING
				RETURNING id
				""")
			.param("source", sourceId)
			.param("name", fileName)
			.param("stored", stored.toAbsolutePath().toString())
			.param("hash", hash)
			.param("size", size)
			.param("user", createdBy)
			.param("jurisdiction", jurisdiction)
			.param("now", now)
			.query(Long.class)
			.optional();
	}

	/**
	 * The job that imported a file into a source and did not fail.
	 * @param sourceId the source
	 * @param hash the file's SHA-256
	 * @return the job
	 */
	long importOf(long sourceId, String hash) {
		return this.jdbc.sql("""
				SELECT id FROM import_job WHERE source_id = :source AND content_hash = :hash AND state <> 'FAILED'
				""").param("source", sourceId).param("hash", hash).query(Long.class).single();
	}

	/**
	 * What a runner needs of a job.
	 *
	 * @param sourceId the data source
	 * @param file the stored upload
	 * @param fileName the upload's original name
	 * @param jurisdiction the importer's jurisdiction
	 */
	record StoredJob(long sourceId, Path file, String fileName, String jurisdiction) {
	}

	StoredJob find(long id) {
		return this.jdbc.sql("SELECT source_id, stored_file, file_name, jurisdiction FROM import_job WHERE id = :id")
			.param("id", id)
			.query((rs, i) -> new StoredJob(rs.getLong(1), Path.of(rs.getString(2)), rs.getString(3), rs.getString(4)))
			.single();
	}

	/**
	 * Jobs queued or running (or left so by a run that ended without finishing them).
	 * @return their ids, oldest first
	 */
	List<Long> unfinished() {
		return this.jdbc.sql("SELECT id FROM import_job WHERE state IN ('QUEUED', 'RUNNING') ORDER BY id")
			.query(Long.class)
			.list();
	}

	/**
	 * Takes a job for the caller's transaction, without waiting.
	 * @param id the job
	 * @return {@code false} if another runner has it
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean claim(long id) {
		return Boolean.TRUE.equals(this.jdbc.sql("SELECT pg_try_advisory_xact_lock(:space, CAST(:key AS integer))")
			.param("space", CLAIMS)
			.param("key", id % Integer.MAX_VALUE)
			.query(Boolean.class)
			.single());
	}

	/**
	 * Puts a job that no runner has back in the queue, its counts of the cut-short run
	 * zeroed: it runs again from the start.
	 * @param id the job
	 * @return {@code false} if it runs (in another instance) or has finished
	 */
	@Transactional
	boolean requeueInterrupted(long id) {
		return claim(id) && this.jdbc.sql("""
				UPDATE import_job SET state = 'QUEUED', started_at = NULL, rows_read = 0, rows_accepted = 0,
				       rows_rejected = 0, blank_rows = 0
				WHERE id = :id AND state IN ('QUEUED', 'RUNNING')
				""").param("id", id).update() > 0;
	}

	/**
	 * QUEUED → RUNNING, committed at once so that pages show it.
	 * @return {@code false} if the job was not queued (a run before this one finished it)
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	boolean start(long id, List<String> header, String encoding, String format, Timestamp now) {
		String headerJson = RecordJson.JSON.writeValueAsString(header);
		return this.jdbc.sql("""
				UPDATE import_job SET state = 'RUNNING', started_at = :now, header = CAST(:header AS jsonb),
				       encoding = :encoding, format = :format
				WHERE id = :id AND state = 'QUEUED'
				""")
			.param("now", now)
			.param("header", headerJson)
			.param("encoding", encoding)
			.param("format", format)
			.param("id", id)
			.update() > 0;
	}

	/** How far a running job is, committed at once so that pages show it. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void progress(long id, long read, long accepted, long rejected) {
		this.jdbc.sql("""
				UPDATE import_job SET rows_read = :read, rows_accepted = :accepted, rows_rejected = :rejected
				WHERE id = :id AND state = 'RUNNING'
				""")
			.param("read", read)
			.param("accepted", accepted)
			.param("rejected", rejected)
			.param("id", id)
			.update();
	}

	/**
	 * The id before the first record of a job that is about to write its records: every
	 * record it writes gets a greater id (see V14), in the job's transaction.
	 * @return the id
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	long nextRecordId() {
		return this.jdbc.sql("SELECT nextval(pg_get_serial_sequence('source_record', 'id'))")
			.query(Long.class)
			.single();
	}

	/**
	 * Stores a batch of a running job's rejected rows, in the job's transaction.
	 * @param id the job
	 * @param rows the rows
	 * @return how many were stored
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	long reject(long id, List<RejectedRowEntry> rows) {
		if (rows.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				INSERT INTO import_rejected_row (job_id, row_number, cells, reasons)
				SELECT :job, t.row_number, CAST(t.cells AS jsonb), CAST(t.reasons AS jsonb)
				FROM unnest(CAST(:rows AS bigint[]), CAST(:cells AS text[]), CAST(:reasons AS text[]))
				     AS t(row_number, cells, reasons)
				""")
			.param("job", id)
			.param("rows", rows.stream().map(RejectedRowEntry::rowNumber).toArray(Long[]::new))
			.param("cells",
					rows.stream().map(r -> RecordJson.JSON.writeValueAsString(r.cells())).toArray(String[]::new))
			.param("reasons",
					rows.stream().map(r -> RecordJson.JSON.writeValueAsString(r.reasons())).toArray(String[]::new))
			.update();
	}

	/**
	 * RUNNING → COMPLETED, in the job's transaction (after its records, on the same
	 * connection: the last record id is the session's last value of their sequence).
	 * @param id the job
	 * @param firstRecordId the id from {@link #nextRecordId()}
	 * @param counts what the run read, stored and refused
	 * @param now the time
	 * @throws ImportJobStateException if the job is not running
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void finish(long id, long firstRecordId, Counts counts, Timestamp now) {
		int completed = this.jdbc
			.sql("""
					UPDATE import_job SET state = 'COMPLETED', rows_read = :read, rows_accepted = :accepted,
					       rows_rejected = :rejected, blank_rows = :blank, finished_at = :now,
					       first_record_id = :first,
					       last_record_id = CASE WHEN :accepted > 0 THEN currval(pg_get_serial_sequence('source_record', 'id'))
					                             ELSE :first END
					WHERE id = :id AND state = 'RUNNING'
					""")
			.param("first", firstRecordId)
			.param("read", counts.read())
			.param("accepted", counts.accepted())
			.param("rejected", counts.rejected())
			.param("blank", counts.blank())
			.param("now", now)
			.param("id", id)
			.update();
		if (completed == 0) {
			throw new ImportJobStateException(id, "RUNNING");
		}
	}

	/** QUEUED or RUNNING → FAILED, nothing of the file kept. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void fail(long id, String message, Timestamp now) {
		this.jdbc.sql("""
				UPDATE import_job SET state = 'FAILED', error = :error, finished_at = :now,
				       rows_read = 0, rows_accepted = 0, rows_rejected = 0
				WHERE id = :id AND state IN ('QUEUED', 'RUNNING')
				""").param("error", message).param("now", now).param("id", id).update();
	}

	/**
	 * What a run read, stored and refused.
	 *
	 * @param read rows read
	 * @param accepted records stored
	 * @param rejected rows refused
	 * @param blank blank rows skipped
	 */
	record Counts(long read, long accepted, long rejected, long blank) {
	}

}
