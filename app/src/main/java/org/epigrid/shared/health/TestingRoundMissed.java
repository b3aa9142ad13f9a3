package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

/**
 * Persons due in a mass-testing round were not tested by its deadline (应检未检), published
 * by testing at most 10,000 persons an event.
 *
 * @param roundId the round
 * @param deadline the round's deadline
 * @param personIds the persons
 */
public record TestingRoundMissed(long roundId, Instant deadline, List<Long> personIds) {

	/**
	 * Copies and checks the list.
	 * @param roundId the round
	 * @param deadline the deadline
	 * @param personIds the persons, at most {@link TestResultRecorded#MAX}
	 */
	public TestingRoundMissed {
		personIds = List.copyOf(personIds);
		if (personIds.size() > TestResultRecorded.MAX) {
			throw new IllegalArgumentException("at most " + TestResultRecorded.MAX + " persons an event");
		}
	}

}
