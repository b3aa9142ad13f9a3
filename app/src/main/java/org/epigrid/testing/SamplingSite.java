package org.epigrid.testing;

import java.time.Instant;

/**
 * A sampling site with its latest report.
 *
 * @param id the id
 * @param code the uniform code: the division's code, a dash and a sequence number
 * @param name the name
 * @param kind the kind
 * @param divisionId the grid (or division) it belongs to
 * @param address the postal address
 * @param lon WGS-84 longitude, {@code null} if unknown
 * @param lat WGS-84 latitude, {@code null} if unknown
 * @param openingHours e.g. {@code 08:00-12:00, 14:00-20:00}
 * @param stations sampling stations (操作台)
 * @param capacityPerHour samples an hour it can take
 * @param phone the site's phone, may be {@code null}
 * @param status the latest status
 * @param queueLength persons waiting, as last reported
 * @param statusAt when last reported, {@code null} if never
 * @param waitMinutes estimated waiting time in minutes, {@code null} when not sampling
 */
public record SamplingSite(long id, String code, String name, SiteKind kind, long divisionId, String address,
		Double lon, Double lat, String openingHours, int stations, int capacityPerHour, String phone, SiteStatus status,
		int queueLength, Instant statusAt, Integer waitMinutes) {

	/**
	 * Whether the site is crowded: BUSY, or more waiting than it samples in an hour.
	 * @return {@code true} if crowded
	 */
	public boolean crowded() {
		return this.status == SiteStatus.BUSY || (this.status.sampling() && this.queueLength > this.capacityPerHour);
	}

}
