package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

/**
 * Travel records show persons in a city with risk areas (the travel star): published by
 * the data hub for the inbound travellers of an import who came from such a city, at most
 * 10,000 visits an event.
 *
 * @param visits the visits, a person possibly more than once
 */
public record RiskCityVisited(List<Visit> visits) {

	/**
	 * Copies the list.
	 * @param visits the visits
	 */
	public RiskCityVisited {
		visits = List.copyOf(visits);
	}

	/**
	 * One person's visit.
	 * @param personId the person
	 * @param city the city
	 * @param at when they were there
	 * @return the event
	 */
	public static RiskCityVisited of(long personId, String city, Instant at) {
		return new RiskCityVisited(List.of(new Visit(personId, city, at)));
	}

	/**
	 * One visit.
	 *
	 * @param personId the person
	 * @param city the city, as the source wrote it
	 * @param at when they were there (for an arrival from the city: when they arrived)
	 */
	public record Visit(long personId, String city, Instant at) {
	}

}
