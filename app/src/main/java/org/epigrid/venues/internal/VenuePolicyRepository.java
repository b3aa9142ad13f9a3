package org.epigrid.venues.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import org.epigrid.codes.Colour;
import org.epigrid.venues.CrowdClass;
import org.epigrid.venues.VenuePolicyManagement.Policy;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The entry policies by crowd class ({@code venue_policy}): one row per class.
 */
@Repository
public class VenuePolicyRepository {

	private final JdbcClient jdbc;

	VenuePolicyRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Every class's policy.
	 * @return one per crowd class
	 */
	public Map<CrowdClass, Policy> all() {
		Map<CrowdClass, Policy> policies = new EnumMap<>(CrowdClass.class);
		this.jdbc.sql("""
				SELECT crowd_class, max_colour, star_allowed, negative_test_hours, changed_at, changed_by
				FROM venue_policy
				""").query(rs -> {
			CrowdClass crowdClass = CrowdClass.valueOf(rs.getString(1));
			policies.put(crowdClass, new Policy(crowdClass, Colour.ofRank(rs.getInt(2)), rs.getBoolean(3),
					(Integer) rs.getObject(4), rs.getTimestamp(5).toInstant(), rs.getString(6)));
		});
		return policies;
	}

	/**
	 * Changes a class's policy.
	 * @param crowdClass the class
	 * @param maxColour the highest colour let in
	 * @param starAllowed whether a travel star is let in
	 * @param negativeTestHours how recent a negative test must be, {@code null} if none
	 * @param at when
	 * @param by who
	 */
	public void change(CrowdClass crowdClass, Colour maxColour, boolean starAllowed, Integer negativeTestHours,
			Instant at, String by) {
		this.jdbc.sql("""
				UPDATE venue_policy SET max_colour = :colour, star_allowed = :star, negative_test_hours = :hours,
				       changed_at = :at, changed_by = :by
				WHERE crowd_class = :class
				""")
			.param("colour", maxColour.ordinal())
			.param("star", starAllowed)
			.param("hours", negativeTestHours)
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("class", crowdClass.name())
			.update();
	}

}
