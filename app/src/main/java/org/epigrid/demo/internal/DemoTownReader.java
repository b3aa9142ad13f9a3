package org.epigrid.demo.internal;

import java.util.List;
import java.util.Optional;

import org.epigrid.demo.DemoVenue;
import org.epigrid.demo.SamplingSiteCandidate;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads what the demo town wrote: its venues and candidate sampling sites, and the places
 * and phones its demo accounts are made for.
 */
@Repository
public class DemoTownReader {

	private final JdbcClient jdbc;

	DemoTownReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The venues of the demo town.
	 * @return all venues in id order, empty if the demo town was not loaded
	 */
	public List<DemoVenue> venues() {
		return this.jdbc.sql("""
				SELECT id, grid_id, name, venue_type, address, lon, lat, capacity, crowd_class
				FROM venue ORDER BY id
				""")
			.query((rs, row) -> new DemoVenue(rs.getLong("id"), rs.getLong("grid_id"), rs.getString("name"),
					rs.getString("venue_type"), rs.getString("address"), rs.getDouble("lon"), rs.getDouble("lat"),
					rs.getInt("capacity"), rs.getString("crowd_class")))
			.list();
	}

	/**
	 * The candidate sampling-site locations of the demo town.
	 * @return all candidates in id order, empty if the demo town was not loaded
	 */
	public List<SamplingSiteCandidate> samplingSiteCandidates() {
		return this.jdbc.sql("""
				SELECT id, grid_id, name, address, lon, lat, capacity_per_hour
				FROM demo_sampling_site_candidate ORDER BY id
				""")
			.query((rs, row) -> new SamplingSiteCandidate(rs.getLong("id"), rs.getLong("grid_id"), rs.getString("name"),
					rs.getString("address"), rs.getDouble("lon"), rs.getDouble("lat"), rs.getInt("capacity_per_hour")))
			.list();
	}

	/** The first division of a level, by path. */
	String firstDivisionPath(String level) {
		return this.jdbc.sql("SELECT path FROM division WHERE level = :level ORDER BY path LIMIT 1")
			.param("level", level)
			.query(String.class)
			.single();
	}

	/** The phone most persons under a path share (a family's), if any. */
	Optional<String> sharedPhoneUnder(String path) {
		return this.jdbc.sql("""
				SELECT phone FROM person WHERE phone LIKE '1%' AND path LIKE :grid
				GROUP BY phone ORDER BY count(*) DESC, phone LIMIT 1
				""").param("grid", path + "%").query(String.class).optional();
	}

	/**
	 * The persons of the demo town with their grid and workplace, for their history.
	 * @return every person not merged away, in id order
	 */
	public List<Resident> residents() {
		return this.jdbc.sql("""
				SELECT p.id, g.id, p.workplace, p.household_id FROM person p
				JOIN division g ON g.level = 'GRID' AND starts_with(p.path, g.path)
				WHERE p.merged_into IS NULL ORDER BY p.id""")
			.query((rs, row) -> new Resident(rs.getLong(1), rs.getLong(2), rs.getString(3),
					(rs.getObject(4) == null) ? null : rs.getLong(4)))
			.list();
	}

	/**
	 * A person of the demo town.
	 *
	 * @param personId the person
	 * @param gridId their grid
	 * @param workplace the name of where they work, may be {@code null}
	 * @param householdId their household, may be {@code null}
	 */
	public record Resident(long personId, long gridId, String workplace, Long householdId) {
	}

}
