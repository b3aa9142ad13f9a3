package org.epigrid.testing.internal.lab;

import java.math.BigDecimal;
import java.time.Instant;

import org.epigrid.testing.TubeOutcome;

/**
 * One tube's result as a lab reported it, before it is checked against the tubes.
 *
 * @param barcode the tube's barcode
 * @param outcome what was found
 * @param ct the cycle threshold, if reported (lower is more virus), else {@code null}
 * @param lab the lab's name or identifier as reported
 * @param testedAt when the lab tested (or issued) it
 */
public record LabResult(String barcode, TubeOutcome outcome, BigDecimal ct, String lab, Instant testedAt) {
}
