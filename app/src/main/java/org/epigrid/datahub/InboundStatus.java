package org.epigrid.datahub;

/**
 * Where a screened person stands with respect to an outbreak city (MISSION A8: returned,
 * about to return, still away).
 */
public enum InboundStatus {

	/** Arrived from the city within the look-back window. */
	RETURNED,
	/** Holds a booking that arrives after now. */
	ABOUT_TO_RETURN,
	/**
	 * Placed in the city within the window (an assistance letter, a trip or roaming
	 * signal there) and no arrival since.
	 */
	STILL_AWAY,
	/** On the given list of ID numbers, but no record says anything about them. */
	UNKNOWN

}
