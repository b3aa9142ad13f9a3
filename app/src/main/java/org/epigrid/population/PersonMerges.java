package org.epigrid.population;

import java.sql.Timestamp;
import java.time.Clock;

import org.epigrid.population.PersonManagement.Access;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.security.Caller;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merging two persons who are one (a duplicate in the base data) and undoing it. Nothing
 * is deleted: the duplicate is marked as merged, disappears from searches and identity
 * look-ups (which answer with the survivor), and other modules move their records on
 * {@link PersonsMerged}; {@link #undo} reverses all of it. Both are audited.
 */
@Service
public class PersonMerges {

	private final JdbcClient jdbc;

	private final PersonManagement persons;

	private final AuditManagement audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PersonMerges(JdbcClient jdbc, PersonManagement persons, AuditManagement audit, ApplicationEventPublisher events,
			Clock clock) {
		this.jdbc = jdbc;
		this.persons = persons;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Merges {@code duplicateId} into {@code survivorId}.
	 * @param caller who merges; must see both persons
	 * @param survivorId the person that stays
	 * @param duplicateId the person merged into it
	 * @param reason why (kept and audited), required
	 * @return the merge id, to undo it
	 * @throws FieldErrorsException if the reason is blank or the two are the same person
	 * @throws NotFoundException if either person is not visible to the caller
	 * @throws ConflictException if either is merged already
	 */
	@Transactional
	public long merge(Caller caller, long survivorId, long duplicateId, String reason) {
		if (reason == null || reason.isBlank()) {
			throw FieldErrorsException.of("reason", "must say why the two are one person");
		}
		TextLimit.require("reason", reason, TextLimit.NOTE);
		if (survivorId == duplicateId) {
			throw FieldErrorsException.of("duplicateId", "is the same person as the survivor");
		}
		Access access = new Access("merge: " + reason, "API", null);
		PersonDetail survivor = this.persons.view(caller, survivorId, access);
		PersonDetail duplicate = this.persons.view(caller, duplicateId, access);
		int marked = this.jdbc.sql("""
				UPDATE person SET merged_into = :survivor, updated_at = :now
				WHERE id = :duplicate AND merged_into IS NULL
				  AND NOT EXISTS (SELECT 1 FROM person s WHERE s.id = :survivor AND s.merged_into IS NOT NULL)
				  -- a person others were merged into is undone first, so that every undo is exact
				  AND NOT EXISTS (SELECT 1 FROM person d WHERE d.merged_into = :duplicate)
				""")
			.param("survivor", survivor.id())
			.param("duplicate", duplicate.id())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		if (marked == 0) {
			throw new ConflictException("duplicateId", "one of the two persons is merged already");
		}
		long mergeId = this.jdbc.sql("""
				INSERT INTO person_merge (survivor_id, duplicate_id, reason, merged_by, merged_at)
				VALUES (:survivor, :duplicate, :reason, :user, :now) RETURNING id
				""")
			.param("survivor", survivor.id())
			.param("duplicate", duplicate.id())
			.param("reason", reason.strip())
			.param("user", caller.username())
			.param("now", Timestamp.from(this.clock.instant()))
			.query(Long.class)
			.single();
		this.audit.record(caller, new View("MERGE_PERSONS", "PERSON", Long.toString(duplicateId),
				"→ " + survivorId + " (merge " + mergeId + ")", reason.strip(), "API", null));
		this.events.publishEvent(new PersonsMerged(mergeId, survivor.id(), duplicate.id()));
		return mergeId;
	}

	/**
	 * Undoes a merge: the duplicate is a person of its own again, and what moved goes
	 * back.
	 * @param caller who undoes it; must see both persons
	 * @param mergeId the merge
	 * @throws NotFoundException if there is no such merge or a person is not visible
	 * @throws ConflictException if it was undone already
	 */
	@Transactional
	public void undo(Caller caller, long mergeId) {
		record Merge(long survivor, long duplicate, boolean undone) {
		}
		Merge merge = this.jdbc
			.sql("SELECT survivor_id, duplicate_id, undone_at IS NOT NULL FROM person_merge WHERE id = :id")
			.param("id", mergeId)
			.query((rs, i) -> new Merge(rs.getLong(1), rs.getLong(2), rs.getBoolean(3)))
			.optional()
			.orElseThrow(() -> new NotFoundException("merge " + mergeId));
		Access access = new Access("undo merge " + mergeId, "API", null);
		this.persons.view(caller, merge.survivor(), access);
		this.persons.view(caller, merge.duplicate(), access);
		if (merge.undone()) {
			throw new ConflictException("mergeId", "merge " + mergeId + " was undone already");
		}
		this.jdbc.sql("UPDATE person SET merged_into = NULL, updated_at = :now WHERE id = :duplicate")
			.param("duplicate", merge.duplicate())
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		this.jdbc.sql("UPDATE person_merge SET undone_by = :user, undone_at = :now WHERE id = :id")
			.param("user", caller.username())
			.param("now", Timestamp.from(this.clock.instant()))
			.param("id", mergeId)
			.update();
		this.audit.record(caller, new View("UNDO_MERGE", "PERSON", Long.toString(merge.duplicate()), "merge " + mergeId,
				"undo merge", "API", null));
		this.events.publishEvent(new PersonMergeUndone(mergeId, merge.survivor(), merge.duplicate()));
	}

}
