package org.epigrid.venues;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

import org.epigrid.venues.internal.PresenceReader;
import org.epigrid.venues.internal.VenuesProperties;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who was where, from the check-ins (E1, E2): the visits of persons in a time window (a
 * case's trajectory) and who shared a venue with whom (tracing's venue contacts). A
 * check-in counts as a stay of its venue type's dwell
 * ({@code epigrid.codes.check-in-dwell}, check-ins have no checkout). Set-based: one
 * statement for any number of persons, over the day partitions the window touches.
 */
@Service
public class PresenceManagement {

	private final PresenceReader reader;

	private final VenuesProperties settings;

	PresenceManagement(PresenceReader reader, VenuesProperties settings) {
		this.reader = reader;
		this.settings = settings;
	}

	/**
	 * How long a check-in at a venue of a type counts as a stay.
	 * @param venueType the venue's type
	 * @return its dwell ({@code epigrid.codes.check-in-dwell-by-type}, or the default)
	 */
	public Duration dwell(String venueType) {
		return this.settings.dwell(venueType);
	}

	/**
	 * The persons who shared a venue with the given persons, each in their own window,
	 * for at least a minimum overlap, in one statement.
	 * @param exposures whose stays to look at and when (a stay is cut to its window)
	 * @param minOverlap the least overlap reported (a minute or more)
	 * @return one row per stay of the exposed person and overlapping stay of another
	 * person (a person twice at the venue meanwhile: two rows)
	 */
	@Transactional(readOnly = true)
	public List<CoPresence> coPresent(List<Exposure> exposures, Duration minOverlap) {
		if (minOverlap.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("minOverlap must be a minute or more");
		}
		return this.reader.coPresent(exposures, minOverlap);
	}

	/**
	 * The stays of persons at venues in a time window (their trajectory), oldest first.
	 * @param personIds the persons
	 * @param from the window's start
	 * @param to its end
	 * @return their stays that overlap the window
	 */
	@Transactional(readOnly = true)
	public List<Visit> visits(Collection<Long> personIds, Instant from, Instant to) {
		return this.reader.visits(personIds, from, to);
	}

	/**
	 * The persons at given venues, or in an area (its venues and compound checkpoints),
	 * within a window (a screening topic, E4), in one statement.
	 * @param venueIds venues, may be empty
	 * @param area an area's path range, may be {@code null}
	 * @param from the window's start
	 * @param to its end
	 * @return each person once per source (check-in or checkpoint pass), with their first
	 * time
	 */
	@Transactional(readOnly = true)
	public List<Gathered> gather(Collection<Long> venueIds, org.epigrid.shared.PathPrefix area, Instant from,
			Instant to) {
		return this.reader.gather(venueIds, area, from, to);
	}

	/**
	 * The compound checkpoint passes of persons within a window (a case's trajectory).
	 * @param personIds the persons
	 * @param from the start
	 * @param to the end
	 * @return their passes, oldest first
	 */
	@Transactional(readOnly = true)
	public List<Pass> passes(Collection<Long> personIds, Instant from, Instant to) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.reader.passes(personIds, from, to);
	}

	/**
	 * A compound checkpoint pass.
	 *
	 * @param personId the person
	 * @param compoundPath the compound's path
	 * @param direction {@code IN} or {@code OUT}
	 * @param at when
	 */
	public record Pass(long personId, String compoundPath, String direction, Instant at) {
	}

	/**
	 * A person found at a place in a window.
	 *
	 * @param personId the person
	 * @param source {@code CHECK_IN} or {@code CHECKPOINT}
	 * @param venueId the venue checked in at, {@code null} for a checkpoint pass
	 * @param at their first check-in or pass in the window
	 */
	public record Gathered(long personId, String source, Long venueId, Instant at) {
	}

	/**
	 * A person and the window of their stays to look at.
	 *
	 * @param key the caller's key, returned with each row (e.g. a case's id)
	 * @param personId the person
	 * @param from the window's start
	 * @param to the window's end
	 */
	public record Exposure(long key, long personId, Instant from, Instant to) {
	}

	/**
	 * A venue shared: a stay of an exposed person and an overlapping stay of another.
	 *
	 * @param key the exposure's key
	 * @param personId the other person
	 * @param venue where
	 * @param exposedFrom the exposed person's stay (cut to the window) began
	 * @param exposedTo and ended
	 * @param from the other person's stay began (their check-in)
	 * @param to and ended (check-in and dwell)
	 * @param overlap how long they were there together
	 */
	public record CoPresence(long key, long personId, Place venue, Instant exposedFrom, Instant exposedTo, Instant from,
			Instant to, Duration overlap) {
	}

	/**
	 * A stay of a person at a venue.
	 *
	 * @param personId the person
	 * @param venue where
	 * @param from the check-in
	 * @param to the check-in and the venue type's dwell
	 */
	public record Visit(long personId, Place venue, Instant from, Instant to) {
	}

	/**
	 * A venue as tracing shows it.
	 *
	 * @param id the venue
	 * @param name its name
	 * @param type its type
	 * @param crowdClass its crowd class
	 * @param address its address
	 * @param lon longitude (WGS84)
	 * @param lat latitude
	 */
	public record Place(long id, String name, String type, CrowdClass crowdClass, String address, double lon,
			double lat) {
	}

}
