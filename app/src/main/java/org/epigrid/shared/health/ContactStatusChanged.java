package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Persons were identified as contacts of one level, or released from being contacts:
 * published by tracing at most {@value #MAX} persons a time (a case in a factory or a
 * market has thousands of contacts; one event per person would not do). An event stored
 * by an earlier version, one person each, is still read.
 *
 * @param personIds the persons
 * @param level the contact level they now have, {@code null} when released
 * @param at when it was decided
 */
public record ContactStatusChanged(List<Long> personIds, ContactLevel level, Instant at) {

	/** The most persons in one event. */
	public static final int MAX = 100_000;

	/**
	 * Copies and checks the ids.
	 * @param personIds at most {@value #MAX}
	 * @param level as given
	 * @param at as given
	 */
	public ContactStatusChanged {
		personIds = List.copyOf(personIds);
		if (personIds.size() > MAX) {
			throw new IllegalArgumentException("at most " + MAX + " persons an event, not " + personIds.size());
		}
	}

	/**
	 * One person's change.
	 * @param personId the person
	 * @param level the level, {@code null} when released
	 * @param at when
	 * @return the event
	 */
	public static ContactStatusChanged of(long personId, ContactLevel level, Instant at) {
		return new ContactStatusChanged(List.of(personId), level, at);
	}

	/**
	 * Reads the event as stored, also one person each (by an earlier version).
	 * @param personIds the persons, or {@code null}
	 * @param personId the one person of an earlier version's event, or {@code null}
	 * @param level the level
	 * @param at when
	 * @return the event
	 */
	@JsonCreator
	static ContactStatusChanged read(@JsonProperty("personIds") List<Long> personIds,
			@JsonProperty("personId") Long personId, @JsonProperty("level") ContactLevel level,
			@JsonProperty("at") Instant at) {
		if (personIds == null) {
			return new ContactStatusChanged((personId == null) ? List.of() : List.of(personId), level, at);
		}
		return new ContactStatusChanged(personIds, level, at);
	}

}
