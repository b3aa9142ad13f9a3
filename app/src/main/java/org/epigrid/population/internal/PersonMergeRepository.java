package org.epigrid.population.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Merges of duplicate persons: {@code person.merged_into} and the {@code person_merge}
 * log that lets each merge be undone exactly.
 */
@Repository
public class PersonMergeRepository {

	private final JdbcClient jdbc;

	PersonMergeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Marks a person merged into another, if neither is merged already and nobody was
	 * merged into the duplicate (a person others were merged into is undone first, so
	 * that every undo is exact).
	 * @param survivorId the person who stays
	 * @param duplicateId the person merged into them
	 * @param now the time
	 * @return {@code false} if one of the two is merged already
	 */
	public boolean markMerged(long survivorId, long duplicateId, Instant now) {
		return this.jdbc.sql("""
				UPDATE person SET merged_into = :survivor, updated_at = :now
				WHERE id = :duplicate AND merged_into IS NULL
				  AND NOT EXISTS (SELECT 1 FROM person s WHERE s.id = :survivor AND s.merged_into IS NOT NULL)
				  -- a person others were merged into is undone first, so that every undo is exact
				  AND NOT EXISTS (SELECT 1 FROM person d WHERE d.merged_into = :duplicate)
				""")
			.param("survivor", survivorId)
			.param("duplicate", duplicateId)
			.param("now", Timestamp.from(now))
			.update() > 0;
	}

	/**
	 * Logs a merge.
	 * @return the merge's id
	 */
	public long insert(long survivorId, long duplicateId, String reason, String mergedBy, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO person_merge (survivor_id, duplicate_id, reason, merged_by, merged_at)
				VALUES (:survivor, :duplicate, :reason, :user, :now) RETURNING id
				""")
			.param("survivor", survivorId)
			.param("duplicate", duplicateId)
			.param("reason", reason)
			.param("user", mergedBy)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.single();
	}

	/**
	 * A logged merge.
	 * @param id the merge
	 * @return it, empty if none
	 */
	public Optional<Merge> find(long id) {
		return this.jdbc.sql("SELECT survivor_id, duplicate_id, undone_at IS NOT NULL FROM person_merge WHERE id = :id")
			.param("id", id)
			.query((rs, i) -> new Merge(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
			.optional();
	}

	/**
	 * Undoes a merge: the duplicate is a person of their own again, the log says who
	 * undid it.
	 */
	public void undo(long mergeId, long duplicateId, String undoneBy, Instant now) {
		this.jdbc.sql("UPDATE person SET merged_into = NULL, updated_at = :now WHERE id = :duplicate")
			.param("duplicate", duplicateId)
			.param("now", Timestamp.from(now))
			.update();
		this.jdbc.sql("UPDATE person_merge SET undone_by = :user, undone_at = :now WHERE id = :id")
			.param("user", undoneBy)
			.param("now", Timestamp.from(now))
			.param("id", mergeId)
			.update();
	}

	/**
	 * A logged merge.
	 *
	 * @param survivor the person who stayed
	 * @param duplicate the person merged into them
	 * @param undone whether it was undone
	 */
	public record Merge(long survivor, long duplicate, boolean undone) {
	}

}
