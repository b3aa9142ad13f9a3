package org.epigrid.codes;

import java.time.Instant;
import java.util.List;

/**
 * A person's health code as it stands.
 *
 * @param personId the person
 * @param colour the colour
 * @param star whether the 14-day travel record has a risk city (行程带星)
 * @param reasons why, one per rule that applies (empty for a plain green code)
 * @param protocolVersion the protocol version that gave this status
 * @param since when it took this value ({@code null} for a person the platform has no
 * facts about)
 * @param negativeTestAt when the latest negative sample was taken ({@code null} if none
 * is known), for venues that ask for a recent negative test
 */
public record CodeStatus(long personId, Colour colour, boolean star, List<Reason> reasons, int protocolVersion,
		Instant since, Instant negativeTestAt) {

	/**
	 * Copies the reasons.
	 * @param personId person
	 * @param colour colour
	 * @param star star
	 * @param reasons reasons
	 * @param protocolVersion version
	 * @param since since
	 * @param negativeTestAt latest negative test
	 */
	public CodeStatus {
		reasons = List.copyOf(reasons);
	}

}
