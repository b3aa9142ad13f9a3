package org.epigrid.testing;

/**
 * Kinds of sampling site (D1).
 */
public enum SiteKind {

	/** A fixed site of a medical institution (固定采样点). */
	FIXED,
	/** A mass-testing point set up for rounds (便民/临时采样点). */
	MASS,
	/** A mobile team (流动采样队). */
	MOBILE,
	/** A door-to-door team for the bedridden and sealed buildings (上门采样队). */
	DOOR_TO_DOOR

}
