package org.epigrid.shared.health;

import java.time.Instant;

/**
 * The travel record shows a person in a city with risk areas (the travel star).
 *
 * @param personId the person
 * @param city the city
 * @param at when they were there
 */
public record RiskCityVisited(long personId, String city, Instant at) {
}
