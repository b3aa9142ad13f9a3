package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A person became (or stopped being) a case.
 *
 * @param personId the person
 * @param status the new status, {@code null} when the person is no longer a case (e.g. a
 * suspected case ruled out)
 * @param at when it was decided
 */
public record CaseStatusChanged(long personId, CaseStatus status, Instant at) {
}
