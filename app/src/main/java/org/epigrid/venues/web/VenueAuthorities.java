package org.epigrid.venues.web;

/**
 * Who may use the venue pages and API, as {@code @PreAuthorize} expressions (the staff
 * roles are those of the codes pages).
 */
final class VenueAuthorities {

	/** Every staff role: what the venue pages and API ask of a logged-in user. */
	static final String STAFF = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER', 'SITE_LEADER', 'QUARANTINE_OFFICER', 'DATA_OFFICER')";

	/**
	 * Who registers venues and renews their codes (as {@code VenueManagement} checks):
	 * named here too, so that others are refused before their request is read.
	 */
	static final String VENUE_REGISTRARS = "hasAnyRole('ADMIN', 'COMMANDER', 'DATA_OFFICER', 'GRID_WORKER')";

	/** Administrators only: the venue policies. */
	static final String ADMIN = "hasRole('ADMIN')";

	private VenueAuthorities() {
	}

}
