package org.epigrid.tracing;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A case as staff see it.
 *
 * @param id the case
 * @param personId the person
 * @param maskedName their name, masked
 * @param path where they live
 * @param classification the clinical classification, {@code null} until given
 * @param state where the case stands
 * @param onsetDate when symptoms began, {@code null} if none (yet)
 * @param firstPositiveAt when the first positive sample was taken, {@code null} if
 * unknown
 * @param source how the case was opened
 * @param sourceNote what opened it (a sample, a report)
 * @param hospital where treated, {@code null} if not (yet)
 * @param openedAt when opened
 * @param openedBy by whom ({@code system} for a positive result)
 * @param stateAt when the state last changed
 * @param contactsRunAt when contacts were last computed, {@code null} if never
 * @param contactsFoundAt when contacts were first found, {@code null} if none yet
 */
public record TracingCase(long id, long personId, String maskedName, String path, CaseClassification classification,
		CaseState state, LocalDate onsetDate, Instant firstPositiveAt, CaseSource source, String sourceNote,
		String hospital, Instant openedAt, String openedBy, Instant stateAt, Instant contactsRunAt,
		Instant contactsFoundAt) {
}
