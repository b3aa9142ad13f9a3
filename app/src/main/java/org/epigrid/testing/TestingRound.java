package org.epigrid.testing;

import java.time.Instant;
import java.util.List;

/**
 * A mass-testing round (D4).
 *
 * @param id the id
 * @param name e.g. {@code 第3轮全员核酸检测}
 * @param startsAt when sampling starts
 * @param endsAt the deadline: whoever is due and not sampled by then missed it
 * @param population whom it is for
 * @param keyTags special-population tags of the key groups
 * ({@link RoundPopulation#KEY_GROUPS})
 * @param keyWorkplaces words of workplaces of the key groups (e.g. {@code 快递},
 * {@code 医院})
 * @param pooling persons in one tube: 1, 5, 10 or 20
 * @param exemptPositiveDays persons positive within this many days are exempted (0: none)
 * @param divisionIds the divisions and grids it covers
 * @param required persons found due when it started (exemptions at the start not counted;
 * the progress counts those due now)
 * @param createdBy who started it
 * @param createdAt when
 * @param missedAt when the untested were reported as having missed it, {@code null}
 * before the deadline
 */
public record TestingRound(long id, String name, Instant startsAt, Instant endsAt, RoundPopulation population,
		List<String> keyTags, List<String> keyWorkplaces, int pooling, int exemptPositiveDays, List<Long> divisionIds,
		long required, String createdBy, Instant createdAt, Instant missedAt) {

	/**
	 * Where it stands at an instant.
	 * @param now the instant
	 * @return {@code PLANNED}, {@code RUNNING} or {@code FINISHED}
	 */
	public String stage(Instant now) {
		if (now.isBefore(this.startsAt)) {
			return "PLANNED";
		}
		return now.isBefore(this.endsAt) ? "RUNNING" : "FINISHED";
	}

}
