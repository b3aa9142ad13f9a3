package org.epigrid.codes;

import java.util.List;

/**
 * A verdict: nothing personal but a masked name.
 *
 * @param result what was found
 * @param star the travel star
 * @param maskedName the masked name, {@code null} when the code was not genuine
 * @param decision allow or deny
 * @param reasons why
 */
public record Verdict(Result result, boolean star, String maskedName, Decision decision, List<Reason> reasons) {

	static Verdict refused(Result result, Reason reason) {
		return new Verdict(result, false, null, Decision.DENY, List.of(reason));
	}

}
