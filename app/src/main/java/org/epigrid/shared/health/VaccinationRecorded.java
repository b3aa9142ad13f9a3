package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A vaccine dose given to a person.
 *
 * @param personId the person
 * @param doses how many doses the person has now had
 * @param at when this dose was given
 */
public record VaccinationRecorded(long personId, int doses, Instant at) {
}
