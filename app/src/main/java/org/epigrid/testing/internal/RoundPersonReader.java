package org.epigrid.testing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.function.Consumer;

import org.epigrid.shared.PathPrefix;
import org.epigrid.testing.RoundList;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What a round's persons stand at: counts per grid, and the lists of a grid — untested
 * (应检未检), recalled for a single-tube retest, to resample, positive. Every list is read
 * through the partial indexes of {@code testing_round_person}, never computed by
 * subtracting samples from people; each limited to the caller's jurisdiction in SQL.
 */
@Repository
public class RoundPersonReader {

	private final JdbcClient jdbc;

	/**
	 * Reads and writes with a client (public for the benchmarks in bench/).
	 * @param jdbc the database
	 */
	public RoundPersonReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts per grid of a round, within a range of paths.
	 * @param roundId the round
	 * @param range the jurisdiction (or the division drilled into)
	 * @return one row per grid ({@code gridId} {@code null} for persons in no grid)
	 */
	public List<GridCounts> counts(long roundId, PathPrefix range) {
		// negatives in a grid: those moved (outside grids, before the counter) and the
		// grid's
		// counter; for a range inside a grid, the counter (the whole grid's) is not the
		// range's,
		// so those few are counted through their tubes
		return this.jdbc
			.sql("""
					WITH persons AS (
					  SELECT grid_id,
					         count(*) FILTER (WHERE required AND exemption IS NULL) AS required,
					         count(*) FILTER (WHERE required AND exemption IS NULL AND state <> 'PENDING') AS sampled,
					         count(*) FILTER (WHERE exemption IS NOT NULL) AS exempted,
					         count(*) FILTER (WHERE NOT required) AS extra,
					         count(*) FILTER (WHERE door_to_door AND state = 'PENDING' AND required AND exemption IS NULL)
					           AS door_to_door,
					         count(*) FILTER (WHERE state = 'NEGATIVE') AS moved_negative,
					         count(*) FILTER (WHERE state = 'RECALL') AS recall,
					         count(*) FILTER (WHERE state = 'RESAMPLE') AS resample,
					         count(*) FILTER (WHERE state = 'POSITIVE') AS positive
					  FROM testing_round_person
					  WHERE round_id = :round AND path >= :lo AND path < :hi
					  GROUP BY grid_id
					)
					SELECT p.*, p.moved_negative + CASE
					         WHEN p.grid_id IS NULL THEN 0
					         WHEN g.path >= :lo AND g.path < :hi THEN coalesce(c.negative, 0)
					         ELSE (SELECT count(*) FROM testing_round_person r
					               JOIN testing_sample s
					                 ON s.person_id = r.person_id AND s.sampled_at = r.sampled_at AND s.round_id = r.round_id
					               JOIN testing_tube t ON t.id = s.tube_id
					               WHERE r.round_id = :round AND r.grid_id = p.grid_id AND r.state = 'SAMPLED'
					                 AND t.outcome = 'NEGATIVE' AND r.path >= :lo AND r.path < :hi) END AS negative
					FROM persons p
					LEFT JOIN (SELECT grid_id, CAST(sum(negative) AS bigint) AS negative FROM testing_round_grid_negative
					           WHERE round_id = :round GROUP BY grid_id) c ON c.grid_id = p.grid_id
					LEFT JOIN population_division_place g ON g.id = p.grid_id""")
			.param("round", roundId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, n) -> new GridCounts((Long) rs.getObject("grid_id"), rs.getLong("required"),
					rs.getLong("sampled"), rs.getLong("exempted"), rs.getLong("extra"), rs.getLong("door_to_door"),
					rs.getLong("negative"), rs.getLong("recall"), rs.getLong("resample"), rs.getLong("positive")))
			.list();
	}

	/**
	 * A list of a round's persons in a grid (or every grid), by address and name.
	 * @param roundId the round
	 * @param list which list
	 * @param gridId the grid, or {@code null} for all
	 * @param range the caller's jurisdiction
	 * @param limit at most
	 * @param offset from
	 * @return the persons, unmasked (the caller masks)
	 */
	public List<Listed> list(long roundId, RoundList list, Long gridId, PathPrefix range, int limit, long offset) {
		return this.jdbc
			.sql(select(list) + " ORDER BY r.grid_id, p.address, p.name, r.person_id LIMIT :limit OFFSET :offset")
			.param("round", roundId)
			.param("grid", gridId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("limit", limit)
			.param("offset", offset)
			.query(this::listed)
			.list();
	}

	/**
	 * Streams a whole list (for the Excel export), by grid, address and name.
	 * @param roundId the round
	 * @param list which list
	 * @param gridId the grid, or {@code null} for all
	 * @param range the caller's jurisdiction
	 * @param each receives each person
	 */
	public void each(long roundId, RoundList list, Long gridId, PathPrefix range, Consumer<Listed> each) {
		try (java.util.stream.Stream<Listed> rows = this.jdbc
			.sql(select(list) + " ORDER BY r.grid_id, p.address, p.name, r.person_id")
			.param("round", roundId)
			.param("grid", gridId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.withFetchSize(2_000)
			.query(this::listed)
			.stream()) {
			// closed: outside a transaction the stream holds its connection until then
			rows.forEach(each);
		}
	}

	/**
	 * The untested of a round, streamed in one pass over the partial index and handed on
	 * in chunks (for the deadline's report).
	 * @param roundId the round
	 * @param chunk persons a chunk
	 * @param each receives each chunk, in grid and person order
	 * @return persons streamed
	 */
	public long untested(long roundId, int chunk, Consumer<List<Long>> each) {
		List<Long> ids = new java.util.ArrayList<>(chunk);
		long[] count = { 0 };
		try (java.util.stream.Stream<Long> rows = this.jdbc.sql("""
				SELECT person_id FROM testing_round_person
				WHERE round_id = :round AND state = 'PENDING' AND required AND exemption IS NULL
				ORDER BY grid_id, person_id""")
			.param("round", roundId)
			.withFetchSize(chunk)
			.query((rs, n) -> rs.getLong(1))
			.stream()) {
			rows.forEach(id -> {
				ids.add(id);
				count[0]++;
				if (ids.size() == chunk) {
					each.accept(List.copyOf(ids));
					ids.clear();
				}
			});
		}
		if (!ids.isEmpty()) {
			each.accept(List.copyOf(ids));
		}
		return count[0];
	}

	/**
	 * The paths of grids.
	 * @param gridIds the grids
	 * @return path by id
	 */
	public java.util.Map<Long, String> gridPaths(List<Long> gridIds) {
		java.util.Map<Long, String> paths = new java.util.HashMap<>();
		this.jdbc.sql("SELECT id, path FROM population_division_place WHERE id = ANY(CAST(:ids AS bigint[]))")
			.param("ids", gridIds.toArray(Long[]::new))
			.query((rs, n) -> paths.put(rs.getLong("id"), rs.getString("path")))
			.list();
		return paths;
	}

	private static String select(RoundList list) {
		String where = switch (list) {
			case UNTESTED -> "r.state = 'PENDING' AND r.required AND r.exemption IS NULL";
			case RECALL -> "r.state = 'RECALL'";
			case RESAMPLE -> "r.state = 'RESAMPLE'";
			case POSITIVE -> "r.state = 'POSITIVE'";
			case EXEMPTED -> "r.exemption IS NOT NULL";
		};
		return """
				SELECT r.person_id, r.grid_id, r.door_to_door,
				       CASE WHEN r.state = 'SAMPLED' AND EXISTS (
				              SELECT 1 FROM testing_sample s JOIN testing_tube t ON t.id = s.tube_id
				              WHERE s.person_id = r.person_id AND s.sampled_at = r.sampled_at AND s.round_id = r.round_id
				                AND t.outcome = 'NEGATIVE') THEN 'NEGATIVE' ELSE r.state END AS state,
				       r.exemption, r.exemption_note, r.sampled_at, p.name, p.document_number, p.phone, p.address
				FROM testing_round_person r
				JOIN population_person_profile p ON p.person_id = r.person_id
				WHERE r.round_id = :round AND %s AND (CAST(:grid AS bigint) IS NULL OR r.grid_id = :grid)
				  AND r.path >= :lo AND r.path < :hi"""
			.formatted(where);
	}

	private Listed listed(ResultSet rs, int row) throws SQLException {
		Timestamp sampled = rs.getTimestamp("sampled_at");
		return new Listed(rs.getLong("person_id"), (Long) rs.getObject("grid_id"), rs.getString("name"),
				rs.getString("document_number"), rs.getString("phone"), rs.getString("address"),
				rs.getBoolean("door_to_door"), rs.getString("state"), rs.getString("exemption"),
				rs.getString("exemption_note"), (sampled == null) ? null : sampled.toInstant());
	}

	/**
	 * A grid's counts.
	 *
	 * @param gridId the grid
	 * @param required due and not exempted
	 * @param sampled of those, sampled
	 * @param exempted exempted
	 * @param extra sampled though not due (visitors)
	 * @param doorToDoor due, not yet sampled, for the door-to-door team
	 * @param negative negative
	 * @param recall recalled
	 * @param resample to resample
	 * @param positive positive
	 */
	public record GridCounts(Long gridId, long required, long sampled, long exempted, long extra, long doorToDoor,
			long negative, long recall, long resample, long positive) {
	}

	/**
	 * A person of a list, unmasked.
	 *
	 * @param personId the person
	 * @param gridId their grid
	 * @param name name
	 * @param idNumber document number
	 * @param phone phone
	 * @param address address
	 * @param doorToDoor for the door-to-door team
	 * @param state where they stand
	 * @param exemption the exemption, if any
	 * @param exemptionNote its evidence
	 * @param sampledAt when sampled, if
	 */
	public record Listed(long personId, Long gridId, String name, String idNumber, String phone, String address,
			boolean doorToDoor, String state, String exemption, String exemptionNote, java.time.Instant sampledAt) {
	}

}
