package org.epigrid.testing;

import java.time.Instant;
import java.util.List;

/**
 * A testing round was started: its population is fixed. Grid operations notify the grids.
 *
 * @param roundId the round
 * @param name its name
 * @param startsAt when sampling starts
 * @param endsAt its deadline
 * @param divisionIds the divisions and grids it covers
 * @param required persons due
 */
public record TestingRoundStarted(long roundId, String name, Instant startsAt, Instant endsAt, List<Long> divisionIds,
		long required) {

	/**
	 * Copies the list.
	 * @param roundId the round
	 * @param name its name
	 * @param startsAt start
	 * @param endsAt deadline
	 * @param divisionIds divisions
	 * @param required persons due
	 */
	public TestingRoundStarted {
		divisionIds = List.copyOf(divisionIds);
	}

}
