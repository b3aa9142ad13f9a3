package org.epigrid.gridops.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.epigrid.gridops.TaskKind;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tasks ({@code gridops_task}), routed in SQL over population's published places
 * ({@code population_person_place}, {@code population_staff_post},
 * {@code population_division_place}).
 */
@Repository
public class TaskRepository {

	private static final String COLUMNS = """
			t.id, t.kind, t.cause, t.person_id, t.household_id, t.path, t.assignee_path, t.priority, t.due_at, t.status,
			t.outcome, t.note, t.created_at, t.updated_at, t.updated_by""";

	private final JdbcClient jdbc;

	TaskRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Creates tasks of a kind for persons in one statement, each routed to the micro-grid
	 * whose informant has an account, else to the grid (its grid worker), else to the
	 * person's own place; a task for the same kind, cause and person is never made twice.
	 * @param kind the kind
	 * @param personIds the persons
	 * @param causes each person's cause (the idempotent key with kind and person)
	 * @param dues each task's due time
	 * @param priority 1 (most urgent) to 3
	 * @param now when
	 * @return tasks created (persons unknown or already tasked are skipped)
	 */
	public int create(TaskKind kind, List<Long> personIds, List<String> causes, List<Instant> dues, int priority,
			Instant now) {
		return this.jdbc
			.sql("""
					INSERT INTO gridops_task (kind, cause, person_id, household_id, path, assignee_path, priority, due_at, status,
					                          created_at, updated_at, updated_by)
					SELECT :kind, t.cause, p.person_id, p.household_id, p.path,
					       CASE WHEN informant.path IS NOT NULL THEN p.path
					            WHEN own.level = 'GRID' THEN p.path
					            WHEN parent.level = 'GRID' THEN parent.path
					            ELSE p.path END,
					       :priority, t.due, 'OPEN', :now, :now, 'system'
					  FROM unnest(CAST(:persons AS bigint[]), CAST(:causes AS text[]), CAST(:dues AS timestamptz[]))
					       AS t(person, cause, due)
					  JOIN population_person_place p ON p.person_id = t.person
					  LEFT JOIN LATERAL (SELECT s.path FROM population_staff_post s
					                      WHERE s.path = p.path AND s.role = 'MICRO_GRID_INFORMANT' AND s.username IS NOT NULL
					                      LIMIT 1) informant ON true
					  LEFT JOIN population_division_place own ON own.path = p.path
					  LEFT JOIN population_division_place parent ON parent.path = regexp_replace(p.path, '[^/]+/$', '')
					ON CONFLICT (kind, cause, person_id) DO NOTHING""")
			.param("kind", kind.name())
			.param("persons", personIds.toArray(Long[]::new))
			.param("causes", causes.toArray(String[]::new))
			.param("dues", dues.stream().map(Timestamp::from).toArray(Timestamp[]::new))
			.param("priority", priority)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Tasks assigned within a jurisdiction: open and accepted first, most urgent and
	 * earliest due first.
	 * @param range the jurisdiction
	 * @param exact only tasks assigned to the jurisdiction's own division (a grid
	 * worker's, not the informants' of its micro-grids)
	 * @param openOnly only open and accepted tasks
	 * @param page the page (one more row read)
	 * @return the tasks
	 */
	public List<TaskRow> assigned(PathPrefix range, boolean exact, boolean openOnly, PageRequest page) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM gridops_task t
				WHERE t.assignee_path >= :lo AND t.assignee_path < :hi
				  AND (NOT :exact OR t.assignee_path = :lo)
				  AND (NOT :open OR t.status IN ('OPEN', 'ACCEPTED', 'ESCALATED'))
				ORDER BY t.status NOT IN ('OPEN', 'ACCEPTED', 'ESCALATED'), t.priority, t.due_at, t.id
				LIMIT :limit OFFSET :offset""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("exact", exact)
			.param("open", openOnly)
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query((rs, i) -> row(rs))
			.list();
	}

	/**
	 * Records an outcome of a task assigned within a jurisdiction.
	 * @param id the task
	 * @param range the caller's jurisdiction
	 * @param status {@code ACCEPTED}, {@code DONE} or {@code UNREACHABLE}
	 * @param outcome the outcome's code, may be {@code null}
	 * @param note a note, may be {@code null}
	 * @param by who
	 * @param now when
	 * @return the task, empty if not there or not in the range
	 */
	public Optional<TaskRow> outcome(long id, PathPrefix range, String status, String outcome, String note, String by,
			Instant now) {
		return this.jdbc.sql("""
				UPDATE gridops_task t SET status = :status, outcome = COALESCE(:outcome, t.outcome),
				       note = COALESCE(:note, t.note), updated_at = :now, updated_by = :by
				 WHERE t.id = :id AND t.assignee_path >= :lo AND t.assignee_path < :hi
				RETURNING""" + " " + COLUMNS)
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("status", status)
			.param("outcome", outcome)
			.param("note", note)
			.param("by", by)
			.param("now", Timestamp.from(now))
			.query((rs, i) -> row(rs))
			.optional();
	}

	/**
	 * Moves every open task overdue at a time one level up the chain (micro-grid → grid →
	 * village or community → township; never above the township), due again after a
	 * grace, in one statement.
	 * @param now the time
	 * @param grace how long the next level has
	 * @return the divisions that received tasks, with how many
	 */
	public List<Escalated> escalate(Instant now, java.time.Duration grace) {
		return this.jdbc
			.sql("""
					WITH climbed AS (
					    UPDATE gridops_task t
					       SET assignee_path = up.path, escalations = t.escalations + 1, due_at = :due, status = 'ESCALATED',
					           updated_at = :now, updated_by = 'escalation'
					      FROM population_division_place up
					     WHERE t.status IN ('OPEN', 'ACCEPTED', 'ESCALATED') AND t.due_at < :now
					       AND up.path = regexp_replace(t.assignee_path, '[^/]+/$', '')
					       AND up.level IN ('GRID', 'VILLAGE', 'TOWNSHIP')
					    RETURNING t.assignee_path)
					SELECT assignee_path, count(*) FROM climbed GROUP BY assignee_path ORDER BY assignee_path""")
			.param("now", Timestamp.from(now))
			.param("due", Timestamp.from(now.plus(grace)))
			.query((rs, i) -> new Escalated(rs.getString(1), rs.getInt(2)))
			.list();
	}

	/**
	 * The phones of the staff serving divisions (to tell them of escalated tasks).
	 * @param paths the divisions
	 * @return path and phone of each post with a phone
	 */
	public List<String[]> staffPhones(List<String> paths) {
		return this.jdbc.sql("""
				SELECT path, phone FROM population_staff_post
				 WHERE path = ANY(CAST(:paths AS text[])) AND phone IS NOT NULL AND role <> 'MICRO_GRID_INFORMANT'""")
			.param("paths", paths.toArray(String[]::new))
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
	}

	/**
	 * Tasks a division received by escalation.
	 *
	 * @param path the division
	 * @param tasks how many
	 */
	public record Escalated(String path, int tasks) {
	}

	private static TaskRow row(ResultSet rs) throws SQLException {
		return new TaskRow(rs.getLong("id"), TaskKind.valueOf(rs.getString("kind")), rs.getString("cause"),
				rs.getLong("person_id"), rs.getObject("household_id", Long.class), rs.getString("path"),
				rs.getString("assignee_path"), rs.getInt("priority"), rs.getTimestamp("due_at").toInstant(),
				rs.getString("status"), rs.getString("outcome"), rs.getString("note"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
				rs.getString("updated_by"));
	}

	/**
	 * A task as stored.
	 *
	 * @param id the task
	 * @param kind its kind
	 * @param cause its cause
	 * @param personId the person
	 * @param householdId their household
	 * @param path where they live
	 * @param assigneePath the micro-grid or grid it is assigned to
	 * @param priority 1 to 3
	 * @param dueAt when due
	 * @param status its status
	 * @param outcome the outcome's code
	 * @param note a note
	 * @param createdAt when created
	 * @param updatedAt last change
	 * @param updatedBy by whom
	 */
	public record TaskRow(long id, TaskKind kind, String cause, long personId, Long householdId, String path,
			String assigneePath, int priority, Instant dueAt, String status, String outcome, String note,
			Instant createdAt, Instant updatedAt, String updatedBy) {
	}

}
