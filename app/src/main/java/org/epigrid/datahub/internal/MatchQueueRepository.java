package org.epigrid.datahub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.type.TypeReference;

import org.epigrid.security.Caller;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Imported records no person was linked to, in imports the caller may see, and their
 * links by hand ({@link LinkMethod#MANUAL}).
 */
@Repository
public class MatchQueueRepository {

	private final JdbcClient jdbc;

	MatchQueueRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Unmatched records, oldest first.
	 * @param caller whose imports
	 * @param importId only this import's, or {@code null}
	 * @param limit at most so many
	 * @param offset after so many
	 * @return the records
	 */
	public List<UnmatchedRecord> unmatched(Caller caller, Long importId, int limit, long offset) {
		return ImportReader
			.bindVisible(this.jdbc
				.sql("""
						SELECT r.id, r.job_id, s.name AS source, r.row_number, r.name, r.phone, r.occurred_at, r.fields::text AS fields
						FROM source_record r JOIN import_job j ON j.id = r.job_id JOIN data_source s ON s.id = r.source_id
						WHERE r.person_id IS NULL AND (CAST(:importId AS bigint) IS NULL OR r.job_id = :importId) AND
						"""
						+ ImportReader.VISIBLE + " ORDER BY r.id LIMIT :limit OFFSET :offset"),
					caller)
			.param("importId", importId)
			.param("limit", limit)
			.param("offset", offset)
			.query((rs, i) -> {
				Timestamp occurred = rs.getTimestamp("occurred_at");
				return new UnmatchedRecord(rs.getLong("id"), rs.getLong("job_id"), rs.getString("source"),
						rs.getLong("row_number"), rs.getString("name"), rs.getString("phone"),
						occurred == null ? null : occurred.toInstant(), RecordJson.JSON
							.readValue(rs.getString("fields"), new TypeReference<LinkedHashMap<String, Object>>() {
							}));
			})
			.list();
	}

	/**
	 * Whom a record is linked to, if the caller may see its import.
	 * @param caller the caller
	 * @param recordId the record
	 * @return the person, {@code -1} if none; empty if the record is not visible
	 */
	public Optional<Long> linkedPerson(Caller caller, long recordId) {
		return ImportReader.bindVisible(this.jdbc.sql("""
				SELECT coalesce(r.person_id, -1) FROM source_record r JOIN import_job j ON j.id = r.job_id
				WHERE r.id = :id AND""" + " " + ImportReader.VISIBLE), caller)
			.param("id", recordId)
			.query(Long.class)
			.optional();
	}

	/**
	 * Links an unlinked record by hand.
	 * @param recordId the record
	 * @param personId the person
	 * @param linkedBy who decided
	 * @param now the time
	 */
	public void linkByHand(long recordId, long personId, String linkedBy, Instant now) {
		this.jdbc.sql("""
				UPDATE source_record SET person_id = :person, link_method = :method, link_score = :score,
				       linked_by = :user, linked_at = :now
				WHERE id = :id AND person_id IS NULL
				""")
			.param("person", personId)
			.param("method", LinkMethod.MANUAL.name())
			.param("score", LinkMethod.MANUAL.score())
			.param("user", linkedBy)
			.param("now", Timestamp.from(now))
			.param("id", recordId)
			.update();
	}

	/**
	 * An unmatched record.
	 *
	 * @param id the record
	 * @param importId its import
	 * @param source its source's name
	 * @param rowNumber its row in the file
	 * @param name the name it gives
	 * @param phone its phone, may be {@code null}
	 * @param occurredAt when its event happened, may be {@code null}
	 * @param fields its fields
	 */
	public record UnmatchedRecord(long id, long importId, String source, long rowNumber, String name, String phone,
			Instant occurredAt, Map<String, Object> fields) {
	}

}
