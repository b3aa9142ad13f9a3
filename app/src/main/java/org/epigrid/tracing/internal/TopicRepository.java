package org.epigrid.tracing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Screening topics ({@code tracing_topic}), their verification items and the list rows
 * that matched nobody.
 */
@Repository
public class TopicRepository {

	private static final String TOPIC = """
			t.id, t.name, t.venue_ids, t.area_path, t.from_at, t.to_at, t.jurisdiction, t.note, t.created_at, t.created_by""";

	private static final String ITEM = """
			i.topic_id, i.person_id, i.path, i.grid_path, i.sources, i.rows, i.first_seen_at, i.status, i.attempts, i.escalated,
			i.updated_at, i.updated_by, i.note""";

	private final JdbcClient jdbc;

	TopicRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates a topic.
	 * @param t the topic (id ignored)
	 * @return its id
	 */
	public long insert(TopicRow t) {
		return this.jdbc
			.sql("""
					INSERT INTO tracing_topic (name, venue_ids, area_path, from_at, to_at, jurisdiction, note, created_at, created_by)
					VALUES (:name, CAST(:venues AS bigint[]), :area, :from, :to, :jurisdiction, :note, :at, :by) RETURNING id""")
			.param("name", t.name())
			.param("venues", t.venueIds().toArray(Long[]::new))
			.param("area", t.areaPath())
			.param("from", Timestamp.from(t.from()))
			.param("to", Timestamp.from(t.to()))
			.param("jurisdiction", t.jurisdiction())
			.param("note", t.note())
			.param("at", Timestamp.from(t.createdAt()))
			.param("by", t.createdBy())
			.query(Long.class)
			.single();
	}

