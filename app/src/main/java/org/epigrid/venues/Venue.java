package org.epigrid.venues;

import java.time.Instant;

/**
 * A venue (场所) in the registry: somewhere people check in by scanning its poster.
 *
 * @param id the id
 * @param gridId the grid it lies in
 * @param gridPath the grid's jurisdiction path
 * @param name its name
 * @param type what kind of place (e.g. {@code SUPERMARKET})
 * @param address its address
 * @param lon longitude (WGS-84)
 * @param lat latitude
 * @param capacity how many people it holds
 * @param crowdClass its crowd class, which decides its policy
 * @param codeSerial the serial of its current poster (older posters are void)
 * @param closedAt when it was closed, {@code null} while open
 */
public record Venue(long id, long gridId, String gridPath, String name, String type, String address, double lon,
		double lat, int capacity, CrowdClass crowdClass, int codeSerial, Instant closedAt) {
}
