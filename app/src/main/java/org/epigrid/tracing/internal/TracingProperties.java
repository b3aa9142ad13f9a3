package org.epigrid.tracing.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the tracing module ({@code epigrid.tracing.*}), every default in this
 * one place (the README's configuration table documents them).
 *
 * @param casesFromPositives whether a positive single-tube result opens a case
 * ({@code cases-from-positives})
 * @param contactsOnOpen whether a case's contacts are computed as soon as it is opened
 * ({@code contacts-on-open}; else only when asked)
 * @param maxCasesPerRun the most cases one request computes together
 * ({@code max-cases-per-run})
 * @param dispatchPoll how often transfer requests due are sent to 120 dispatch
 * ({@code dispatch-poll})
 * @param dispatchRetryBase the wait after the first refused delivery, doubled after each
 * further one ({@code dispatch-retry-base})
 * @param dispatchRetryMax the longest wait between attempts ({@code dispatch-retry-max})
 * @param dispatchMaxAttempts after how many refused attempts a request is given up as
 * failed (and shown so: call 120) ({@code dispatch-max-attempts})
 * @param dispatchTimeout how long one delivery may take ({@code dispatch-timeout})
 * @param timelinessTarget from a positive sample to the contacts identified, the time the
 * timeliness figures measure against ({@code timeliness-target}; 4 hours: the Yueqing
 * drill's)
 * @param topicEscalateAfter after how many unreachable attempts a topic's item is
 * escalated to the investigation team ({@code topic-escalate-after})
 */
@ConfigurationProperties("epigrid.tracing")
public record TracingProperties(@DefaultValue("true") boolean casesFromPositives,
		@DefaultValue("true") boolean contactsOnOpen, @DefaultValue("1000") int maxCasesPerRun,
		@DefaultValue("PT5S") Duration dispatchPoll, @DefaultValue("PT15S") Duration dispatchRetryBase,
		@DefaultValue("PT10M") Duration dispatchRetryMax, @DefaultValue("12") int dispatchMaxAttempts,
		@DefaultValue("PT10S") Duration dispatchTimeout, @DefaultValue("PT4H") Duration timelinessTarget,
		@DefaultValue("3") int topicEscalateAfter) {

	/**
	 * Checks the settings.
	 * @param casesFromPositives as given
	 * @param contactsOnOpen as given
	 * @param maxCasesPerRun 1 to 100,000
	 * @param dispatchPoll positive
	 * @param dispatchRetryBase not negative
	 * @param dispatchRetryMax not less than the base
	 * @param dispatchMaxAttempts 1 to 1000
	 * @param dispatchTimeout positive
	 * @param timelinessTarget positive
	 * @param topicEscalateAfter 1 to 20
	 */
	public TracingProperties {
		if (maxCasesPerRun < 1 || maxCasesPerRun > 100_000) {
			throw new IllegalStateException("epigrid.tracing.max-cases-per-run must be 1 to 100000");
		}
		if (dispatchPoll.isNegative() || dispatchPoll.isZero() || dispatchTimeout.isNegative()
				|| dispatchTimeout.isZero()) {
			throw new IllegalStateException("epigrid.tracing.dispatch-poll and dispatch-timeout must be positive");
		}
		if (dispatchRetryBase.isNegative() || dispatchRetryMax.compareTo(dispatchRetryBase) < 0) {
			throw new IllegalStateException(
					"epigrid.tracing.dispatch-retry-base must not be negative nor more than dispatch-retry-max");
		}
		if (timelinessTarget.isNegative() || timelinessTarget.isZero()) {
			throw new IllegalStateException("epigrid.tracing.timeliness-target must be positive");
		}
		if (topicEscalateAfter < 1 || topicEscalateAfter > 20) {
			throw new IllegalStateException("epigrid.tracing.topic-escalate-after must be 1 to 20");
		}
		if (dispatchMaxAttempts < 1 || dispatchMaxAttempts > 1000) {
			throw new IllegalStateException("epigrid.tracing.dispatch-max-attempts must be 1 to 1000");
		}
	}

}
