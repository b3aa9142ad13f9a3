package org.epigrid.testing;

/**
 * Whom a testing round is for.
 */
public enum RoundPopulation {

	/** Everyone living in the round's divisions (resident, floating, overseas). */
	ALL,
	/** Registered residents (常住人口). */
	RESIDENT,
	/** The floating population registered there (流动人口). */
	FLOATING,
	/** Key groups: by special-population tag or workplace (重点人群). */
	KEY_GROUPS

}
