package org.epigrid.demo;

/**
 * A place in the demo town where a sampling site could be set up (a square, a school
 * yard, a community centre), for site planning.
 *
 * @param id the candidate id
 * @param gridId the division id of the grid it lies in
 * @param name the name, e.g. {@code 清水村第3网格文体广场}
 * @param address the postal address
 * @param lon WGS84 longitude
 * @param lat WGS84 latitude
 * @param capacityPerHour how many samples an hour it could take
 */
public record SamplingSiteCandidate(long id, long gridId, String name, String address, double lon, double lat,
		int capacityPerHour) {
}
