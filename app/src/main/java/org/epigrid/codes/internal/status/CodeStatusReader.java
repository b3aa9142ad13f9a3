package org.epigrid.codes.internal.status;

import java.util.HashMap;
import java.util.Map;

import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads aggregates of stored statuses ({@code code_status}) within a jurisdiction,
 * filtered in SQL through the places population publishes
 * ({@code population_person_place}).
 */
@Component
public class CodeStatusReader {

	private final JdbcClient jdbc;

	CodeStatusReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * How many persons living in a jurisdiction have each colour, among persons with a
	 * stored status.
	 * @param jurisdiction the range of paths
	 * @return count per colour rank (0 green, 1 yellow, 2 red); ranks nobody has are
	 * missing
	 */
	public Map<Integer, Long> countsByColour(PathPrefix jurisdiction) {
		Map<Integer, Long> counts = new HashMap<>();
		this.jdbc.sql("""
				SELECT s.colour, count(*) FROM code_status s
				JOIN population_person_place p ON p.person_id = s.person_id
				WHERE p.path >= :lower AND p.path < :upper
				GROUP BY s.colour
				""").param("lower", jurisdiction.lower()).param("upper", jurisdiction.upper()).query(rs -> {
			counts.put(rs.getInt(1), rs.getLong(2));
		});
		return counts;
	}

}
