package org.epigrid.tracing.internal;

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
 */
@ConfigurationProperties("epigrid.tracing")
public record TracingProperties(@DefaultValue("true") boolean casesFromPositives,
		@DefaultValue("true") boolean contactsOnOpen, @DefaultValue("1000") int maxCasesPerRun) {

	/**
	 * Checks the settings.
	 * @param casesFromPositives as given
	 * @param contactsOnOpen as given
	 * @param maxCasesPerRun 1 to 100,000
	 */
	public TracingProperties {
		if (maxCasesPerRun < 1 || maxCasesPerRun > 100_000) {
			throw new IllegalStateException("epigrid.tracing.max-cases-per-run must be 1 to 100000");
		}
	}

}