	/**
	 * A topic a caller may see: made within their jurisdiction, or covering it.
	 * @param id the topic
	 * @param range the caller's jurisdiction
	 * @return the topic
	 */
	public Optional<TopicRow> find(long id, PathPrefix range) {
		return this.jdbc.sql("SELECT " + TOPIC + " FROM tracing_topic t WHERE t.id = :id AND " + VISIBLE)
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, i) -> topic(rs))
			.optional();
	}

	/** Made within the caller's range, or the caller's range lies within the topic's. */
	private static final String VISIBLE = "((t.jurisdiction >= :lo AND t.jurisdiction < :hi) OR starts_with(:lo, t.jurisdiction))";

	/**
	 * Topics a caller may see, newest first.
	 * @param range the caller's jurisdiction
	 * @param limit how many
	 * @return the topics
	 */
	public List<TopicRow> list(PathPrefix range, int limit) {
		return this.jdbc
			.sql("SELECT " + TOPIC + " FROM tracing_topic t WHERE " + VISIBLE + " ORDER BY t.id DESC LIMIT :limit")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("limit", limit)
			.query((rs, i) -> topic(rs))
			.list();
	}

	/**
	 * Adds persons found for a topic, in one statement: new persons become items
	 * (pending, or outside when they live outside the topic's jurisdiction); persons
	 * already items get the new source and count (duplicates marked, not removed).
	 * @param topicId the topic
	 * @param found the persons, their source, first time and rows
	 * @param jurisdiction the topic's jurisdiction range
	 * @param now when
	 * @param by who
	 * @return items added
	 */
	public int addItems(long topicId, List<FoundPerson> found, PathPrefix jurisdiction, Instant now, String by) {
		if (found.isEmpty()) {
			return 0;
		}
		return this.jdbc
			.sql("""
					INSERT INTO tracing_topic_item AS i (topic_id, person_id, path, grid_path, sources, rows, first_seen_at, status,
					                                     updated_at, updated_by)
					SELECT :topic, f.person, f.path, f.grid, ARRAY[f.source], f.rows, f.at,
					       CASE WHEN f.path >= :lo AND f.path < :hi THEN 'PENDING' ELSE 'OUTSIDE' END, :now, :by
					  FROM unnest(CAST(:persons AS bigint[]), CAST(:paths AS text[]), CAST(:grids AS text[]),
					              CAST(:sources AS text[]), CAST(:rows AS int[]), CAST(:ats AS timestamptz[]))
					       AS f(person, path, grid, source, rows, at)
					ON CONFLICT (topic_id, person_id) DO UPDATE
					   SET sources = ARRAY(SELECT DISTINCT s FROM unnest(i.sources || EXCLUDED.sources) s ORDER BY s),
					       rows = i.rows + EXCLUDED.rows,
					       first_seen_at = LEAST(i.first_seen_at, EXCLUDED.first_seen_at)
					RETURNING (xmax = 0)""")
			.param("topic", topicId)
			.param("persons", found.stream().map(FoundPerson::personId).toArray(Long[]::new))
			.param("paths", found.stream().map(FoundPerson::path).toArray(String[]::new))
			.param("grids", found.stream().map(FoundPerson::gridPath).toArray(String[]::new))
			.param("sources", found.stream().map(FoundPerson::source).toArray(String[]::new))
			.param("rows", found.stream().map(FoundPerson::rows).toArray(Integer[]::new))
			.param("ats",
					found.stream().map(f -> (f.at() == null) ? null : Timestamp.from(f.at())).toArray(Timestamp[]::new))
			.param("lo", jurisdiction.lower())
			.param("hi", jurisdiction.upper())
			.param("now", Timestamp.from(now))
			.param("by", by)
			.query(Boolean.class)
			.list()
			.stream()
			.filter(Boolean::booleanValue)
			.mapToInt(b -> 1)
			.sum();
	}

	/**
	 * Keeps list rows that matched nobody.
	 * @param topicId the topic
	 * @param rows name, phone, ID number and why, each
	 * @param now when
	 */
	public void addUnmatched(long topicId, List<String[]> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		this.jdbc
			.sql("""
					INSERT INTO tracing_topic_unmatched (topic_id, row_no, name, phone, id_number, reason, added_at)
					SELECT :topic, COALESCE((SELECT max(row_no) FROM tracing_topic_unmatched WHERE topic_id = :topic), 0) + r.n,
					       r.name, r.phone, r.id_number, r.reason, :now
					  FROM unnest(CAST(:names AS text[]), CAST(:phones AS text[]), CAST(:ids AS text[]), CAST(:reasons AS text[]))
					       WITH ORDINALITY AS r(name, phone, id_number, reason, n)""")
			.param("topic", topicId)
			.param("names", rows.stream().map(r -> r[0]).toArray(String[]::new))
			.param("phones", rows.stream().map(r -> r[1]).toArray(String[]::new))
			.param("ids", rows.stream().map(r -> r[2]).toArray(String[]::new))
			.param("reasons", rows.stream().map(r -> r[3]).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * List rows that matched nobody.
	 * @param topicId the topic
	 * @return name, phone, ID number and why of each
	 */
	public List<String[]> unmatched(long topicId) {
		return this.jdbc
			.sql("""
					SELECT name, phone, id_number, reason FROM tracing_topic_unmatched WHERE topic_id = :topic ORDER BY row_no""")
			.param("topic", topicId)
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) })
			.list();
	}

	/**
	 * A topic's progress in a range: items by status and grid.
	 * @param topicId the topic
	 * @param range the caller's jurisdiction
	 * @param outside whether the items living outside the topic's jurisdiction count too
	 * @return status, grid, count and escalated count per group
	 */
	public List<ProgressRow> progress(long topicId, PathPrefix range, boolean outside) {
		return this.jdbc.sql("""
				SELECT status, grid_path, count(*), count(*) FILTER (WHERE escalated)
				  FROM tracing_topic_item
				 WHERE topic_id = :topic AND ((path >= :lo AND path < :hi) OR (status = 'OUTSIDE' AND :outside))
				 GROUP BY status, grid_path""")
			.param("topic", topicId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("outside", outside)
			.query((rs, i) -> new ProgressRow(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4)))
			.list();
	}

	/**
	 * A topic's items in a range.
	 * @param topicId the topic
	 * @param range the caller's jurisdiction
	 * @param status only this status, may be {@code null}
	 * @param outside whether items outside the range that live outside the topic's
	 * jurisdiction are listed too (the command's assistance letter)
	 * @param page the page (one more row read)
	 * @return the items, pending and escalated first
	 */
	public List<ItemRow> items(long topicId, PathPrefix range, String status, boolean outside, PageRequest page) {
		return this.jdbc.sql("SELECT " + ITEM + """
				 FROM tracing_topic_item i
				WHERE i.topic_id = :topic AND ((i.path >= :lo AND i.path < :hi) OR (:outside AND i.status = 'OUTSIDE'))
				  AND (CAST(:status AS text) IS NULL OR i.status = :status)
				ORDER BY i.escalated DESC, i.status = 'PENDING' DESC, i.grid_path, i.person_id
				LIMIT :limit OFFSET :offset""")
			.param("topic", topicId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("outside", outside)
			.param("status", status)
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query((rs, i) -> item(rs))
			.list();
	}

	/**
	 * Records a verification outcome for an item in a range.
	 * @param topicId the topic
	 * @param personId the person
	 * @param range the caller's jurisdiction
	 * @param status {@code CONFIRMED}, {@code DENIES} or {@code UNREACHABLE}
	 * @param note a note, may be {@code null}
	 * @param escalateAfter unreachable this many times: escalated
	 * @param by who
	 * @param now when
	 * @return the item, empty if not in the range (or not there, or outside)
	 */
	public Optional<ItemRow> outcome(long topicId, long personId, PathPrefix range, String status, String note,
			int escalateAfter, String by, Instant now) {
		return this.jdbc.sql("""
				UPDATE tracing_topic_item i
				   SET status = :status, note = COALESCE(:note, i.note), updated_at = :now, updated_by = :by,
				       attempts = i.attempts + 1,
				       escalated = i.escalated OR (:status = 'UNREACHABLE' AND i.attempts + 1 >= :after)
				 WHERE i.topic_id = :topic AND i.person_id = :person AND i.path >= :lo AND i.path < :hi
				   AND i.status <> 'OUTSIDE'
				RETURNING""" + " " + ITEM)
			.param("topic", topicId)
			.param("person", personId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("status", status)
			.param("note", note)
			.param("after", escalateAfter)
			.param("by", by)
			.param("now", Timestamp.from(now))
			.query((rs, i) -> item(rs))
			.optional();
	}

	private static TopicRow topic(ResultSet rs) throws SQLException {
		Long[] venues = (Long[]) rs.getArray("venue_ids").getArray();
		return new TopicRow(rs.getLong("id"), rs.getString("name"), Arrays.asList(venues), rs.getString("area_path"),
				rs.getTimestamp("from_at").toInstant(), rs.getTimestamp("to_at").toInstant(),
				rs.getString("jurisdiction"), rs.getString("note"), rs.getTimestamp("created_at").toInstant(),
				rs.getString("created_by"));
	}

	private static ItemRow item(ResultSet rs) throws SQLException {
		Timestamp seen = rs.getTimestamp("first_seen_at");
		return new ItemRow(rs.getLong("topic_id"), rs.getLong("person_id"), rs.getString("path"),
				rs.getString("grid_path"), Arrays.asList((String[]) rs.getArray("sources").getArray()),
				rs.getInt("rows"), (seen == null) ? null : seen.toInstant(), rs.getString("status"),
				rs.getInt("attempts"), rs.getBoolean("escalated"), rs.getTimestamp("updated_at").toInstant(),
				rs.getString("updated_by"), rs.getString("note"));
	}

	/**
	 * A topic as stored.
	 *
	 * @param id the topic
	 * @param name its name
	 * @param venueIds its venues
	 * @param areaPath its area, may be {@code null}
	 * @param from the window's start
	 * @param to its end
	 * @param jurisdiction the path of the jurisdiction it was made in
	 * @param note a note
	 * @param createdAt when made
	 * @param createdBy by whom
	 */
	public record TopicRow(long id, String name, List<Long> venueIds, String areaPath, Instant from, Instant to,
			String jurisdiction, String note, Instant createdAt, String createdBy) {
	}

	/**
	 * A person found for a topic.
	 *
	 * @param personId the person
	 * @param path where they live
	 * @param gridPath their grid
	 * @param source {@code CHECK_IN}, {@code CHECKPOINT} or {@code LIST}
	 * @param rows how many source rows named them
	 * @param at when first seen there, may be {@code null} (a list)
	 */
	public record FoundPerson(long personId, String path, String gridPath, String source, int rows, Instant at) {
	}

	/**
	 * An item as stored.
	 *
	 * @param topicId the topic
	 * @param personId the person
	 * @param path where they live
	 * @param gridPath their grid
	 * @param sources where found
	 * @param rows how many source rows
	 * @param firstSeenAt first seen
	 * @param status its status
	 * @param attempts outcomes recorded
	 * @param escalated whether escalated to the investigation team
	 * @param updatedAt last change
	 * @param updatedBy by whom
	 * @param note the last note
	 */
	public record ItemRow(long topicId, long personId, String path, String gridPath, List<String> sources, int rows,
			Instant firstSeenAt, String status, int attempts, boolean escalated, Instant updatedAt, String updatedBy,
			String note) {
	}

	/**
	 * A group of a topic's progress.
	 *
	 * @param status the status
	 * @param gridPath the grid
	 * @param count items
	 * @param escalated escalated items
	 */
	public record ProgressRow(String status, String gridPath, int count, int escalated) {
	}

}
