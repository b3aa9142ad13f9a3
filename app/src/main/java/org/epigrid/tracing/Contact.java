package org.epigrid.tracing;

import java.time.Instant;
import java.util.List;

import org.epigrid.shared.health.ContactLevel;

/**
 * A contact of a case, with all its evidence.
 *
 * @param caseId the case
 * @param personId the contact
 * @param maskedName their name, masked
 * @param path where they live (their grid does the follow-up)
 * @param level close, secondary or general
 * @param viaPersonId for a secondary contact, the close contact through whom
 * @param firstExposureAt the first moment of exposure the evidence shows
 * @param lastExposureAt the last
 * @param evidence every piece of evidence
 * @param protocolVersion the contact definitions that decided the level
 * @param identifiedAt when first identified
 * @param updatedAt when last computed again
 */
public record Contact(long caseId, long personId, String maskedName, String path, ContactLevel level, Long viaPersonId,
		Instant firstExposureAt, Instant lastExposureAt, List<Evidence> evidence, int protocolVersion,
		Instant identifiedAt, Instant updatedAt) {
}
