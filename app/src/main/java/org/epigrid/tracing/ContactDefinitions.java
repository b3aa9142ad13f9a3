package org.epigrid.tracing;

import java.util.Map;

/**
 * The contact definitions of a protocol (E1): who counts as a close, secondary or general
 * contact of a case. The default is the ninth edition of the national COVID-19 control
 * plan (2022-06); the twenty measures of 2022-11 stop tracing secondary contacts.
 *
 * @param lookBackDays how many days before onset (or the first positive sample, whichever
 * is earlier) a case's exposures count, 1 to 21
 * @param householdIsClose whether persons living with a case are close contacts
 * @param closeOverlapMinutes by crowd class ({@code ORDINARY}, {@code CROWDED},
 * {@code SENSITIVE}), the least time at a venue together that makes a close contact
 * (crowded and sensitive places ask for less), 1 to 1440 each
 * @param generalOverlapMinutes the least time together that makes a general contact, 1 to
 * 1440 and not more than any close minimum
 * @param secondaryContacts whether the close contacts of close contacts are traced, from
 * their exposure until now
 * @param transferPickupMinutes how long after a transfer to hospital is requested the
 * ambulance must have picked the case up (10 to 2880; may be left out:
 * {@value #DEFAULT_PICKUP_MINUTES}, the "within two hours" of 2022)
 * @param flightRowsClose on a flight, passengers within this many rows of the case are
 * close contacts, the others general (0 to 60; may be left out:
 * {@value #DEFAULT_FLIGHT_ROWS}, the ninth edition's "same row and three rows either
 * side")
 * @param trainCarIsClose whether passengers in the case's train car are close contacts
 * (the others general; may be left out: true, the ninth edition's "same car")
 * @param workplaceIsClose whether everyone on a case's employer staff list is a close
 * contact (may be left out: false, they are general contacts for the investigator to
 * narrow to the case's own office)
 */
public record ContactDefinitions(Integer lookBackDays, Boolean householdIsClose,
		Map<String, Integer> closeOverlapMinutes, Integer generalOverlapMinutes, Boolean secondaryContacts,
		Integer transferPickupMinutes, Integer flightRowsClose, Boolean trainCarIsClose, Boolean workplaceIsClose) {

	/** The rows of a flight that make close contacts when the definitions name none. */
	public static final int DEFAULT_FLIGHT_ROWS = 3;

	/** The pick-up limit when the definitions name none. */
	public static final int DEFAULT_PICKUP_MINUTES = 120;

	/**
	 * Contact definitions with the default pick-up limit.
	 * @param lookBackDays as above
	 * @param householdIsClose as above
	 * @param closeOverlapMinutes as above
	 * @param generalOverlapMinutes as above
	 * @param secondaryContacts as above
	 */
	public ContactDefinitions(Integer lookBackDays, Boolean householdIsClose, Map<String, Integer> closeOverlapMinutes,
			Integer generalOverlapMinutes, Boolean secondaryContacts) {
		this(lookBackDays, householdIsClose, closeOverlapMinutes, generalOverlapMinutes, secondaryContacts, null, null,
				null, null);
	}

	/**
	 * The rows either side that make close contacts on a flight.
	 * @return rows
	 */
	public int flightRows() {
		return (this.flightRowsClose == null) ? DEFAULT_FLIGHT_ROWS : this.flightRowsClose;
	}

	/**
	 * Whether colleagues on a case's employer staff list are close contacts.
	 * @return as defined, false if left out
	 */
	public boolean workplace() {
		return this.workplaceIsClose != null && this.workplaceIsClose;
	}

	/**
	 * Whether a train car's passengers are close contacts.
	 * @return as defined, true if left out
	 */
	public boolean trainCar() {
		return this.trainCarIsClose == null || this.trainCarIsClose;
	}

	/**
	 * The pick-up limit in force.
	 * @return minutes
	 */
	public int pickupMinutes() {
		return (this.transferPickupMinutes == null) ? DEFAULT_PICKUP_MINUTES : this.transferPickupMinutes;
	}

}
