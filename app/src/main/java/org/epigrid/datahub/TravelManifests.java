package org.epigrid.datahub;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.epigrid.datahub.internal.ManifestReader;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trains, flights and coaches in the inbound traveller records (rail, air and road
 * arrivals, linked to persons by identity resolution), for tracing: a case's own
 * journeys, and who else was on the same train, flight or coach with their seats; and the
 * police trajectory records of a case. The caller decides who may see what.
 */
@Service
public class TravelManifests {

	/** The most trips asked about at once. */
	public static final int MAX_TRIPS = 10_000;

	private final ManifestReader reader;

	TravelManifests(ManifestReader reader) {
		this.reader = reader;
	}

	/**
	 * The journeys of persons arriving within a time.
	 * @param personIds the persons
	 * @param from the earliest arrival
	 * @param to the latest arrival
	 * @return their journeys with a train or flight number
	 */
	@Transactional(readOnly = true)
	public List<Journey> journeys(Collection<Long> personIds, Instant from, Instant to) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.reader.journeys(personIds, from, to);
	}

	/**
	 * Everyone recorded on given trips.
	 * @param trips at most {@value #MAX_TRIPS}
	 * @return the fellow travellers of each trip (the travellers themselves included)
	 */
	@Transactional(readOnly = true)
	public List<Fellow> fellows(List<Trip> trips) {
		if (trips.isEmpty()) {
			return List.of();
		}
		if (trips.size() > MAX_TRIPS) {
			throw new IllegalArgumentException("at most " + MAX_TRIPS + " trips at once");
		}
		return this.reader.fellows(trips);
	}

	/**
	 * The police trajectory records of persons within a time (公安轨迹: hotel stays, internet
	 * cafés …), for a case's investigation.
	 * @param personIds the persons
	 * @param from the earliest
	 * @param to the latest
	 * @return their traces
	 */
	@Transactional(readOnly = true)
	public List<Trace> traces(Collection<Long> personIds, Instant from, Instant to) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.reader.traces(personIds, from, to);
	}

	/**
	 * A police trajectory record.
	 *
	 * @param personId the person
	 * @param place the place
	 * @param address its address, may be {@code null}
	 * @param kind what was registered (hotel, internet café …), may be {@code null}
	 * @param at when
	 * @param source which list
	 */
	public record Trace(long personId, String place, String address, String kind, Instant at, String source) {
	}

	/**
	 * A train or flight number as the records are matched by: upper case, no spaces.
	 * @param number as written
	 * @return normalised
	 */
	public static String normalise(String number) {
		return (number == null) ? "" : number.replace(" ", "").toUpperCase(Locale.ROOT);
	}

	/**
	 * A journey in the records.
	 *
	 * @param recordId the record
	 * @param personId the traveller
	 * @param number the train or flight, normalised
	 * @param transport how, as the source wrote it (rail, air, road), may be {@code null}
	 * @param seat the seat as written (e.g. {@code 12C}, {@code 05车12F}), may be
	 * {@code null}
	 * @param arrivedAt when it arrived
	 * @param source which list
	 */
	public record Journey(long recordId, long personId, String number, String transport, String seat, Instant arrivedAt,
			String source) {
	}

	/**
	 * A trip to find the travellers of.
	 *
	 * @param key the caller's key
	 * @param number the train or flight, normalised
	 * @param arrivesFrom the earliest arrival that counts as this trip
	 * @param arrivesTo the latest
	 */
	public record Trip(long key, String number, Instant arrivesFrom, Instant arrivesTo) {
	}

	/**
	 * A traveller on a trip.
	 *
	 * @param key the trip's key
	 * @param personId the traveller
	 * @param number the train or flight
	 * @param transport how, may be {@code null}
	 * @param seat the seat as written, may be {@code null}
	 * @param arrivedAt when they arrived
	 */
	public record Fellow(long key, long personId, String number, String transport, String seat, Instant arrivedAt) {
	}

}
