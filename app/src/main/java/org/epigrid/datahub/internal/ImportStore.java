package org.epigrid.datahub.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.DataSource;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportedRecord;
import org.epigrid.datahub.internal.tabular.RejectedRow;
import org.epigrid.datahub.internal.tabular.RejectedRowsWorkbook;
import org.epigrid.datahub.internal.tabular.TabularFiles;
import org.epigrid.datahub.internal.tabular.TabularReader;
import org.epigrid.datahub.internal.tabular.UnreadableFileException;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Import jobs in the database: queueing with the fast checks, look-ups limited to the
 * caller's jurisdiction, and the rejected rows.
 */
@Component
public class ImportStore {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final Clock clock;

	private final ImportRunner runner;

	ImportStore(JdbcClient jdbc, Clock clock, ImportRunner runner) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.runner = runner;
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
		try (TabularReader reader = TabularFiles.open(stored, fileName,
				ColumnMapping.headerTest(source.category().fields(), source.mapping()))) {
			ColumnMapping.resolve(source.category().fields(), source.mapping(), reader.header());
		}
		catch (UnreadableFileException | ImportFailure ex) {
			throw FieldErrorsException.of("file", ex.getMessage());
		}
		Optional<Long> inserted = this.jdbc.sql("""
				INSERT INTO import_job (source_id, file_name, stored_file, content_hash, size_bytes, state, created_by,
				                        jurisdiction, created_at)
				VALUES (:source, :name, :stored, :hash, :size, 'QUEUED', :user, :jurisdiction, :now)
				ON CONFLICT (source_id, content_hash) WHERE state <> 'FAILED' DO NOTHING
				RETURNING id
				""")
			.param("source", source.id())
			.param("name", fileName)
			.param("stored", stored.toAbsolutePath().toString())
			.param("hash", hash)
			.param("size", size)
			.param("user", caller.username())
			.param("jurisdiction", caller.jurisdictionPath())
			.param("now", Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.optional();
		if (inserted.isEmpty()) {
			long earlier = this.jdbc.sql("""
					SELECT id FROM import_job WHERE source_id = :source AND content_hash = :hash AND state <> 'FAILED'
					""").param("source", source.id()).param("hash", hash).query(Long.class).single();
			throw new ConflictException("file",
					"this file was already imported into " + source.code() + " as import " + earlier);
		}
		long id = inserted.get();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				ImportStore.this.runner.enqueue(id);
			}
		});
		return byId(id).orElseThrow();
	}

	/**
	 * A job the caller may see.
	 * @param caller the caller
	 * @param id the job
	 * @return the job, empty if none or not visible
	 */
	@Transactional(readOnly = true)
	public Optional<ImportJob> find(Caller caller, long id) {
		return ImportVisibility
			.bind(this.jdbc.sql(SELECT + " WHERE j.id = :id AND " + ImportVisibility.CONDITION), caller)
			.param("id", id)
			.query(ImportStore::job)
			.optional();
	}

	/**
	 * Recent jobs the caller may see.
	 * @param caller the caller
	 * @param page the page
	 * @return one page, newest first
	 */
	@Transactional(readOnly = true)
	public Slice<ImportJob> recent(Caller caller, PageRequest page) {
		return Slice.of(ImportVisibility
			.bind(this.jdbc.sql(SELECT + " WHERE " + ImportVisibility.CONDITION
					+ " ORDER BY j.created_at DESC, j.id DESC LIMIT :limit OFFSET :offset"), caller)
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query(ImportStore::job)
			.list(), page);
	}

	/**
	 * Streams a job's rejected rows into a workbook, 5,000 rows at a time.
	 * @param jobId the job
	 * @param out where to write
	 */
	@Transactional(readOnly = true)
	public void writeRejectedRows(long jobId, OutputStream out) {
		String headerJson = this.jdbc.sql("SELECT coalesce(header::text, '[]') FROM import_job WHERE id = :id")
			.param("id", jobId)
			.query(String.class)
			.single();
		List<String> header = JSON.readValue(headerJson, new TypeReference<List<String>>() {
		});
		try {
			RejectedRowsWorkbook.write(out, header, () -> new RejectedRowIterator(jobId));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A job's accepted records with their links and source counts.
	 * @param jobId the job
	 * @param page the page
	 * @return one page, by row
	 */
	@Transactional(readOnly = true)
	public Slice<ImportedRecord> records(long jobId, PageRequest page) {
		return Slice.of(this.jdbc
			.sql("""
					SELECT r.row_number, r.name, r.id_number, r.phone, r.person_id, r.link_method, r.link_score,
					       CASE WHEN r.person_id IS NULL THEN 0 ELSE
					         (SELECT count(DISTINCT x.source_id) FROM source_record x WHERE x.person_id = r.person_id) END AS sources
					FROM import_job j JOIN source_record r
					  ON r.id > j.first_record_id AND r.id <= j.last_record_id AND r.job_id = j.id
					WHERE j.id = :job
					-- a job writes its rows in order: by id is by row
					ORDER BY r.id LIMIT :limit OFFSET :offset
					""")
			.param("job", jobId)
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query((rs, i) -> new ImportedRecord(rs.getLong("row_number"), rs.getString("name"),
					Masking.idNumber(rs.getString("id_number")), Masking.phone(rs.getString("phone")),
					rs.getObject("person_id", Long.class), rs.getString("link_method"),
					rs.getObject("link_score", Float.class), rs.getInt("sources")))
			.list(), page);
	}

	Optional<ImportJob> byId(long id) {
		return this.jdbc.sql(SELECT + " WHERE j.id = :id").param("id", id).query(ImportStore::job).optional();
	}

	private static final String SELECT = """
			SELECT j.*, s.code AS source_code, s.name AS source_name, s.category
			FROM import_job j JOIN data_source s ON s.id = j.source_id""";

	static ImportJob job(ResultSet rs, int row) throws SQLException {
		return new ImportJob(rs.getLong("id"), rs.getString("source_code"), rs.getString("source_name"),
				DataCategory.valueOf(rs.getString("category")), rs.getString("file_name"), rs.getLong("size_bytes"),
				rs.getString("content_hash"), rs.getString("format"), rs.getString("encoding"),
				ImportJob.State.valueOf(rs.getString("state")), rs.getLong("rows_read"), rs.getLong("rows_accepted"),
				rs.getLong("rows_rejected"), rs.getLong("blank_rows"), rs.getString("error"),
				rs.getString("created_by"), instant(rs.getTimestamp("created_at")),
				instant(rs.getTimestamp("started_at")), instant(rs.getTimestamp("finished_at")));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	/**
	 * Keyset-paged rejected rows, so that a million rejects never sit in memory.
	 */
	private final class RejectedRowIterator implements Iterator<RejectedRow> {

		private final long jobId;

		private List<RejectedRow> page = new ArrayList<>();

		private int index;

		private long after = Long.MIN_VALUE;

		private boolean exhausted;

		RejectedRowIterator(long jobId) {
			this.jobId = jobId;
		}

		@Override
		public boolean hasNext() {
			if (this.index < this.page.size()) {
				return true;
			}
			if (this.exhausted) {
				return false;
			}
			this.page = ImportStore.this.jdbc.sql("""
					SELECT row_number, cells::text AS cells, reasons::text AS reasons FROM import_rejected_row
					WHERE job_id = :job AND row_number > :after ORDER BY row_number LIMIT 5000
					""").param("job", this.jobId).param("after", this.after).query((rs, i) -> {
				List<String> cells = JSON.readValue(rs.getString("cells"), new TypeReference<List<String>>() {
				});
				List<String> reasons = JSON.readValue(rs.getString("reasons"), new TypeReference<List<String>>() {
				});
				return new RejectedRow(rs.getLong("row_number"), cells, String.join("; ", reasons));
			}).list();
			this.index = 0;
			this.exhausted = this.page.size() < 5000;
			if (!this.page.isEmpty()) {
				this.after = this.page.get(this.page.size() - 1).rowNumber();
			}
			return !this.page.isEmpty();
		}

		@Override
		public RejectedRow next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			return this.page.get(this.index++);
		}

	}

}
