package org.epigrid.tracing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Contacts of cases ({@code tracing_contact}) and each contact person's highest level
 * ({@code tracing_contact_person}). Written in batches, one statement for any number of
 * contacts.
 */
@Repository
public class ContactRepository {

	/** The levels from least to most close, for SQL: its position is the rank. */
	private static final String RANKS = "ARRAY['GENERAL', 'SECONDARY', 'CLOSE']";

	/** The most rows one statement writes. */
	private static final int CHUNK = 50_000;

	private final JdbcClient jdbc;

	ContactRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds contacts and updates those known: evidence and exposure times are replaced by
	 * the new computation, a level is only ever raised (lowering is a human decision).
	 * @param contacts the computed contacts, one per case and person
	 * @param protocolVersion the definitions that decided the levels
	 * @param now when
	 * @return what changed: contacts new to their case or raised
	 */
	public List<Change> upsert(List<Computed> contacts, int protocolVersion, Instant now) {
		List<Change> changes = new ArrayList<>();
		for (int from = 0; from < contacts.size(); from += CHUNK) {
			List<Computed> chunk = contacts.subList(from, Math.min(contacts.size(), from + CHUNK));
			this.jdbc
				.sql("""
						WITH n AS (
						  SELECT * FROM unnest(CAST(:cases AS bigint[]), CAST(:persons AS bigint[]), CAST(:levels AS text[]),
						                       CAST(:vias AS bigint[]), CAST(:firsts AS timestamptz[]),
						                       CAST(:lasts AS timestamptz[]), CAST(:evidence AS text[]), CAST(:paths AS text[]))
						         AS n(case_id, person_id, level, via, first_at, last_at, evidence, path)
						), old AS (
						  SELECT t.case_id, t.person_id, t.level FROM tracing_contact t JOIN n USING (case_id, person_id)
						), up AS (
						  INSERT INTO tracing_contact (case_id, person_id, level, via_person_id, first_exposure_at,
						                               last_exposure_at, evidence, path, protocol_version, identified_at,
						                               updated_at)
						  SELECT case_id, person_id, level, via, first_at, last_at, CAST(evidence AS jsonb), path, :version, :now,
						         :now
						  FROM n ORDER BY case_id, person_id
						  ON CONFLICT (case_id, person_id) DO UPDATE SET
						    level = CASE WHEN array_position(%1$s, EXCLUDED.level) > array_position(%1$s, tracing_contact.level)
						                 THEN EXCLUDED.level ELSE tracing_contact.level END,
						    via_person_id = CASE WHEN array_position(%1$s, EXCLUDED.level) >= array_position(%1$s, tracing_contact.level)
						                         THEN EXCLUDED.via_person_id ELSE tracing_contact.via_person_id END,
						    first_exposure_at = EXCLUDED.first_exposure_at, last_exposure_at = EXCLUDED.last_exposure_at,
						    evidence = EXCLUDED.evidence, path = EXCLUDED.path, protocol_version = EXCLUDED.protocol_version,
						    updated_at = EXCLUDED.updated_at
						  RETURNING case_id, person_id, level, first_exposure_at
						)
						SELECT up.case_id, up.person_id, up.level, up.first_exposure_at, old.level
						FROM up LEFT JOIN old USING (case_id, person_id)
						WHERE old.level IS NULL OR old.level <> up.level"""
					.formatted(RANKS))
				.param("cases", chunk.stream().map(Computed::caseId).toArray(Long[]::new))
				.param("persons", chunk.stream().map(Computed::personId).toArray(Long[]::new))
				.param("levels", chunk.stream().map(c -> c.level().name()).toArray(String[]::new))
				.param("vias", chunk.stream().map(Computed::viaPersonId).toArray(Long[]::new))
				.param("firsts", chunk.stream().map(c -> Timestamp.from(c.firstExposureAt())).toArray(Timestamp[]::new))
				.param("lasts", chunk.stream().map(c -> Timestamp.from(c.lastExposureAt())).toArray(Timestamp[]::new))
				.param("evidence", chunk.stream().map(Computed::evidenceJson).toArray(String[]::new))
				.param("paths", chunk.stream().map(Computed::path).toArray(String[]::new))
				.param("version", protocolVersion)
				.param("now", Timestamp.from(now))
				.query(rs -> {
					changes.add(new Change(rs.getLong(1), rs.getLong(2), ContactLevel.valueOf(rs.getString(3)),
							rs.getTimestamp(4).toInstant(), rs.getString(5) == null));
				});
		}
		return changes;
	}

