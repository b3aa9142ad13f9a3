package org.epigrid.population;

import java.time.Clock;

import org.epigrid.population.PersonManagement.Access;
import org.epigrid.population.internal.PersonMergeRepository;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.TextLimit;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merging two persons who are one (a duplicate in the base data) and undoing it. Nothing
 * is deleted: the duplicate is marked as merged, disappears from searches and identity
 * look-ups (which answer with the survivor), and other modules move their records on
 * {@link PersonsMerged}; {@link #undo} reverses all of it. Both are audited.
 */
@Service
public class PersonMergeManagement {

	private final PersonMergeRepository merges;

	private final PersonManagement persons;

	private final AuditManagement audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PersonMergeManagement(PersonMergeRepository merges, PersonManagement persons, AuditManagement audit,
			ApplicationEventPublisher events, Clock clock) {
		this.merges = merges;
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
		boolean marked = this.merges.markMerged(survivor.id(), duplicate.id(), this.clock.instant());
		if (!marked) {
			throw new ConflictException("duplicateId", "one of the two persons is merged already");
		}
		long mergeId = this.merges.insert(survivor.id(), duplicate.id(), reason.strip(), caller.username(),
				this.clock.instant());
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
		PersonMergeRepository.Merge merge = this.merges.find(mergeId)
			.orElseThrow(() -> new NotFoundException("merge " + mergeId));
		Access access = new Access("undo merge " + mergeId, "API", null);
		this.persons.view(caller, merge.survivor(), access);
		this.persons.view(caller, merge.duplicate(), access);
		if (merge.undone()) {
			throw new ConflictException("mergeId", "merge " + mergeId + " was undone already");
		}
		this.merges.undo(mergeId, merge.duplicate(), caller.username(), this.clock.instant());
		this.audit.record(caller, new View("UNDO_MERGE", "PERSON", Long.toString(merge.duplicate()), "merge " + mergeId,
				"undo merge", "API", null));
		this.events.publishEvent(new PersonMergeUndone(mergeId, merge.survivor(), merge.duplicate()));
	}

}
