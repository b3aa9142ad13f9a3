package org.epigrid.testing;

/**
 * What a lab found in a tube.
 */
public enum TubeOutcome {

	/** No nucleic acid found: every member of the tube is negative. */
	NEGATIVE,
	/**
	 * Positive: a single tube's person is positive, a pooled tube's members are recalled.
	 */
	POSITIVE,
	/** The sample could not be tested (haemolysed, leaked, control failed): resample. */
	INVALID

}
