package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A nucleic-acid (or other) test result of a person.
 *
 * @param personId the person
 * @param negative whether it was negative
 * @param sampledAt when the sample was taken (the age of a result counts from here)
 */
public record TestResultRecorded(long personId, boolean negative, Instant sampledAt) {
}
