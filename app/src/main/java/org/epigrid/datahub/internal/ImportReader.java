package org.epigrid.datahub.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportedRecord;
import org.epigrid.datahub.internal.tabular.RejectedRow;
import org.epigrid.datahub.internal.tabular.RejectedRowsWorkbook;
import org.epigrid.security.Caller;
import org.epigrid.shared.Masking;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads import jobs, their records and rejected rows, limited to what the caller may see:
 * whoever imported a job, and anyone whose jurisdiction covers the importer's
 * ({@link #VISIBLE}, one SQL condition for every query of imports and their records).
 */
@Repository
public class ImportReader {

	/**
	 * Condition on {@code import_job} aliased {@code j}; bind with {@link #bindVisible}.
	 */
	static final String VISIBLE = "(j.jurisdiction >= :jlo AND j.jurisdiction < :jhi OR j.created_by = :user)";

	private final JdbcClient jdbc;

	ImportReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Binds the parameters of {@link #VISIBLE} for a caller.
	 * @param spec the statement
	 * @param caller the caller
	 * @return the statement
	 */
	static StatementSpec bindVisible(StatementSpec spec, Caller caller) {
		return spec.param("jlo", caller.jurisdiction().lower())
			.param("jhi", caller.jurisdiction().upper())
			.param("user", caller.username());
	}

	/**
	 * A job the caller may see.
	 * @param caller the caller
	 * @param id the job
	 * @return the job, empty if none or not visible
	 */
	@Transactional(readOnly = true)
	public Optional<ImportJob> find(Caller caller, long id) {
		return bindVisible(this.jdbc.sql(SELECT + " WHERE j.id = :id AND " + VISIBLE), caller).param("id", id)
			.query(ImportReader::job)
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
		return Slice.of(bindVisible(this.jdbc
			.sql(SELECT + " WHERE " + VISIBLE + " ORDER BY j.created_at DESC, j.id DESC LIMIT :limit OFFSET :offset"),
				caller)
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query(ImportReader::job)
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
		List<String> header = RecordJson.JSON.readValue(headerJson, new TypeReference<List<String>>() {
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

	/**
	 * A job, whoever may see it.
	 * @param id the job
	 * @return the job, empty if none
	 */
	@Transactional(readOnly = true)
	public Optional<ImportJob> byId(long id) {
		return this.jdbc.sql(SELECT + " WHERE j.id = :id").param("id", id).query(ImportReader::job).optional();
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
			this.page = ImportReader.this.jdbc.sql("""
					SELECT row_number, cells::text AS cells, reasons::text AS reasons FROM import_rejected_row
					WHERE job_id = :job AND row_number > :after ORDER BY row_number LIMIT 5000
					""").param("job", this.jobId).param("after", this.after).query((rs, i) -> {
				List<String> cells = RecordJson.JSON.readValue(rs.getString("cells"),
						new TypeReference<List<String>>() {
						});
				List<String> reasons = RecordJson.JSON.readValue(rs.getString("reasons"),
						new TypeReference<List<String>>() {
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
