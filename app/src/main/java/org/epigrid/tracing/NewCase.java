package org.epigrid.tracing;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A case opened by hand.
 *
 * @param personId the person (required)
 * @param classification the clinical classification, may be {@code null}
 * @param onsetDate when symptoms began; this or {@code firstPositiveAt} is required
 * @param firstPositiveAt when the first positive sample was taken
 * @param sourceNote what reported it (at most 500 characters)
 * @param hospital where treated, may be {@code null}
 */
public record NewCase(Long personId, CaseClassification classification, LocalDate onsetDate, Instant firstPositiveAt,
		String sourceNote, String hospital) {
}
