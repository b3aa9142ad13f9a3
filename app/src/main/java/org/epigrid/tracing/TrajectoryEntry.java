package org.epigrid.tracing;

import java.time.Instant;

/**
 * A place or journey an investigator recorded for a case (E2).
 *
 * @param id the entry
 * @param caseId the case
 * @param kind {@code PLACE}, {@code FLIGHT}, {@code TRAIN}, {@code BUS} or {@code TAXI}
 * @param venueId for a place, the venue if it is one, may be {@code null}
 * @param address for a place, where (at most 300 characters), may be {@code null}
 * @param lon its longitude, may be {@code null}
 * @param lat its latitude, may be {@code null}
 * @param from when it began (for a journey, departure)
 * @param to when it ended (arrival)
 * @param number the flight or train number, the coach line or the taxi plate
 * @param car the train car, may be {@code null}
 * @param seat the seat (12C, 05车12F), may be {@code null}
 * @param note a note, may be {@code null}
 * @param createdAt when recorded
 * @param createdBy by whom
 */
public record TrajectoryEntry(long id, long caseId, String kind, Long venueId, String address, Double lon, Double lat,
		Instant from, Instant to, String number, String car, String seat, String note, Instant createdAt,
		String createdBy) {
}
