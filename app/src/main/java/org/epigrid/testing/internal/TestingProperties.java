package org.epigrid.testing.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of testing, every default in this one place.
 *
 * @param missedCheck how often rounds past their deadline are looked for, to report their
 * untested to the health codes ({@code missed-check})
 * @param maxResultsPerRequest the most results one JSON request, bundle or file may carry
 * ({@code max-results-per-request})
 */
@ConfigurationProperties("epigrid.testing")
public record TestingProperties(@DefaultValue("PT1M") Duration missedCheck,
		@DefaultValue("10000") int maxResultsPerRequest) {

	/**
	 * Checks the settings.
	 * @param missedCheck at least a second
	 * @param maxResultsPerRequest 1 to 100,000
	 */
	public TestingProperties {
		if (missedCheck.toSeconds() < 1) {
			throw new IllegalStateException("epigrid.testing.missed-check must be at least one second");
		}
		if (maxResultsPerRequest < 1 || maxResultsPerRequest > 100_000) {
			throw new IllegalStateException("epigrid.testing.max-results-per-request must be 1 to 100000");
		}
	}

}
