package org.epigrid.tracing;

import java.time.Instant;

/**
 * Why a person is a contact: one piece of evidence a human can check.
 *
 * @param kind {@code HOUSEHOLD} (lives with the case, or for a secondary contact with the
 * close contact), {@code VENUE} (was at a venue at the same time), or {@code FLIGHT},
 * {@code TRAIN}, {@code BUS} (on the same flight, train or coach), or {@code NAMED}
 * (named by the case in the interview: {@code venueName} holds how they met), or
 * {@code WORKPLACE} (on the same employer's staff list: {@code venueName} holds the
 * employer)
 * @param throughPersonId whose contact this shows: the case's person, or for a secondary
 * contact the close contact's
 * @param venueId the venue, for {@code VENUE}
 * @param venueName its name
 * @param crowdClass its crowd class ({@code ORDINARY}, {@code CROWDED},
 * {@code SENSITIVE})
 * @param lon the venue's longitude
 * @param lat its latitude
 * @param exposedFrom the case's (or close contact's) stay began
 * @param exposedTo and ended
 * @param from the contact's stay began
 * @param to and ended
 * @param overlapMinutes how long they were there together
 * @param trip for transport, the flight, train or coach number
 * @param seats for transport, the case's (or close contact's) seat and the contact's, as
 * the records or the investigator wrote them ({@code 12C ↔ 14A}; {@code ?} if unknown)
 */
public record Evidence(String kind, long throughPersonId, Long venueId, String venueName, String crowdClass, Double lon,
		Double lat, Instant exposedFrom, Instant exposedTo, Instant from, Instant to, Long overlapMinutes, String trip,
		String seats) {

	/**
	 * Living together.
	 * @param throughPersonId the case's or close contact's person
	 * @return the evidence
	 */
	public static Evidence household(long throughPersonId) {
		return new Evidence("HOUSEHOLD", throughPersonId, null, null, null, null, null, null, null, null, null, null,
				null, null);
	}

}
