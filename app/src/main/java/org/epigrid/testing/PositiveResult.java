package org.epigrid.testing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A person tested positive in a single tube (a retest after a positive pooled tube, or a
 * single-tube round): tracing opens a case from it.
 *
 * @param personId the person
 * @param roundId the round the sample belongs to
 * @param sampleId the sample
 * @param tubeBarcode the tube
 * @param siteId where sampled
 * @param sampledAt when sampled
 * @param testedAt when the lab tested it
 * @param ct the cycle threshold, if reported
 * @param lab the lab
 */
public record PositiveResult(long personId, long roundId, long sampleId, String tubeBarcode, long siteId,
		Instant sampledAt, Instant testedAt, BigDecimal ct, String lab) {
}
