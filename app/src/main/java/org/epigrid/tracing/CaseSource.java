package org.epigrid.tracing;

/**
 * How a case came to be opened.
 */
public enum CaseSource {

	/** From a positive single-tube result ({@code testing}'s {@code PositiveResult}). */
	POSITIVE_RESULT,
	/** Opened by hand (a hospital's report, another city's notice). */
	MANUAL

}
