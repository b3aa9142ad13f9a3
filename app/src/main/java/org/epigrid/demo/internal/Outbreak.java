package org.epigrid.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.epigrid.demo.OutbreakSimulation.Parameters;
import org.epigrid.demo.OutbreakSimulation.Transmission;

/**
 * An outbreak whose truth is known: seed infections, then transmission day by day in
 * households (a chance a day) and at venues by co-presence (a chance a minute together,
 * higher where crowded) — also during stays that left no check-in — until each infected
 * person is found positive a fixed time after infection and isolated. Records who
 * infected whom, where and whether the data show it. Deterministic by its seed.
 */
public final class Outbreak {

	private Outbreak() {
	}

	/**
	 * Runs the outbreak.
	 * @param residents the town's persons
	 * @param stays every stay at a venue, recorded or not
	 * @param start the first day's start
	 * @param now the end
	 * @param parameters the chances and times
	 * @param seed the seed
	 * @return the infections and transmissions
	 */
	public static Truth run(List<DemoTownReader.Resident> residents, List<Stay> stays, Instant start, Instant now,
			Parameters parameters, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Map<Long, List<Long>> households = new HashMap<>();
		Map<Long, Long> householdOf = new HashMap<>();
		for (DemoTownReader.Resident r : residents) {
			if (r.householdId() != null) {
				households.computeIfAbsent(r.householdId(), h -> new ArrayList<>()).add(r.personId());
				householdOf.put(r.personId(), r.householdId());
			}
		}
		Map<Long, List<Stay>> byVenue = new HashMap<>();
		Map<Long, List<Stay>> byPerson = new HashMap<>();
		for (Stay stay : stays) {
			byVenue.computeIfAbsent(stay.venueId(), v -> new ArrayList<>()).add(stay);
			byPerson.computeIfAbsent(stay.personId(), p -> new ArrayList<>()).add(stay);
		}
		Map<Long, Instant> infected = new HashMap<>();
		List<Transmission> transmissions = new ArrayList<>();
		for (int i = 0; i < parameters.seeds(); i++) {
			long person = residents.get(random.nextInt(residents.size())).personId();
			infected.putIfAbsent(person, start.plus(Duration.ofMinutes(random.nextInt(3 * 24 * 60))));
		}
		for (Instant day = start; day.isBefore(now); day = day.plus(Duration.ofDays(1))) {
			Instant end = day.plus(Duration.ofDays(1));
			Instant from = day;
			List<Long> infectious = infected.entrySet()
				.stream()
				.filter(e -> e.getValue().plus(parameters.latent()).isBefore(end)
						&& e.getValue().plus(parameters.detectedAfter()).isAfter(from))
				.map(Map.Entry::getKey)
				.sorted()
				.toList();
			for (long person : infectious) {
				Instant since = infected.get(person).plus(parameters.latent());
				Instant until = infected.get(person).plus(parameters.detectedAfter());
				Long household = householdOf.get(person);
				if (household != null) {
					for (long member : households.get(household)) {
						if (member != person && !infected.containsKey(member)
								&& random.nextDouble() < parameters.householdPerDay()) {
							Instant at = latest(day.plus(Duration.ofHours(20)), since);
							if (at.isBefore(until) && at.isBefore(now)) {
								infected.put(member, at);
								transmissions.add(new Transmission(person, member, "HOUSEHOLD", null, at, 0, true));
							}
						}
					}
				}
				for (Stay stay : byPerson.getOrDefault(person, List.of())) {
					if (stay.from().isBefore(from) || !stay.from().isBefore(end) || stay.from().isBefore(since)
							|| !stay.from().isBefore(until)) {
						continue;
					}
					double perMinute = stay.crowded() ? parameters.perMinuteCrowded() : parameters.perMinuteOrdinary();
					for (Stay other : byVenue.get(stay.venueId())) {
						if (other.personId() == person || infected.containsKey(other.personId())) {
							continue;
						}
						Instant a = latest(stay.from(), other.from());
						Instant b = earliest(stay.to(), other.to());
						long minutes = Duration.between(a, b).toMinutes();
						if (minutes <= 0) {
							continue;
						}
						if (random.nextDouble() < 1 - Math.pow(1 - perMinute, minutes)) {
							infected.put(other.personId(), a);
							transmissions.add(new Transmission(person, other.personId(), "VENUE", stay.venueId(), a,
									minutes, stay.recorded() && other.recorded()));
						}
					}
				}
			}
		}
		transmissions.sort(Comparator.comparing(Transmission::at));
		return new Truth(infected, transmissions);
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	/**
	 * A stay at a venue.
	 *
	 * @param personId who
	 * @param venueId where
	 * @param crowded whether the venue is crowded or sensitive
	 * @param from the check-in (or arrival)
	 * @param to the check-in and the venue type's dwell
	 * @param recorded whether it left a check-in
	 */
	public record Stay(long personId, long venueId, boolean crowded, Instant from, Instant to, boolean recorded) {
	}

	/**
	 * What happened.
	 *
	 * @param infected each infected person and when
	 * @param transmissions who infected whom, in time order
	 */
	public record Truth(Map<Long, Instant> infected, List<Transmission> transmissions) {
	}

}
