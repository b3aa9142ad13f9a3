package org.epigrid.datahub;

import java.time.Instant;
import java.util.List;

/**
 * One person found by an inbound screening. Identifiers are masked unless said otherwise.
 *
 * @param personId the linked person, {@code null} if the records link to nobody (or to
 * somebody outside the caller's jurisdiction)
 * @param name the name as the latest record gives it, {@code null} for an
 * {@link InboundStatus#UNKNOWN} person nobody recorded
 * @param idNumber the masked ID number, may be {@code null}
 * @param phone the phone, masked unless the result is for calling (see
 * {@link InboundScreening#screenForCalls}), may be {@code null}
 * @param status where the person stands
 * @param latestArrival the latest arrival that decides the status (a future one for
 * {@link InboundStatus#ABOUT_TO_RETURN}), {@code null} if none
 * @param origin where they came from, or for {@link InboundStatus#STILL_AWAY} where they
 * are said to be; may be {@code null}
 * @param destination where they went or live here, may be {@code null}
 * @param gridName the grid of the linked person, {@code null} if none
 * @param gridPath the path of that grid, {@code null} if none
 * @param evidence the records behind the status, oldest first
 */
public record ScreenedPerson(Long personId, String name, String idNumber, String phone, InboundStatus status,
		Instant latestArrival, String origin, String destination, String gridName, String gridPath,
		List<Evidence> evidence) {

	/**
	 * A source record behind a status.
	 *
	 * @param recordId the source record
	 * @param source the code of its data source, e.g. {@code rail-arrivals}
	 * @param category its category
	 * @param occurredAt its arrival or exposure time, may be {@code null}
	 */
	public record Evidence(long recordId, String source, DataCategory category, Instant occurredAt) {
	}

}
