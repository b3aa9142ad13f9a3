package org.epigrid.tracing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;

import org.epigrid.tracing.TrajectoryEntry;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The places and journeys investigators record for cases
 * ({@code tracing_trajectory_entry}).
 */
@Repository
public class EntryRepository {

	private static final String COLUMNS = """
			id, case_id, kind, venue_id, address, lon, lat, from_at, to_at, number, car, seat, note, created_at, created_by""";

	private final JdbcClient jdbc;

	EntryRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records an entry.
	 * @param e the entry (its id ignored)
	 * @return its id
	 */
	public long insert(TrajectoryEntry e) {
		return this.jdbc
			.sql("""
					INSERT INTO tracing_trajectory_entry (case_id, kind, venue_id, address, lon, lat, from_at, to_at, number, car,
					                                      seat, note, created_at, created_by)
					VALUES (:case, :kind, :venue, :address, :lon, :lat, :from, :to, :number, :car, :seat, :note, :at, :by)
					RETURNING id""")
			.params(params(e))
			.query(Long.class)
			.single();
	}

	/**
	 * Replaces an entry's content (who recorded it becomes who corrected it).
	 * @param e the entry as it should be
	 * @return its id
	 */
	public long update(TrajectoryEntry e) {
		this.jdbc.sql("""
				UPDATE tracing_trajectory_entry
				   SET kind = :kind, venue_id = :venue, address = :address, lon = :lon, lat = :lat, from_at = :from,
				       to_at = :to, number = :number, car = :car, seat = :seat, note = :note, created_at = :at,
				       created_by = :by
				 WHERE id = :id AND case_id = :case""").param("id", e.id()).params(params(e)).update();
		return e.id();
	}

	/** An entry's columns as named parameters, for inserting and correcting alike. */
	private static java.util.Map<String, Object> params(TrajectoryEntry e) {
		java.util.Map<String, Object> p = new java.util.HashMap<>();
		p.put("case", e.caseId());
		p.put("kind", e.kind());
		p.put("venue", e.venueId());
		p.put("address", e.address());
		p.put("lon", e.lon());
		p.put("lat", e.lat());
		p.put("from", Timestamp.from(e.from()));
		p.put("to", Timestamp.from(e.to()));
		p.put("number", e.number());
		p.put("car", e.car());
		p.put("seat", e.seat());
		p.put("note", e.note());
		p.put("at", Timestamp.from(e.createdAt()));
		p.put("by", e.createdBy());
		return p;
	}

	/**
	 * Removes an entry of a case.
	 * @param caseId the case
	 * @param id the entry
	 * @return whether there was one
	 */
	public boolean delete(long caseId, long id) {
		return this.jdbc.sql("DELETE FROM tracing_trajectory_entry WHERE id = :id AND case_id = :case")
			.param("id", id)
			.param("case", caseId)
			.update() == 1;
	}

	/**
	 * The entries of cases, by case and time.
	 * @param caseIds the cases
	 * @return the entries
	 */
	public List<TrajectoryEntry> ofCases(Collection<Long> caseIds) {
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM tracing_trajectory_entry WHERE case_id = ANY(CAST(:ids AS bigint[])) ORDER BY case_id, from_at, id")
			.param("ids", caseIds.stream().distinct().toArray(Long[]::new))
			.query((rs, i) -> entry(rs))
			.list();
	}

	private static TrajectoryEntry entry(ResultSet rs) throws SQLException {
		return new TrajectoryEntry(rs.getLong("id"), rs.getLong("case_id"), rs.getString("kind"),
				rs.getObject("venue_id", Long.class), rs.getString("address"), rs.getObject("lon", Double.class),
				rs.getObject("lat", Double.class), rs.getTimestamp("from_at").toInstant(),
				rs.getTimestamp("to_at").toInstant(), rs.getString("number"), rs.getString("car"), rs.getString("seat"),
				rs.getString("note"), rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
	}

}
