package org.epigrid.population;

/**
 * Special-population tags: people who need attention in a lockdown, a testing round or a
 * transfer (elderly, pregnant, dialysis patients …). {@link #ELDERLY} and
 * {@link #CHILD_UNDER_3} are derived from the birth date when a person is registered.
 */
public enum SpecialPopulation {

	/** 60 years or older. */
	ELDERLY,
	/** Under 3 years. */
	CHILD_UNDER_3,
	/** Pregnant. */
	PREGNANT,
	/** Needs regular dialysis. */
	DIALYSIS,
	/** Bedridden. */
	BEDRIDDEN,
	/** Disabled. */
	DISABLED

}
