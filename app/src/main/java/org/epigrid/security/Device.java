package org.epigrid.security;

/**
 * A gate, venue scanner, compound checkpoint or testing lab calling the API with its own
 * token. It may verify codes and record passes, and read its own counts; a lab delivers
 * test results; the 120 dispatch system reports transfers: nothing personal.
 *
 * @param tokenId the id of its token
 * @param kind what it is
 * @param ref the venue or checkpoint it belongs to, {@code null} for a free-standing gate
 * @param label its name, e.g. {@code 地铁1号线人民广场站B口闸机}
 * @param lon where it stands (WGS-84 longitude), {@code null} if unknown
 * @param lat where it stands (latitude), {@code null} if unknown
 */
public record Device(long tokenId, Kind kind, Long ref, String label, Double lon, Double lat) {

	/** Kinds of device. */
	public enum Kind {

		/** A gate at a station, hospital or office (验码闸机). */
		GATE,
		/** A venue's scanner or staff phone (场所码核验). */
		VENUE,
		/** A compound entrance (小区卡口). */
		CHECKPOINT,
		/** A testing lab's system delivering results (检测机构). */
		LAB,
		/** The 120 ambulance dispatch system reporting transfers of cases (120 调度). */
		DISPATCH

	}

}
