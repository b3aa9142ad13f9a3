package org.epigrid.testing;

/**
 * The lists of a round's persons.
 */
public enum RoundList {

	/** Due, not exempted, not sampled (应检未检). */
	UNTESTED,
	/** Pooled tube positive: to be retested in a single tube (混管阳性待复核). */
	RECALL,
	/** Tube invalid: to be sampled again. */
	RESAMPLE,
	/** Positive in a single tube. */
	POSITIVE,
	/** Exempted (away, recently positive). */
	EXEMPTED

}
