package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

/**
 * Persons arrived from a city with risk areas: published by the data hub for the inbound
 * travellers of an import, at most 10,000 arrivals an event (a list of inbound travellers
 * is population-scale; one event per person would not be).
 *
 * @param arrivals the arrivals, a person possibly more than once
 */
public record InboundFromRiskCity(List<Arrival> arrivals) {

	/**
	 * Copies the list.
	 * @param arrivals the arrivals
	 */
	public InboundFromRiskCity {
		arrivals = List.copyOf(arrivals);
	}

	/**
	 * One person's arrival.
	 * @param personId the person
	 * @param city the city they came from
	 * @param arrivedAt when they arrived
	 * @return the event
	 */
	public static InboundFromRiskCity of(long personId, String city, Instant arrivedAt) {
		return new InboundFromRiskCity(List.of(new Arrival(personId, city, arrivedAt)));
	}

	/**
	 * One arrival.
	 *
	 * @param personId the person
	 * @param city the city they came from, as the source wrote it
	 * @param arrivedAt when they arrived
	 */
	public record Arrival(long personId, String city, Instant arrivedAt) {
	}

}
