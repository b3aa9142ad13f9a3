package org.epigrid.datahub;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The result of an inbound screening: the persons found, ordered by grid (persons without
 * a grid last), then status and name, and how many there are of each status.
 *
 * @param city the outbreak city as asked
 * @param days the look-back window in days
 * @param from the start of the window
 * @param now the moment of the screening; arrivals after it are bookings
 * @param counts number of persons per status, every status present
 * @param persons the persons found
 */
public record Screening(String city, int days, Instant from, Instant now, Map<InboundStatus, Long> counts,
		List<ScreenedPerson> persons) {
}
