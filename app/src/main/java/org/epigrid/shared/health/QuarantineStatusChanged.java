package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A person was put under (or released from) quarantine or health monitoring.
 *
 * @param personId the person
 * @param kind the quarantine, {@code null} when released
 * @param at when it started or ended
 */
public record QuarantineStatusChanged(long personId, QuarantineKind kind, Instant at) {
}
