package org.epigrid.datahub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.epigrid.datahub.TravelManifests.Fellow;
import org.epigrid.datahub.TravelManifests.Journey;
import org.epigrid.datahub.TravelManifests.Trip;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Journeys in the inbound traveller records (rail, air and road arrivals) and who else
 * was on the same train, flight or coach, by the records' train or flight number and
 * arrival ({@code source_record_trip_idx}).
 */
@Repository
public class ManifestReader {

	/** A record's train or flight number, normalised. */
	static final String NUMBER = "upper(replace(r.fields ->> 'trainOrFlight', ' ', ''))";

	private final JdbcClient jdbc;

	ManifestReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The journeys of persons that arrived within a time, with a train or flight number.
	 * @param personIds the persons
	 * @param from the earliest arrival
	 * @param to the latest arrival
	 * @return their journeys, by person and arrival
	 */
	public List<Journey> journeys(Collection<Long> personIds, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT r.id, r.person_id, %s, r.fields ->> 'transport', r.fields ->> 'seat', r.occurred_at, s.name
				  FROM source_record r JOIN data_source s ON s.id = r.source_id
				 WHERE r.person_id = ANY(CAST(:persons AS bigint[])) AND r.category = 'INBOUND_TRAVELLER'
				   AND r.occurred_at >= :from AND r.occurred_at <= :to AND %s <> ''
				 ORDER BY r.person_id, r.occurred_at""".formatted(NUMBER, NUMBER))
			.param("persons", personIds.stream().distinct().toArray(Long[]::new))
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new Journey(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getString(7)))
			.list();
	}

	/**
	 * Everyone on given trips: the persons whose records name the same train or flight
	 * arriving within each trip's window, in one statement.
	 * @param trips the trips, each with a key of the caller's
	 * @return the fellow travellers, by trip key
	 */
	public List<Fellow> fellows(List<Trip> trips) {
		return this.jdbc
			.sql("""
					WITH trip AS (
					    SELECT * FROM unnest(CAST(:keys AS bigint[]), CAST(:numbers AS text[]), CAST(:froms AS timestamptz[]),
					                         CAST(:tos AS timestamptz[])) AS t(key, number, arrives_from, arrives_to))
					SELECT DISTINCT ON (trip.key, r.person_id) trip.key, r.person_id, %s, r.fields ->> 'transport',
					       r.fields ->> 'seat', r.occurred_at
					  FROM trip JOIN source_record r
					    ON %s = trip.number AND r.occurred_at BETWEEN trip.arrives_from AND trip.arrives_to
					       AND r.category = 'INBOUND_TRAVELLER' AND r.person_id IS NOT NULL
					 ORDER BY trip.key, r.person_id, r.occurred_at"""
				.formatted(NUMBER, NUMBER))
			.param("keys", trips.stream().map(Trip::key).toArray(Long[]::new))
			.param("numbers", trips.stream().map(Trip::number).toArray(String[]::new))
			.param("froms", trips.stream().map(t -> Timestamp.from(t.arrivesFrom())).toArray(Timestamp[]::new))
			.param("tos", trips.stream().map(t -> Timestamp.from(t.arrivesTo())).toArray(Timestamp[]::new))
			.query((rs, i) -> new Fellow(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getTimestamp(6).toInstant()))
			.list();
	}

	/**
	 * The police trajectory records of persons within a time.
	 * @param personIds the persons
	 * @param from the earliest
	 * @param to the latest
	 * @return place, address, kind and time of each, by person and time
	 */
	public List<org.epigrid.datahub.TravelManifests.Trace> traces(Collection<Long> personIds, Instant from,
			Instant to) {
		return this.jdbc
			.sql("""
					SELECT r.person_id, r.fields ->> 'place', r.fields ->> 'address', r.fields ->> 'traceKind', r.occurred_at, s.name
					  FROM source_record r JOIN data_source s ON s.id = r.source_id
					 WHERE r.person_id = ANY(CAST(:persons AS bigint[])) AND r.category = 'POLICE_TRACE'
					   AND r.occurred_at >= :from AND r.occurred_at <= :to
					 ORDER BY r.person_id, r.occurred_at""")
			.param("persons", personIds.stream().distinct().toArray(Long[]::new))
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new org.epigrid.datahub.TravelManifests.Trace(rs.getLong(1), rs.getString(2),
					rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6)))
			.list();
	}

}
