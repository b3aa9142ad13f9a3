package org.epigrid.shared.health;

/**
 * A person's test result as the health codes see it.
 */
public enum TestResult {

	/** Negative (a single tube, or every member of a negative pooled tube). */
	NEGATIVE,
	/** Positive in a single tube: the person is positive. */
	POSITIVE,
	/**
	 * The person's pooled tube was positive: recalled for a single-tube retest, not yet
	 * known to be positive.
	 */
	POOL_POSITIVE

}
