package org.epigrid.tracing;

import java.util.List;

/**
 * How quickly cases were handled (issue 14, timeliness): positive sample → case opened →
 * contacts identified, each stage's count, mean, median and 90th percentile in seconds,
 * against the drill's target (4 hours from positive to contacts). Notification and
 * quarantine are the later stages, reported by the modules that do them.
 *
 * @param days the cases opened in the last this many days
 * @param targetSeconds the target from positive to contacts identified
 * @param cases cases counted
 * @param sampleToOpened first positive sample to case opened (cases with a sample)
 * @param openedToContacts case opened to contacts identified
 * @param sampleToContacts first positive sample (or the opening, for a case without one)
 * to contacts identified
 * @param withinTarget cases whose contacts were identified within the target
 * @param slowest up to 20 cases over the target, slowest first (still counting for those
 * without contacts)
 */
public record Timeliness(int days, long targetSeconds, int cases, Stage sampleToOpened, Stage openedToContacts,
		Stage sampleToContacts, int withinTarget, List<Slow> slowest) {

	/**
	 * One stage's durations.
	 *
	 * @param count cases that went through it
	 * @param meanSeconds the mean, {@code null} if none
	 * @param medianSeconds the median
	 * @param p90Seconds the 90th percentile
	 */
	public record Stage(int count, Long meanSeconds, Long medianSeconds, Long p90Seconds) {
	}

	/**
	 * A case over the target.
	 *
	 * @param caseId the case
	 * @param seconds how long from positive to contacts (or until now)
	 */
	public record Slow(long caseId, long seconds) {
	}

}
