package org.epigrid.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.epigrid.demo.internal.DemoTownReader;
import org.epigrid.demo.internal.DemoTracing;
import org.epigrid.demo.internal.Outbreak;
import org.epigrid.demo.internal.Outbreak.Stay;
import org.epigrid.demo.internal.Outbreak.Truth;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.CaseManagement;
import org.epigrid.tracing.Contact;
import org.epigrid.tracing.ContactManagement;
import org.epigrid.tracing.NewCase;
import org.epigrid.venues.CheckInManagement;
import org.epigrid.venues.CheckInManagement.PastCheckIn;
import org.epigrid.venues.PresenceManagement;

import org.springframework.stereotype.Service;

/**
 * Measures how many of the truly infected the computed close contacts catch (issue 14):
 * on a demo town loaded without its own history ({@code epigrid.demo.tracing=false}), 14
 * days of stays at venues (one in ten leaving no check-in), an outbreak whose truth is
 * known ({@link Outbreak}), the recorded stays stored as check-ins, a case opened for
 * each infected person found positive (its contacts computed by the platform), and each
 * transmission from a found case looked up among that case's close contacts.
 * Deterministic by the seed.
 */
@Service
public class OutbreakSimulation {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OutbreakSimulation.class);

	private static final Caller SIMULATION = new Caller(0, "simulation", "模拟 Simulation", Set.of(Role.ADMIN), "/");

	private final DemoTownReader town;

	private final CheckInManagement checkIns;

	private final PresenceManagement presence;

	private final CaseManagement cases;

	private final ContactManagement contacts;

	private final Clock clock;

	OutbreakSimulation(DemoTownReader town, CheckInManagement checkIns, PresenceManagement presence,
			CaseManagement cases, ContactManagement contacts, Clock clock) {
		this.town = town;
		this.checkIns = checkIns;
		this.presence = presence;
		this.cases = cases;
		this.contacts = contacts;
		this.clock = clock;
	}

	/**
	 * Runs a simulation and measures the contact lists against its truth.
	 * @param seed the seed
	 * @param parameters the outbreak's chances and times
	 * @return the measures
	 */
	public Result run(long seed, Parameters parameters) {
		Instant now = this.clock.instant();
		Instant start = now.minus(Duration.ofDays(DemoTracing.DAYS));
		List<DemoTownReader.Resident> residents = this.town.residents();
		Map<Long, DemoVenue> venues = new HashMap<>();
		this.town.venues().forEach(v -> venues.put(v.id(), v));
		SplittableRandom recording = new SplittableRandom(seed ^ 0x5DEECE66DL);
		List<Stay> stays = new ArrayList<>();
		for (DemoTracing.Visit visit : DemoTracing.visits(residents, List.copyOf(venues.values()), seed, now,
				this.clock)) {
			DemoVenue venue = venues.get(visit.venueId());
			stays.add(new Stay(visit.personId(), visit.venueId(), !venue.crowdClass().equals("ORDINARY"), visit.at(),
					visit.at().plus(this.presence.dwell(venue.venueType())),
					recording.nextDouble() >= parameters.unrecorded()));
		}
		Truth truth = Outbreak.run(residents, stays, start, now, parameters, seed);
		log.info("Outbreak simulation (seed {}): {} stays, {} infected, {} transmissions", seed, stays.size(),
				truth.infected().size(), truth.transmissions().size());

		// found positive a fixed time after infection, isolated from then: no stays after
		Map<Long, Instant> found = new HashMap<>();
		truth.infected().forEach((person, at) -> {
			Instant positive = at.plus(parameters.detectedAfter());
			if (positive.isBefore(now)) {
				found.put(person, positive);
			}
		});
		List<PastCheckIn> recorded = stays.stream()
			.filter(Stay::recorded)
			.filter(s -> !found.containsKey(s.personId()) || s.from().isBefore(found.get(s.personId())))
			.map(s -> new PastCheckIn(s.from(), s.venueId(), s.personId()))
			.toList();
		this.checkIns.importHistory(recorded);

		Map<Long, Long> caseOf = new HashMap<>();
		found.entrySet()
			.stream()
			.sorted(Map.Entry.<Long, Instant>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
			.forEach(e -> {
				try {
					caseOf.put(e.getKey(),
							this.cases
								.open(SIMULATION,
										new NewCase(e.getKey(), null, null, e.getValue(), "模拟 simulation " + seed,
												null),
										"API", null)
								.id());
				}
				catch (ConflictException ex) {
					// already a case (an earlier simulation on the same town): not
					// counted
				}
			});

		int transmissions = 0;
		int inData = 0;
		int caught = 0;
		int caughtInData = 0;
		long closeContacts = 0;
		Map<Long, Set<Long>> closeOf = new HashMap<>();
		for (Map.Entry<Long, Long> c : caseOf.entrySet()) {
			Set<Long> close = close(c.getValue());
			closeOf.put(c.getKey(), close);
			closeContacts += close.size();
		}
		List<Transmission> missed = new ArrayList<>();
		for (Transmission t : truth.transmissions()) {
			Set<Long> close = closeOf.get(t.infector());
			if (close == null) {
				continue;
			}
			transmissions++;
			boolean hit = close.contains(t.infectee());
			caught += hit ? 1 : 0;
			if (t.inData()) {
				inData++;
				caughtInData += hit ? 1 : 0;
				if (!hit) {
					missed.add(t);
				}
			}
		}
		missed.sort(Comparator.comparing(Transmission::at));
		return new Result(seed, residents.size(), stays.size(), recorded.size(), truth.infected().size(), caseOf.size(),
				transmissions, inData, caughtInData, caught, closeContacts, missed);
	}

	private Set<Long> close(long caseId) {
		Set<Long> close = new HashSet<>();
		int page = 0;
		Slice<Contact> slice;
		do {
			slice = this.contacts.contacts(SIMULATION, caseId, ContactLevel.CLOSE,
					new PageRequest(page++, PageRequest.MAX_SIZE), "API", null);
			slice.items().forEach(c -> close.add(c.personId()));
		}
		while (slice.hasNext());
		return close;
	}

	/**
	 * The measures of one simulation.
	 *
	 * @param seed the seed
	 * @param persons the town's persons
	 * @param stays stays at venues
	 * @param checkIns those recorded as check-ins
	 * @param infected persons infected
	 * @param cases cases opened (found positive before the end)
	 * @param transmissions transmissions from those cases
	 * @param inData of them, those whose exposure the data show
	 * @param caughtInData of those, the infectee among the case's close contacts
	 * @param caught all transmissions caught so
	 * @param closeContacts close contacts of all cases (a person once per case)
	 * @param missed transmissions in the data that were not caught
	 */
	public record Result(long seed, int persons, int stays, int checkIns, int infected, int cases, int transmissions,
			int inData, int caughtInData, int caught, long closeContacts, List<Transmission> missed) {

		/**
		 * @return the share of transmissions in the data whose infectee was a close
		 * contact
		 */
		public double recallInData() {
			return (this.inData == 0) ? 1 : (double) this.caughtInData / this.inData;
		}

		/**
		 * @return the share of all transmissions caught
		 */
		public double shareCaught() {
			return (this.transmissions == 0) ? 1 : (double) this.caught / this.transmissions;
		}

		/**
		 * @return the share of close contacts truly infected by their case
		 */
		public double precision() {
			return (this.closeContacts == 0) ? 0 : (double) this.caught / this.closeContacts;
		}

	}

	/**
	 * The chances and times of the outbreak.
	 *
	 * @param seeds how many persons are infected in the first three days from outside
	 * @param householdPerDay the chance a day that an infectious person infects each
	 * member of their household
	 * @param perMinuteOrdinary the chance a minute together at an ordinary venue
	 * @param perMinuteCrowded the chance a minute together at a crowded or sensitive one
	 * @param unrecorded the share of stays that leave no check-in
	 * @param latent from infection until infectious
	 * @param detectedAfter from infection until the positive sample (then isolated)
	 */
	public record Parameters(int seeds, double householdPerDay, double perMinuteOrdinary, double perMinuteCrowded,
			double unrecorded, Duration latent, Duration detectedAfter) {

		/**
		 * The defaults: 8 seeds, 12 % a day at home, 0.01 % (0.02 % crowded) a minute
		 * together (an eight-hour shift: 4.7 % and 9.2 %), one stay in ten without a
		 * check-in, infectious after a day, found after three.
		 * @return the defaults
		 */
		public static Parameters defaults() {
			return new Parameters(8, 0.12, 0.0001, 0.0002, 0.1, Duration.ofDays(1), Duration.ofDays(3));
		}

	}

	/**
	 * One person infecting another.
	 *
	 * @param infector who
	 * @param infectee whom
	 * @param route {@code HOUSEHOLD} or {@code VENUE}
	 * @param venueId the venue, for {@code VENUE}
	 * @param at when
	 * @param minutes how long together at the venue
	 * @param inData whether the data show the exposure (a household, or both stays
	 * checked in)
	 */
	public record Transmission(long infector, long infectee, String route, Long venueId, Instant at, long minutes,
			boolean inData) {
	}

}
