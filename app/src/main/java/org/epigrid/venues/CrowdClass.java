package org.epigrid.venues;

/**
 * How crowded or sensitive a venue counts in prevention work; venue policies are set per
 * class (C5).
 */
public enum CrowdClass {

	/** Shops, offices, banks: few strangers at a time. */
	ORDINARY,
	/** Markets, supermarkets, restaurants, factories, stations: many strangers. */
	CROWDED,
	/** Schools, clinics, care homes: vulnerable people. */
	SENSITIVE

}
