package org.epigrid.tracing;

import java.time.Instant;

import org.epigrid.shared.health.ContactLevel;

/**
 * A person a case named in the interview (E2), resolved to a person when the population
 * knows them.
 *
 * @param id the entry
 * @param caseId the case
 * @param name the name as told
 * @param phone the phone as told, masked
 * @param idNumber the ID number as told, masked
 * @param relation who they are to the case and how they met (at most 200 characters)
 * @param exposedAt when they were together
 * @param level close or general, as the investigator judged
 * @param personId the person, {@code null} while unresolved
 * @param resolvedBy {@code ID_NUMBER}, {@code NAME_PHONE}, {@code SIMILAR_NAME} or
 * {@code PROVISIONAL} (registered from the ID number), {@code null} while unresolved
 * @param createdAt when recorded
 * @param createdBy by whom
 */
public record NamedContact(long id, long caseId, String name, String phone, String idNumber, String relation,
		Instant exposedAt, ContactLevel level, Long personId, String resolvedBy, Instant createdAt, String createdBy) {
}
