package org.epigrid.shared.health;

import java.time.Instant;

/**
 * A person was identified as a contact, or released from being one.
 *
 * @param personId the person
 * @param level the contact level, {@code null} when released
 * @param at when it was decided
 */
public record ContactStatusChanged(long personId, ContactLevel level, Instant at) {
}
