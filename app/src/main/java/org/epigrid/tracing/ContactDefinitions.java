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
 */
public record ContactDefinitions(Integer lookBackDays, Boolean householdIsClose,
		Map<String, Integer> closeOverlapMinutes, Integer generalOverlapMinutes, Boolean secondaryContacts) {
}
