package org.epigrid.tracing;

import java.time.Instant;

/**
 * Why a person is a contact: one piece of evidence a human can check.
 *
 * @param kind {@code HOUSEHOLD} (lives with the case, or for a secondary contact with the
 * close contact) or {@code VENUE} (was at a venue at the same time)
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
 */
public record Evidence(String kind, long throughPersonId, Long venueId, String venueName, String crowdClass, Double lon,
		Double lat, Instant exposedFrom, Instant exposedTo, Instant from, Instant to, Long overlapMinutes) {

	/**
	 * Living together.
	 * @param throughPersonId the case's or close contact's person
	 * @return the evidence
	 */
	public static Evidence household(long throughPersonId) {
		return new Evidence("HOUSEHOLD", throughPersonId, null, null, null, null, null, null, null, null, null, null);
	}

}
