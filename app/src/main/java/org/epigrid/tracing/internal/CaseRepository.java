package org.epigrid.tracing.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.tracing.CaseClassification;
import org.epigrid.tracing.CaseSource;
import org.epigrid.tracing.CaseState;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Cases ({@code tracing_case}), one per person.
 */
@Repository
public class CaseRepository {

	private static final String COLUMNS = """
			id, person_id, path, classification, status, onset_date, first_positive_at, source, source_note, hospital,
			opened_at, opened_by, status_at, contacts_run_at, contacts_found_at""";

	private final JdbcClient jdbc;

	CaseRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Opens a case unless the person has one.
	 * @param row the case (its id ignored)
	 * @return the new case's id, empty if the person already has a case
	 */
	public Optional<Long> open(CaseRow row) {
		return this.jdbc
			.sql("""
					INSERT INTO tracing_case (person_id, path, classification, status, onset_date, first_positive_at, source,
					                          source_note, hospital, opened_at, opened_by, status_at)
					VALUES (:person, :path, :classification, 'REPORTED', :onset, :positive, :source, :note, :hospital, :now,
					        :by, :now)
					ON CONFLICT (person_id) DO NOTHING
					RETURNING id""")
			.param("person", row.personId())
			.param("path", row.path())
			.param("classification", (row.classification() == null) ? null : row.classification().name())
			.param("onset", (row.onsetDate() == null) ? null : Date.valueOf(row.onsetDate()))
			.param("positive", (row.firstPositiveAt() == null) ? null : Timestamp.from(row.firstPositiveAt()))
			.param("source", row.source().name())
			.param("note", row.sourceNote())
			.param("hospital", row.hospital())
			.param("now", Timestamp.from(row.openedAt()))
			.param("by", row.openedBy())
			.query(Long.class)
			.optional();
	}

