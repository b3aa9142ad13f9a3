package org.epigrid.tracing;

import java.time.Duration;
import java.util.List;

/**
 * What one computation of contacts found.
 *
 * @param caseIds the cases computed
 * @param protocolVersion the contact definitions used
 * @param close close contacts of these cases now
 * @param secondary secondary contacts now
 * @param general general contacts now
 * @param added contacts new to their case
 * @param raised contacts raised to a closer level
 * @param linked cases linked to their infector (or to a likelier one) by this computation
 * @param took how long the computation took
 */
public record ContactRun(List<Long> caseIds, int protocolVersion, int close, int secondary, int general, int added,
		int raised, int linked, Duration took) {
}
