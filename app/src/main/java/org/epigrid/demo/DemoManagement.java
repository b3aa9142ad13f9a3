package org.epigrid.demo;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * What the demo town holds beyond the population tables: whether and when it was loaded,
 * its venues and its candidate sampling sites.
 */
@Service
public class DemoManagement {

	private final JdbcClient jdbc;

	DemoManagement(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The load of the demo town into this database.
	 * @return the load, empty if the demo town was never loaded
	 */
	public Optional<DemoLoad> loaded() {
		return this.jdbc.sql("""
				SELECT seed, loaded_at, grids, households, persons, duration_ms
				FROM demo_load WHERE id = 1
				""")
			.query((rs, row) -> new DemoLoad(rs.getLong("seed"),
					rs.getObject("loaded_at", OffsetDateTime.class).toInstant(), rs.getInt("grids"),
					rs.getInt("households"), rs.getInt("persons"), Duration.ofMillis(rs.getLong("duration_ms"))))
			.optional();
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

}