	/**
	 * A case in a jurisdiction.
	 * @param id the case
	 * @param range the jurisdiction
	 * @return the case, empty if not there or not in the range
	 */
	public Optional<CaseRow> find(long id, PathPrefix range) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tracing_case WHERE id = :id AND path >= :lo AND path < :hi")
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, i) -> row(rs))
			.optional();
	}

	/**
	 * A person's case.
	 * @param personId the person
	 * @return the case, if any
	 */
	public Optional<CaseRow> ofPerson(long personId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tracing_case WHERE person_id = :p")
			.param("p", personId)
			.query((rs, i) -> row(rs))
			.optional();
	}

	/**
	 * Cases by id, wherever they are (for the computation of contacts).
	 * @param ids the cases
	 * @return those that exist
	 */
	public List<CaseRow> byIds(Collection<Long> ids) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM tracing_case WHERE id = ANY(CAST(:ids AS bigint[])) ORDER BY id")
			.param("ids", ids.stream().distinct().toArray(Long[]::new))
			.query((rs, i) -> row(rs))
			.list();
	}

	/**
	 * Cases in a jurisdiction, newest first.
	 * @param range the jurisdiction
	 * @param state only cases in this state, may be {@code null}
	 * @param classification only cases of this classification, may be {@code null}
	 * @param page the page (one more row is read, to tell whether another page follows)
	 * @return the rows
	 */
	public List<CaseRow> list(PathPrefix range, CaseState state, CaseClassification classification, PageRequest page) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM tracing_case
				WHERE path >= :lo AND path < :hi
				  AND (CAST(:state AS text) IS NULL OR status = :state)
				  AND (CAST(:classification AS text) IS NULL OR classification = :classification)
				ORDER BY opened_at DESC, id DESC
				LIMIT :limit OFFSET :offset""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("state", (state == null) ? null : state.name())
			.param("classification", (classification == null) ? null : classification.name())
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query((rs, i) -> row(rs))
			.list();
	}

	/**
	 * Changes a case: its state, classification or hospital, each only when given.
	 * @param id the case
	 * @param state the new state, {@code null} to keep it
	 * @param classification the new classification, {@code null} to keep it
	 * @param hospital the new hospital, {@code null} to keep it
	 * @param now when
	 */
	public void change(long id, CaseState state, CaseClassification classification, String hospital, Instant now) {
		this.jdbc
			.sql("""
					UPDATE tracing_case
					   SET status = COALESCE(:state, status),
					       status_at = CASE WHEN :state IS NOT NULL AND :state <> status THEN :now ELSE status_at END,
					       classification = COALESCE(:classification, classification), hospital = COALESCE(:hospital, hospital)
					 WHERE id = :id""")
			.param("id", id)
			.param("state", (state == null) ? null : state.name())
			.param("classification", (classification == null) ? null : classification.name())
			.param("hospital", hospital)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * A case locked for a change.
	 * @param id the case
	 * @param range the jurisdiction
	 * @return the case, empty if not there or not in the range
	 */
	public Optional<CaseRow> lock(long id, PathPrefix range) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM tracing_case WHERE id = :id AND path >= :lo AND path < :hi FOR UPDATE")
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, i) -> row(rs))
			.optional();
	}

	/**
	 * How quickly cases opened since a time were handled: from the first positive sample
	 * to the case, from the case to its contacts identified, and the whole way, each as
	 * count, mean, median and 90th percentile in seconds; how many made the whole way
	 * within a target; and the slowest that did not.
	 * @param range the jurisdiction
	 * @param since cases opened from then
	 * @param now now (a case still without contacts is slow until now)
	 * @param target the target for the whole way
	 * @param slowest how many of the slowest to list
	 * @return the figures
	 */
	public TimelinessRow timeliness(PathPrefix range, Instant since, Instant now, java.time.Duration target,
			int slowest) {
		String stages = """
				SELECT count(*) AS cases,
				       %s, %s, %s,
				       count(*) FILTER (WHERE extract(epoch FROM contacts_found_at - COALESCE(first_positive_at, opened_at)) <= :target)
				         AS within
				  FROM tracing_case
				 WHERE path >= :lo AND path < :hi AND opened_at >= :since"""
			.formatted(stage("opened_at - first_positive_at", "s2o"), stage("contacts_found_at - opened_at", "o2c"),
					stage("contacts_found_at - COALESCE(first_positive_at, opened_at)", "s2c"));
		TimelinessRow row = this.jdbc.sql(stages)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("since", Timestamp.from(since))
			.param("target", target.toSeconds())
			.query((rs, i) -> new TimelinessRow(rs.getInt("cases"), stage(rs, "s2o"), stage(rs, "o2c"),
					stage(rs, "s2c"), rs.getInt("within"), List.of()))
			.single();
		List<long[]> slow = this.jdbc
			.sql("""
					SELECT id, extract(epoch FROM COALESCE(contacts_found_at, :now) - COALESCE(first_positive_at, opened_at))
					  FROM tracing_case
					 WHERE path >= :lo AND path < :hi AND opened_at >= :since
					   AND extract(epoch FROM COALESCE(contacts_found_at, :now) - COALESCE(first_positive_at, opened_at)) > :target
					 ORDER BY 2 DESC, id
					 LIMIT :limit""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("since", Timestamp.from(since))
			.param("now", Timestamp.from(now))
			.param("target", target.toSeconds())
			.param("limit", slowest)
			.query((rs, i) -> new long[] { rs.getLong(1), (long) rs.getDouble(2) })
			.list();
		return new TimelinessRow(row.cases(), row.sampleToOpened(), row.openedToContacts(), row.sampleToContacts(),
				row.withinTarget(), slow);
	}

	private static String stage(String interval, String name) {
		String seconds = "extract(epoch FROM " + interval + ")";
		return """
				count(%1$s) AS %2$s_n, avg(%1$s) AS %2$s_avg,
				percentile_cont(0.5) WITHIN GROUP (ORDER BY %1$s) AS %2$s_p50,
				percentile_cont(0.9) WITHIN GROUP (ORDER BY %1$s) AS %2$s_p90""".formatted(seconds, name);
	}

	private static Stage stage(ResultSet rs, String name) throws SQLException {
		int n = rs.getInt(name + "_n");
		return (n == 0) ? new Stage(0, null, null, null) : new Stage(n, (long) rs.getDouble(name + "_avg"),
				(long) rs.getDouble(name + "_p50"), (long) rs.getDouble(name + "_p90"));
	}

	/**
	 * Timeliness figures.
	 *
	 * @param cases cases counted
	 * @param sampleToOpened first positive sample to case opened
	 * @param openedToContacts case opened to contacts identified
	 * @param sampleToContacts first positive sample (or the opening) to contacts
	 * identified
	 * @param withinTarget cases whose contacts were identified within the target
	 * @param slowest the slowest over the target: case id and seconds (until now if still
	 * without contacts)
	 */
	public record TimelinessRow(int cases, Stage sampleToOpened, Stage openedToContacts, Stage sampleToContacts,
			int withinTarget, List<long[]> slowest) {
	}

	/**
	 * One stage's durations in seconds.
	 *
	 * @param count cases with this stage done
	 * @param mean the mean, {@code null} if none
	 * @param median the median
	 * @param p90 the 90th percentile
	 */
	public record Stage(int count, Long mean, Long median, Long p90) {
	}

	/**
	 * Records that contacts were computed.
	 * @param ids the cases
	 * @param found those that now have contacts
	 * @param now when
	 */
	public void contactsRun(Collection<Long> ids, Collection<Long> found, Instant now) {
		this.jdbc.sql("""
				UPDATE tracing_case SET contacts_run_at = :now,
				       contacts_found_at = CASE WHEN contacts_found_at IS NULL AND id = ANY(CAST(:found AS bigint[]))
				                                THEN :now ELSE contacts_found_at END
				WHERE id = ANY(CAST(:ids AS bigint[]))""")
			.param("ids", ids.toArray(Long[]::new))
			.param("found", found.toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	private static CaseRow row(ResultSet rs) throws SQLException {
		String classification = rs.getString("classification");
		Date onset = rs.getDate("onset_date");
		return new CaseRow(rs.getLong("id"), rs.getLong("person_id"), rs.getString("path"),
				(classification == null) ? null : CaseClassification.valueOf(classification),
				CaseState.valueOf(rs.getString("status")), (onset == null) ? null : onset.toLocalDate(),
				instant(rs, "first_positive_at"), CaseSource.valueOf(rs.getString("source")),
				rs.getString("source_note"), rs.getString("hospital"), instant(rs, "opened_at"),
				rs.getString("opened_by"), instant(rs, "status_at"), instant(rs, "contacts_run_at"),
				instant(rs, "contacts_found_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return (at == null) ? null : at.toInstant();
	}

	/**
	 * A case as stored.
	 *
	 * @param id the case
	 * @param personId the person
	 * @param path where they live
	 * @param classification the classification, may be {@code null}
	 * @param state the state
	 * @param onsetDate onset, may be {@code null}
	 * @param firstPositiveAt first positive sample, may be {@code null}
	 * @param source how opened
	 * @param sourceNote what opened it
	 * @param hospital where treated
	 * @param openedAt when opened
	 * @param openedBy by whom
	 * @param stateAt when the state changed
	 * @param contactsRunAt when contacts were last computed
	 * @param contactsFoundAt when contacts were first found
	 */
	public record CaseRow(long id, long personId, String path, CaseClassification classification, CaseState state,
			LocalDate onsetDate, Instant firstPositiveAt, CaseSource source, String sourceNote, String hospital,
			Instant openedAt, String openedBy, Instant stateAt, Instant contactsRunAt, Instant contactsFoundAt) {
	}

}
