package org.epigrid.tracing;

import java.time.Instant;
import java.util.List;

import org.epigrid.shared.health.ContactLevel;

/**
 * Contacts of a case were identified, or raised to a closer level, by one computation:
 * one event per case and computation (never one per person), at most {@value #MAX}
 * contacts each.
 *
 * @param caseId the case
 * @param casePersonId the case's person
 * @param contacts the contacts new or raised
 * @param at when
 */
public record ContactIdentified(long caseId, long casePersonId, List<Identified> contacts, Instant at) {

	/** The most contacts in one event. */
	public static final int MAX = 100_000;

	/**
	 * Copies and checks the list.
	 * @param caseId the case
	 * @param casePersonId its person
	 * @param contacts at most {@value #MAX}
	 * @param at when
	 */
	public ContactIdentified {
		contacts = List.copyOf(contacts);
		if (contacts.size() > MAX) {
			throw new IllegalArgumentException("at most " + MAX + " contacts an event, not " + contacts.size());
		}
	}

	/**
	 * A contact identified.
	 *
	 * @param personId the person
	 * @param level their level for this case
	 * @param exposedAt their first exposure
	 */
	public record Identified(long personId, ContactLevel level, Instant exposedAt) {
	}

}
