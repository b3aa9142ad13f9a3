package org.epigrid.venues.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.epigrid.codes.Colour;
import org.epigrid.codes.Decision;
import org.epigrid.venues.CheckInManagement.PersonCheckIn;
import org.epigrid.venues.CheckInManagement.Via;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the check-ins ({@code check_in}, written by {@link CheckInWriter}): a person's
 * own, and a venue's counted by hour.
 */
@Component
public class CheckInReader {

	private final JdbcClient jdbc;

	CheckInReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A person's check-ins since a time, newest first.
	 * @param personId the person
	 * @param since the earliest
	 * @return at most 200
	 */
	public List<PersonCheckIn> ofPerson(long personId, Instant since) {
		return this.jdbc.sql("""
				SELECT c.checked_at, c.venue_id, v.name, v.address, c.colour, c.star, c.allowed, c.via
				FROM check_in c JOIN venue v ON v.id = c.venue_id
				WHERE c.person_id = :p AND c.checked_at >= :since
				ORDER BY c.checked_at DESC LIMIT 200
				""")
			.param("p", personId)
			.param("since", Timestamp.from(since))
			.query((rs, i) -> new PersonCheckIn(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getString(3),
					rs.getString(4), Colour.ofRank(rs.getInt(5)), rs.getBoolean(6),
					rs.getBoolean(7) ? Decision.ALLOW : Decision.DENY, Via.valueOf(rs.getString(8))))
			.list();
	}

	/**
	 * A venue's check-ins in a time range, counted by hour, colour, star and decision.
	 * @param venueId the venue
	 * @param zone the zone of the hours
	 * @param from the start (inclusive)
	 * @param to the end (exclusive)
	 * @return the counts
	 */
	public List<HourCount> countByHour(long venueId, ZoneId zone, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT extract(hour FROM checked_at AT TIME ZONE :zone)::int, colour, star, allowed, count(*)
				FROM check_in WHERE venue_id = :venue AND checked_at >= :from AND checked_at < :to
				GROUP BY 1, 2, 3, 4
				""")
			.param("zone", zone.getId())
			.param("venue", venueId)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.query((rs, i) -> new HourCount(rs.getInt(1), Colour.ofRank(rs.getInt(2)), rs.getBoolean(3),
					rs.getBoolean(4), rs.getLong(5)))
			.list();
	}

	/**
	 * Check-ins in one hour of one kind.
	 *
	 * @param hour the hour, 0–23
	 * @param colour the colour
	 * @param star with a travel star
	 * @param allowed let in
	 * @param count how many
	 */
	public record HourCount(int hour, Colour colour, boolean star, boolean allowed, long count) {
	}

}
