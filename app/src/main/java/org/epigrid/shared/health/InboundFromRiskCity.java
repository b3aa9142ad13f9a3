package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A person arrived from a city with risk areas.
 *
 * @param personId the person
 * @param city the city they came from
 * @param arrivedAt when they arrived
 */
public record InboundFromRiskCity(long personId, String city, Instant arrivedAt) {
}
