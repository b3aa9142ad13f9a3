package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A person due in a mass-testing round was not tested by its deadline (应检未检).
 *
 * @param personId the person
 * @param roundId the round
 * @param deadline the round's deadline
 */
public record TestingRoundMissed(long personId, long roundId, Instant deadline) {
}
