package org.epigrid.venues.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.epigrid.venues.CrowdClass;
import org.epigrid.venues.PresenceManagement.CoPresence;
import org.epigrid.venues.PresenceManagement.Exposure;
import org.epigrid.venues.PresenceManagement.Place;
import org.epigrid.venues.PresenceManagement.Visit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads stays at venues from the check-ins: a check-in and its venue type's dwell. Each
 * query reaches the check-ins by person ({@code check_in_person_idx}) and then by venue
 * and time ({@code check_in_venue_idx}), only in the day partitions the windows touch.
 */
@Repository
public class PresenceReader {

	/** The dwell of each venue type as a table {@code d(venue_type, secs)}. */
	private static final String DWELL = """
			d AS (SELECT * FROM unnest(CAST(:types AS text[]), CAST(:secs AS int[])) AS d(venue_type, secs))""";

	/**
	 * A venue {@code v}'s dwell as {@code w.dwell}: joined (a scalar subquery here would
	 * keep the stays' bounds out of the index conditions and the partition pruning).
	 */
	private static final String DWELL_OF_V = """
			LEFT JOIN d ON d.venue_type = v.venue_type
			CROSS JOIN LATERAL (SELECT make_interval(secs => COALESCE(d.secs, :defaultSecs)) AS dwell) w""";

	private final JdbcClient jdbc;

	private final VenuesProperties settings;

	PresenceReader(JdbcClient jdbc, VenuesProperties settings) {
		this.jdbc = jdbc;
		this.settings = settings;
	}

	/**
	 * Who shared a venue with the exposed persons, each in their window.
	 * @param exposures the persons and windows
	 * @param minOverlap the least overlap
	 * @return a row per pair of overlapping stays
	 */
	public List<CoPresence> coPresent(List<Exposure> exposures, Duration minOverlap) {
		if (exposures.isEmpty()) {
			return List.of();
		}
		// the exposed stays first (materialised: their bounds become the parameters of
		// the index scans and of the run-time partition pruning below), then a stay of
		// dwell D beginning at o overlaps the exposed stay [sf, st] by at least
		// m exactly when sf + m - D <= o <= st - m (and both are m long): a range of the
		// venue's check-ins in time, read from the (venue, time) index
		return this.jdbc
			.sql("""
					WITH e AS (
					  SELECT * FROM unnest(CAST(:keys AS bigint[]), CAST(:persons AS bigint[]), CAST(:froms AS timestamptz[]),
					                       CAST(:tos AS timestamptz[])) AS e(key, person_id, from_at, to_at)
					), %s,
					own AS MATERIALIZED (
					  SELECT e.key, e.person_id, v.id AS venue_id, v.name, v.venue_type, v.crowd_class, v.address, v.lon, v.lat,
					         w.dwell, greatest(c.checked_at, e.from_at) AS s_from, least(c.checked_at + w.dwell, e.to_at) AS s_to
					  FROM e
					  JOIN check_in c ON c.person_id = e.person_id AND c.checked_at > e.from_at - CAST(:maxDwell AS interval)
					                 AND c.checked_at < e.to_at
					  JOIN venue v ON v.id = c.venue_id
					  %s
					  WHERE c.checked_at + w.dwell > e.from_at
					)
					SELECT own.key, o.person_id, own.venue_id, own.name, own.venue_type, own.crowd_class, own.address, own.lon,
					       own.lat, own.s_from, own.s_to, o.checked_at, o.checked_at + own.dwell,
					       CAST(extract(epoch FROM least(own.s_to, o.checked_at + own.dwell) - greatest(own.s_from, o.checked_at))
					            AS bigint)
					FROM own
					JOIN LATERAL (
					  SELECT c2.person_id, c2.checked_at FROM check_in c2
					  WHERE c2.venue_id = own.venue_id
					    AND c2.checked_at >= own.s_from + CAST(:minOverlap AS interval) - own.dwell
					    AND c2.checked_at <= own.s_to - CAST(:minOverlap AS interval)
					    AND c2.person_id <> own.person_id
					) o ON own.s_to - own.s_from >= CAST(:minOverlap AS interval) AND own.dwell >= CAST(:minOverlap AS interval)
					"""
				.formatted(DWELL, DWELL_OF_V))
			.param("keys", exposures.stream().map(Exposure::key).toArray(Long[]::new))
			.param("persons", exposures.stream().map(Exposure::personId).toArray(Long[]::new))
			.param("froms", exposures.stream().map(e -> Timestamp.from(e.from())).toArray(Timestamp[]::new))
			.param("tos", exposures.stream().map(e -> Timestamp.from(e.to())).toArray(Timestamp[]::new))
			.params(dwellParams())
			.param("maxDwell", VenuesProperties.MAX_DWELL.toSeconds() + " seconds")
			.param("minOverlap", minOverlap.toSeconds() + " seconds")
			// by position: a case in a market has thousands of rows
			.query((rs, i) -> new CoPresence(rs.getLong(1), rs.getLong(2), place(rs, 3), instant(rs, 10),
					instant(rs, 11), instant(rs, 12), instant(rs, 13), Duration.ofSeconds(rs.getLong(14))))
			.list();
	}

