package org.epigrid.tracing.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.epigrid.shared.PathPrefix;
import org.epigrid.tracing.CaseClassification;
import org.epigrid.tracing.CaseState;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Transmission chains ({@code tracing_link}): the infector of each case that has one, and
 * the clusters they form.
 */
@Repository
public class LinkRepository {

	/** How deep a chain is followed: far more generations than any outbreak has. */
	private static final int MAX_DEPTH = 1000;

	/**
	 * A case's reference time: its onset (at the start of the day) or its first positive
	 * sample, whichever is earlier.
	 */
	private static final String REF = "LEAST(CAST(%1$s.onset_date AS timestamp) AT TIME ZONE :zone, %1$s.first_positive_at)";

	private final JdbcClient jdbc;

	LinkRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Links the cases touched by a computation of contacts to their most likely infector,
	 * in one statement: every pair of cases where one is the other's direct (close or
	 * general) contact is oriented from the earlier reference time to the later (the
	 * lower id first on a tie, so no chain can close a loop); for each infectee the
	 * likeliest infector is the close one over the general, the household over a venue,
	 * then one who fell ill or tested positive strictly before it over one the same day,
	 * then the latest before it; of the pair's two contact records, the infector's own
	 * (its evidence seen from the infector), so a computation again finds the same. Links
	 * made by hand are kept.
	 * @param caseIds the cases whose contacts were computed
	 * @param zone the zone onset dates are in
	 * @param now when
	 * @return how many links were added or changed
	 */
	public int link(Collection<Long> caseIds, ZoneId zone, Instant now) {
		String src = REF.formatted("src");
		String other = REF.formatted("other");
		return this.jdbc
			.sql("""
					WITH run AS (SELECT unnest(CAST(:ids AS bigint[])) AS id),
					touched AS (
					    SELECT id FROM run
					    UNION
					    SELECT other.id FROM tracing_contact c JOIN tracing_case other ON other.person_id = c.person_id
					     WHERE c.case_id IN (SELECT id FROM run) AND c.level IN ('CLOSE', 'GENERAL')
					    UNION
					    SELECT c.case_id FROM tracing_case me JOIN tracing_contact c ON c.person_id = me.person_id
					     WHERE me.id IN (SELECT id FROM run) AND c.level IN ('CLOSE', 'GENERAL')),
					pairs AS (
					    SELECT src.id AS a, other.id AS b, %s AS a_ref, %s AS b_ref, c.level, c.evidence
					      FROM tracing_contact c
					      JOIN tracing_case src ON src.id = c.case_id
					      JOIN tracing_case other ON other.person_id = c.person_id
					     WHERE c.level IN ('CLOSE', 'GENERAL')
					       AND (c.case_id IN (SELECT id FROM touched) OR other.id IN (SELECT id FROM touched))),
					oriented AS (
					    SELECT CASE WHEN (a_ref, a) < (b_ref, b) THEN a ELSE b END AS infector,
					           CASE WHEN (a_ref, a) < (b_ref, b) THEN b ELSE a END AS infectee,
					           CASE WHEN (a_ref, a) < (b_ref, b) THEN a_ref ELSE b_ref END AS infector_ref,
					           CASE WHEN (a_ref, a) < (b_ref, b) THEN b_ref ELSE a_ref END AS infectee_ref,
					           (a_ref, a) < (b_ref, b) AS from_infector, level, evidence
					      FROM pairs),
					candidates AS (
					    SELECT infectee, count(DISTINCT infector) AS n FROM oriented GROUP BY infectee),
					best AS (
					    SELECT DISTINCT ON (infectee) infectee, infector, level, evidence
					      FROM oriented
					     WHERE infectee IN (SELECT id FROM touched)
					     ORDER BY infectee, level = 'CLOSE' DESC, evidence @> '[{"kind": "HOUSEHOLD"}]' DESC,
					              infector_ref < infectee_ref DESC, infector_ref DESC, infector, from_infector DESC)
					INSERT INTO tracing_link AS l (infectee_case_id, infector_case_id, level, evidence, candidates, linked_at,
					                               linked_by)
					SELECT best.infectee, infector, level, evidence, candidates.n, :now, 'system'
					  FROM best JOIN candidates ON candidates.infectee = best.infectee
					ON CONFLICT (infectee_case_id) DO UPDATE
					   SET infector_case_id = EXCLUDED.infector_case_id, level = EXCLUDED.level, evidence = EXCLUDED.evidence,
					       candidates = EXCLUDED.candidates, linked_at = EXCLUDED.linked_at
					 WHERE l.linked_by = 'system'
					   AND (l.infector_case_id, l.level, l.evidence, l.candidates)
					       IS DISTINCT FROM (EXCLUDED.infector_case_id, EXCLUDED.level, EXCLUDED.evidence, EXCLUDED.candidates)"""
				.formatted(src, other))
			.param("ids", caseIds.stream().distinct().toArray(Long[]::new))
			.param("zone", zone.getId())
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Sets a case's infector by hand (the computation keeps it from then on).
	 * @param infectee the case
	 * @param infector its infector
	 * @param note why, may be {@code null}
	 * @param by the investigator
	 * @param now when
	 */
	public void setByHand(long infectee, long infector, String note, String by, Instant now) {
		this.jdbc
			.sql("""
					INSERT INTO tracing_link AS l (infectee_case_id, infector_case_id, level, evidence, candidates, linked_at,
					                               linked_by, note)
					VALUES (:infectee, :infector,
					        (SELECT c.level FROM tracing_contact c JOIN tracing_case me ON me.person_id = c.person_id
					          WHERE me.id = :infectee AND c.case_id = :infector AND c.level IN ('CLOSE', 'GENERAL')),
					        COALESCE((SELECT c.evidence FROM tracing_contact c JOIN tracing_case me ON me.person_id = c.person_id
					                   WHERE me.id = :infectee AND c.case_id = :infector), CAST('[]' AS jsonb)),
					        1, :now, :by, :note)
					ON CONFLICT (infectee_case_id) DO UPDATE
					   SET infector_case_id = EXCLUDED.infector_case_id, level = EXCLUDED.level, evidence = EXCLUDED.evidence,
					       candidates = 1, linked_at = EXCLUDED.linked_at, linked_by = EXCLUDED.linked_by, note = EXCLUDED.note""")
			.param("infectee", infectee)
			.param("infector", infector)
			.param("note", note)
			.param("by", by)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Whether a case descends from another (then the other cannot be its infectee).
	 * @param descendant the case
	 * @param ancestor the other
	 * @return true if following infectors up from {@code descendant} reaches
	 * {@code ancestor}
	 */
	public boolean descends(long descendant, long ancestor) {
		return this.jdbc.sql("""
				WITH RECURSIVE up(id, depth) AS (
				    SELECT CAST(:d AS bigint), 0
				    UNION ALL
				    SELECT l.infector_case_id, up.depth + 1 FROM tracing_link l JOIN up ON l.infectee_case_id = up.id
				     WHERE up.depth < :max)
				SELECT EXISTS (SELECT 1 FROM up WHERE id = :a)""")
			.param("d", descendant)
			.param("a", ancestor)
			.param("max", MAX_DEPTH)
			.query(Boolean.class)
			.single();
	}

	/**
	 * The first case of the cluster a case belongs to: its infector's infector, and so
	 * on.
	 * @param caseId the case
	 * @return the root (the case itself when it has no infector)
	 */
	public long root(long caseId) {
		return this.jdbc.sql("""
				WITH RECURSIVE up(id, depth) AS (
				    SELECT CAST(:id AS bigint), 0
				    UNION ALL
				    SELECT l.infector_case_id, up.depth + 1 FROM tracing_link l JOIN up ON l.infectee_case_id = up.id
				     WHERE up.depth < :max)
				SELECT id FROM up ORDER BY depth DESC LIMIT 1""")
			.param("id", caseId)
			.param("max", MAX_DEPTH)
			.query(Long.class)
			.single();
	}

	/**
	 * The cases of a cluster, from its root down, with their generation and link.
	 * @param root the root
	 * @param range the caller's jurisdiction: cases outside are marked
	 * @param zone the zone onset dates are in
	 * @return the members, by generation
	 */
	public List<Member> members(long root, PathPrefix range, ZoneId zone) {
		return this.jdbc
			.sql("""
					WITH RECURSIVE down(id, generation) AS (
					    SELECT CAST(:root AS bigint), 0
					    UNION ALL
					    SELECT l.infectee_case_id, down.generation + 1 FROM tracing_link l JOIN down ON l.infector_case_id = down.id
					     WHERE down.generation < :max)
					SELECT k.id, k.person_id, k.path >= :lo AND k.path < :hi AS mine, k.classification, k.status, k.onset_date,
					       k.first_positive_at, down.generation, l.infector_case_id, l.level, CAST(l.evidence AS text) AS evidence,
					       l.candidates, l.linked_at, l.linked_by, l.note
					  FROM down JOIN tracing_case k ON k.id = down.id
					  LEFT JOIN tracing_link l ON l.infectee_case_id = k.id
					 ORDER BY down.generation, k.id""")
			.param("root", root)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("max", MAX_DEPTH)
			.query((rs, i) -> member(rs))
			.list();
	}

	/**
	 * Clusters with at least two cases and one in a jurisdiction, the largest first.
	 * @param range the jurisdiction
	 * @param limit how many
	 * @return root, size and generations of each
	 */
	public List<ClusterSize> clusters(PathPrefix range, int limit) {
		return this.jdbc.sql("""
				WITH RECURSIVE down(root, id, generation) AS (
				    SELECT DISTINCT l.infector_case_id, l.infector_case_id, 0 FROM tracing_link l
				     WHERE NOT EXISTS (SELECT 1 FROM tracing_link up WHERE up.infectee_case_id = l.infector_case_id)
				    UNION ALL
				    SELECT down.root, l.infectee_case_id, down.generation + 1
				      FROM tracing_link l JOIN down ON l.infector_case_id = down.id
				     WHERE down.generation < :max)
				SELECT down.root, count(*) AS size, max(down.generation) + 1 AS generations,
				       min(k.first_positive_at) AS first_positive_at
				  FROM down JOIN tracing_case k ON k.id = down.id
				 GROUP BY down.root
				HAVING bool_or(k.path >= :lo AND k.path < :hi)
				 ORDER BY size DESC, down.root
				 LIMIT :limit""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("max", MAX_DEPTH)
			.param("limit", limit)
			.query((rs, i) -> new ClusterSize(rs.getLong("root"), rs.getInt("size"), rs.getInt("generations"),
					instant(rs, "first_positive_at")))
			.list();
	}

	/**
	 * A case's infector link, if any.
	 * @param infectee the case
	 * @return the infector's id
	 */
	public Optional<Long> infectorOf(long infectee) {
		return this.jdbc.sql("SELECT infector_case_id FROM tracing_link WHERE infectee_case_id = :id")
			.param("id", infectee)
			.query(Long.class)
			.optional();
	}

	private static Member member(ResultSet rs) throws SQLException {
		String classification = rs.getString("classification");
		Date onset = rs.getDate("onset_date");
		long infector = rs.getLong("infector_case_id");
		Long infectorId = rs.wasNull() ? null : infector;
		return new Member(rs.getLong("id"), rs.getLong("person_id"), rs.getBoolean("mine"),
				(classification == null) ? null : CaseClassification.valueOf(classification),
				CaseState.valueOf(rs.getString("status")), (onset == null) ? null : onset.toLocalDate(),
				instant(rs, "first_positive_at"), rs.getInt("generation"), infectorId, rs.getString("level"),
				rs.getString("evidence"), (infectorId == null) ? 0 : rs.getInt("candidates"), instant(rs, "linked_at"),
				rs.getString("linked_by"), rs.getString("note"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return (at == null) ? null : at.toInstant();
	}

	/**
	 * A case in a cluster.
	 *
	 * @param caseId the case
	 * @param personId its person
	 * @param mine whether it is in the caller's jurisdiction
	 * @param classification its classification, may be {@code null}
	 * @param state its state
	 * @param onsetDate its onset, may be {@code null}
	 * @param firstPositiveAt its first positive sample, may be {@code null}
	 * @param generation 0 for the root
	 * @param infectorCaseId its infector, {@code null} for the root
	 * @param level the contact level it had with its infector, {@code null} if set by
	 * hand without one
	 * @param evidence the contact's evidence (JSON array), {@code null} for the root
	 * @param candidates how many cases could have infected it
	 * @param linkedAt when linked
	 * @param linkedBy {@code system} or the investigator
	 * @param note the investigator's note
	 */
	public record Member(long caseId, long personId, boolean mine, CaseClassification classification, CaseState state,
			LocalDate onsetDate, Instant firstPositiveAt, int generation, Long infectorCaseId, String level,
			String evidence, int candidates, Instant linkedAt, String linkedBy, String note) {
	}

	/**
	 * A cluster's size.
	 *
	 * @param root its first case
	 * @param size how many cases
	 * @param generations how many generations
	 * @param firstPositiveAt its earliest positive sample
	 */
	public record ClusterSize(long root, int size, int generations, Instant firstPositiveAt) {
	}

}
