package org.epigrid.venues.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.epigrid.venues.CrowdClass;
import org.epigrid.venues.Venue;
import org.epigrid.venues.VenueManagement.KnownVenue;
import org.epigrid.venues.VenueManagement.NewVenue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The venue registry ({@code venue}), each venue with its grid's path read from the view
 * population publishes ({@code population_division_place}).
 */
@Repository
public class VenueRepository {

	private static final String SELECT = """
			SELECT v.id, v.grid_id, d.path AS grid_path, v.name, v.venue_type, v.address, v.lon, v.lat, v.capacity,
			       v.crowd_class, v.code_serial, v.closed_at
			FROM venue v JOIN population_division_place d ON d.id = v.grid_id""";

	private final JdbcClient jdbc;

	VenueRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Venues whose grid lies in a range of paths, by name.
	 * @param lo the range's lower end (inclusive)
	 * @param hi its upper end (exclusive)
	 * @param like a {@code LIKE} pattern on name or address, {@code null} for all
	 * @param limit how many
	 * @param offset how many to skip
	 * @return the venues
	 */
	public List<Venue> list(String lo, String hi, String like, int limit, long offset) {
		return this.jdbc
			.sql(SELECT + " WHERE d.path >= :lo AND d.path < :hi"
					+ " AND (CAST(:q AS TEXT) IS NULL OR v.name LIKE :q OR v.address LIKE :q)"
					+ " ORDER BY v.name, v.id LIMIT :limit OFFSET :offset")
			.param("lo", lo)
			.param("hi", hi)
			.param("q", like)
			.param("limit", limit)
			.param("offset", offset)
			.query((rs, i) -> venue(rs))
			.list();
	}

	/**
	 * A venue.
	 * @param id the venue
	 * @return the venue, {@code null} if there is none
	 */
	public Venue find(long id) {
		return this.jdbc.sql(SELECT + " WHERE v.id = :id")
			.param("id", id)
			.query((rs, i) -> venue(rs))
			.optional()
			.orElse(null);
	}

	/**
	 * Stores a new venue (checked by the caller).
	 * @param venue the venue
	 * @param at when
	 * @return its id
	 */
	public long insert(NewVenue venue, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO venue (grid_id, name, venue_type, address, lon, lat, capacity, crowd_class, created_at)
				VALUES (:grid, :name, :type, :address, :lon, :lat, :capacity, :class, :at) RETURNING id
				""")
			.param("grid", venue.gridId())
			.param("name", venue.name().strip())
			.param("type", venue.type().strip())
			.param("address", venue.address().strip())
			.param("lon", venue.lon())
			.param("lat", venue.lat())
			.param("capacity", venue.capacity())
			.param("class", venue.crowdClass().name())
			.param("at", Timestamp.from(at))
			.query(Long.class)
			.single();
	}

	/**
	 * Stores venues that come with their ids (a bulk load), in one statement, and moves
	 * the id sequence past them.
	 * @param venues the venues
	 * @param at when they are registered
	 */
	public void insertAll(List<KnownVenue> venues, Instant at) {
		int n = venues.size();
		long[] ids = new long[n];
		long[] grids = new long[n];
		String[] names = new String[n];
		String[] types = new String[n];
		String[] addresses = new String[n];
		double[] lons = new double[n];
		double[] lats = new double[n];
		int[] capacities = new int[n];
		String[] classes = new String[n];
		for (int i = 0; i < n; i++) {
			KnownVenue venue = venues.get(i);
			ids[i] = venue.id();
			grids[i] = venue.gridId();
			names[i] = venue.name();
			types[i] = venue.type();
			addresses[i] = venue.address();
			lons[i] = venue.lon();
			lats[i] = venue.lat();
			capacities[i] = venue.capacity();
			classes[i] = venue.crowdClass().name();
		}
		this.jdbc.sql("""
				INSERT INTO venue (id, grid_id, name, venue_type, address, lon, lat, capacity, crowd_class, created_at)
				SELECT v.*, :at FROM unnest(CAST(:ids AS BIGINT[]), CAST(:grids AS BIGINT[]), CAST(:names AS TEXT[]),
				       CAST(:types AS TEXT[]), CAST(:addresses AS TEXT[]), CAST(:lons AS FLOAT8[]),
				       CAST(:lats AS FLOAT8[]), CAST(:capacities AS INT[]), CAST(:classes AS TEXT[])) AS v
				""")
			.param("ids", ids)
			.param("grids", grids)
			.param("names", names)
			.param("types", types)
			.param("addresses", addresses)
			.param("lons", lons)
			.param("lats", lats)
			.param("capacities", capacities)
			.param("classes", classes)
			.param("at", Timestamp.from(at))
			.update();
		this.jdbc
			.sql("SELECT setval(pg_get_serial_sequence('venue', 'id'), COALESCE(max(id), 0) + 1, false) FROM venue")
			.query()
			.listOfRows();
	}

	/**
	 * A new poster serial: every poster printed before stops working.
	 * @param id the venue
	 */
	public void renewSerial(long id) {
		this.jdbc.sql("UPDATE venue SET code_serial = code_serial + 1 WHERE id = :id").param("id", id).update();
	}

	private static Venue venue(ResultSet rs) throws SQLException {
		Timestamp closed = rs.getTimestamp("closed_at");
		return new Venue(rs.getLong("id"), rs.getLong("grid_id"), rs.getString("grid_path"), rs.getString("name"),
				rs.getString("venue_type"), rs.getString("address"), rs.getDouble("lon"), rs.getDouble("lat"),
				rs.getInt("capacity"), CrowdClass.valueOf(rs.getString("crowd_class")), rs.getInt("code_serial"),
				(closed == null) ? null : closed.toInstant());
	}

}