	/**
	 * The stays of persons overlapping a window, oldest first.
	 * @param personIds the persons
	 * @param from the start
	 * @param to the end
	 * @return the stays
	 */
	public List<Visit> visits(Collection<Long> personIds, Instant from, Instant to) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				WITH %s
				SELECT c.person_id, v.id, v.name, v.venue_type, v.crowd_class, v.address, v.lon, v.lat, c.checked_at,
				       c.checked_at + w.dwell
				FROM check_in c
				JOIN venue v ON v.id = c.venue_id
				%s
				WHERE c.person_id = ANY(CAST(:persons AS bigint[]))
				  AND c.checked_at > CAST(:from AS timestamptz) - CAST(:maxDwell AS interval) AND c.checked_at < :to
				  AND c.checked_at + w.dwell > :from
				ORDER BY c.checked_at, c.person_id
				""".formatted(DWELL, DWELL_OF_V))
			.param("persons", personIds.stream().distinct().toArray(Long[]::new))
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.params(dwellParams())
			.param("maxDwell", VenuesProperties.MAX_DWELL.toSeconds() + " seconds")
			.query((rs, i) -> new Visit(rs.getLong(1), place(rs, 2), instant(rs, 9), instant(rs, 10)))
			.list();
	}

	private Map<String, Object> dwellParams() {
		Map<String, Duration> byType = this.settings.checkInDwellByType();
		List<String> types = List.copyOf(byType.keySet());
		return Map.of("types", types.toArray(String[]::new), "secs",
				types.stream().map(t -> (int) byType.get(t).toSeconds()).toArray(Integer[]::new), "defaultSecs",
				(int) this.settings.checkInDwell().toSeconds());
	}

	private static Place place(ResultSet rs, int first) throws SQLException {
		return new Place(rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2),
				CrowdClass.valueOf(rs.getString(first + 3)), rs.getString(first + 4), rs.getDouble(first + 5),
				rs.getDouble(first + 6));
	}

	private static Instant instant(ResultSet rs, int column) throws SQLException {
		return rs.getTimestamp(column).toInstant();
	}

	/**
	 * The persons who checked in at venues, or passed a compound checkpoint, within a
	 * window: each person once per source with their first time.
	 * @param venueIds the venues (may be empty)
	 * @param area venues and compounds under this path range too, may be {@code null}
	 * @param from the window's start
	 * @param to its end
	 * @return the persons gathered
	 */
	public List<org.epigrid.venues.PresenceManagement.Gathered> gather(Collection<Long> venueIds,
			org.epigrid.shared.PathPrefix area, Instant from, Instant to) {
		return this.jdbc.sql("""
				WITH venues AS (
				    SELECT unnest(CAST(:venues AS bigint[])) AS id
				    UNION
				    SELECT v.id FROM venue v JOIN population_division_place d ON d.id = v.grid_id
				     WHERE CAST(:lo AS text) IS NOT NULL AND d.path >= :lo AND d.path < :hi)
				(SELECT DISTINCT ON (c.person_id) c.person_id, 'CHECK_IN' AS source, c.venue_id, c.checked_at AS at
				   FROM check_in c
				  WHERE c.venue_id IN (SELECT id FROM venues) AND c.checked_at >= :from AND c.checked_at < :to
				    AND c.person_id IS NOT NULL
				  ORDER BY c.person_id, c.checked_at)
				UNION ALL
				(SELECT DISTINCT ON (p.person_id) p.person_id, 'CHECKPOINT', CAST(NULL AS bigint), p.passed_at
				   FROM checkpoint_pass p
				  WHERE CAST(:lo AS text) IS NOT NULL AND p.compound_path >= :lo AND p.compound_path < :hi
				    AND p.passed_at >= :from AND p.passed_at < :to AND p.person_id IS NOT NULL
				  ORDER BY p.person_id, p.passed_at)""")
			.param("venues", venueIds.stream().distinct().toArray(Long[]::new))
			.param("lo", (area == null) ? null : area.lower())
			.param("hi", (area == null) ? null : area.upper())
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new org.epigrid.venues.PresenceManagement.Gathered(rs.getLong(1), rs.getString(2),
					rs.getObject(3, Long.class), rs.getTimestamp(4).toInstant()))
			.list();
	}

	/**
	 * The compound checkpoint passes of persons within a window.
	 * @param personIds the persons
	 * @param from the start
	 * @param to the end
	 * @return their passes, by person and time
	 */
	public List<org.epigrid.venues.PresenceManagement.Pass> passes(Collection<Long> personIds, Instant from,
			Instant to) {
		return this.jdbc.sql("""
				SELECT person_id, compound_path, direction, passed_at FROM checkpoint_pass
				 WHERE person_id = ANY(CAST(:persons AS bigint[])) AND passed_at >= :from AND passed_at <= :to
				 ORDER BY person_id, passed_at""")
			.param("persons", personIds.stream().distinct().toArray(Long[]::new))
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new org.epigrid.venues.PresenceManagement.Pass(rs.getLong(1), rs.getString(2),
					rs.getString(3), rs.getTimestamp(4).toInstant()))
			.list();
	}

}