	/**
	 * Sets each person's highest level over all cases.
	 * @param personIds the persons whose contacts changed
	 * @param now when
	 * @return the persons whose highest level is new or changed, by level
	 */
	public Map<ContactLevel, List<Long>> personLevels(Collection<Long> personIds, Instant now) {
		Map<ContactLevel, List<Long>> changed = new EnumMap<>(ContactLevel.class);
		if (personIds.isEmpty()) {
			return changed;
		}
		this.jdbc.sql("""
				INSERT INTO tracing_contact_person (person_id, level, changed_at)
				SELECT person_id, (%1$s)[max(array_position(%1$s, level))], :now
				FROM tracing_contact WHERE person_id = ANY(CAST(:ids AS bigint[]))
				GROUP BY person_id ORDER BY person_id
				ON CONFLICT (person_id) DO UPDATE SET level = EXCLUDED.level, changed_at = EXCLUDED.changed_at
				WHERE tracing_contact_person.level <> EXCLUDED.level
				RETURNING person_id, level""".formatted(RANKS))
			.param("ids", personIds.stream().distinct().toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.query(rs -> {
				changed.computeIfAbsent(ContactLevel.valueOf(rs.getString(2)), l -> new ArrayList<>())
					.add(rs.getLong(1));
			});
		return changed;
	}

	/**
	 * A case's contacts, closest first, then by first exposure.
	 * @param caseId the case
	 * @param level only this level, may be {@code null}
	 * @param page the page (one more row read)
	 * @return the rows
	 */
	public List<Stored> ofCase(long caseId, ContactLevel level, PageRequest page) {
		return this.jdbc
			.sql("""
					SELECT case_id, person_id, level, via_person_id, first_exposure_at, last_exposure_at, evidence::text, path,
					       protocol_version, identified_at, updated_at
					FROM tracing_contact
					WHERE case_id = :case AND (CAST(:level AS text) IS NULL OR level = :level)
					ORDER BY array_position(%s, level) DESC, first_exposure_at, person_id
					LIMIT :limit OFFSET :offset"""
				.formatted(RANKS))
			.param("case", caseId)
			.param("level", (level == null) ? null : level.name())
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query((rs, i) -> stored(rs))
			.list();
	}

	/**
	 * The close and secondary contacts of cases for a graph, closest first, at most
	 * {@code limit} of them.
	 * @param caseIds the cases
	 * @param limit how many
	 * @return case, person, level and via of each (one more than the limit if more exist)
	 */
	public List<Edge> edges(Collection<Long> caseIds, int limit) {
		return this.jdbc.sql("""
				SELECT case_id, person_id, level, via_person_id FROM tracing_contact
				WHERE case_id = ANY(CAST(:ids AS bigint[])) AND level IN ('CLOSE', 'SECONDARY')
				ORDER BY level, case_id, person_id
				LIMIT :limit""").param("ids", caseIds.toArray(Long[]::new)).param("limit", limit + 1).query((rs, i) -> {
			return new Edge(rs.getLong(1), rs.getLong(2), ContactLevel.valueOf(rs.getString(3)),
					rs.getObject(4, Long.class));
		}).list();
	}

	/**
	 * How many contacts cases have, by level.
	 * @param caseIds the cases
	 * @return the counts
	 */
	public Map<ContactLevel, Integer> count(Collection<Long> caseIds) {
		Map<ContactLevel, Integer> counts = new EnumMap<>(ContactLevel.class);
		for (ContactLevel level : ContactLevel.values()) {
			counts.put(level, 0);
		}
		this.jdbc.sql(
				"SELECT level, count(*) FROM tracing_contact WHERE case_id = ANY(CAST(:ids AS bigint[])) GROUP BY level")
			.param("ids", caseIds.toArray(Long[]::new))
			.query(rs -> {
				counts.put(ContactLevel.valueOf(rs.getString(1)), rs.getInt(2));
			});
		return counts;
	}

	private static Stored stored(ResultSet rs) throws SQLException {
		// (wasNull() would ask about the last column read, not via_person_id)
		return new Stored(rs.getLong(1), rs.getLong(2), ContactLevel.valueOf(rs.getString(3)),
				rs.getObject(4, Long.class), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
				rs.getString(7), rs.getString(8), rs.getInt(9), rs.getTimestamp(10).toInstant(),
				rs.getTimestamp(11).toInstant());
	}

	/**
	 * A contact as computed.
	 *
	 * @param caseId the case
	 * @param personId the contact
	 * @param level the level
	 * @param viaPersonId for a secondary contact, the close contact
	 * @param firstExposureAt first exposure
	 * @param lastExposureAt last exposure
	 * @param evidenceJson the evidence, a JSON array
	 * @param path where the contact lives, may be {@code null}
	 */
	public record Computed(long caseId, long personId, ContactLevel level, Long viaPersonId, Instant firstExposureAt,
			Instant lastExposureAt, String evidenceJson, String path) {
	}

	/**
	 * A contact new to its case, or raised to a closer level.
	 *
	 * @param caseId the case
	 * @param personId the contact
	 * @param level the level now
	 * @param firstExposureAt first exposure
	 * @param added whether new to the case
	 */
	public record Change(long caseId, long personId, ContactLevel level, Instant firstExposureAt, boolean added) {
	}

	/**
	 * A contact as stored.
	 *
	 * @param caseId the case
	 * @param personId the contact
	 * @param level the level
	 * @param viaPersonId the close contact, for a secondary one
	 * @param firstExposureAt first exposure
	 * @param lastExposureAt last exposure
	 * @param evidenceJson the evidence as JSON
	 * @param path where they live
	 * @param protocolVersion the definitions' version
	 * @param identifiedAt when first identified
	 * @param updatedAt when last computed
	 */
	public record Stored(long caseId, long personId, ContactLevel level, Long viaPersonId, Instant firstExposureAt,
			Instant lastExposureAt, String evidenceJson, String path, int protocolVersion, Instant identifiedAt,
			Instant updatedAt) {
	}

	/**
	 * A contact as an edge of a graph.
	 *
	 * @param caseId the case
	 * @param personId the contact
	 * @param level close or secondary
	 * @param viaPersonId for a secondary contact, the close contact
	 */
	public record Edge(long caseId, long personId, ContactLevel level, Long viaPersonId) {
	}

}
