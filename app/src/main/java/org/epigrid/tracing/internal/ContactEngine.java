package org.epigrid.tracing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.datahub.TravelManifests;
import org.epigrid.datahub.Workplaces;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.HouseholdMember;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.tracing.ContactDefinitions;
import org.epigrid.tracing.ContactIdentified;
import org.epigrid.tracing.ContactRun;
import org.epigrid.tracing.Evidence;
import org.epigrid.tracing.NamedContact;
import org.epigrid.tracing.TrajectoryEntry;
import org.epigrid.tracing.TracingProtocolManagement.Protocol;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.ContactRepository.Change;
import org.epigrid.tracing.internal.ContactRepository.Computed;
import org.epigrid.venues.PresenceManagement;
import org.epigrid.venues.PresenceManagement.CoPresence;
import org.epigrid.venues.PresenceManagement.Exposure;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Computes the contacts of cases from data (E1), for any number of cases at once: their
 * households (population), the persons who shared a venue with them (venues' presence),
 * and, when the definitions ask, the close contacts of their close contacts. One record
 * per case and contact person with all its evidence; the level by the definitions in
 * force. Writes them in one statement, and publishes what changed in batches: one
 * {@link ContactIdentified} per case, {@link ContactStatusChanged} per level. Cases that
 * are each other's contacts are then linked, infector to infectee
 * ({@link LinkRepository}).
 */
@Component
public class ContactEngine {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final CaseRepository cases;

	private final ContactRepository contacts;

	private final TracingProtocolRepository protocols;

	private final LinkRepository links;

	private final ResidentDirectory residents;

	private final PresenceManagement presence;

	private final ApplicationEventPublisher events;

	private final EntryRepository entries;

	private final NamedContactRepository named;

	private final Workplaces workplaces;

	private final TravelManifests manifests;

	/** Two arrivals of one number this close together are one trip. */
	static final Duration SAME_TRIP = Duration.ofHours(3);

	private final Clock clock;

	ContactEngine(CaseRepository cases, ContactRepository contacts, TracingProtocolRepository protocols,
			LinkRepository links, ResidentDirectory residents, PresenceManagement presence,
			ApplicationEventPublisher events, EntryRepository entries, NamedContactRepository named,
			TravelManifests manifests, Workplaces workplaces, Clock clock) {
		this.workplaces = workplaces;
		this.entries = entries;
		this.named = named;
		this.manifests = manifests;
		this.cases = cases;
		this.contacts = contacts;
		this.protocols = protocols;
		this.links = links;
		this.residents = residents;
		this.presence = presence;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Computes the contacts of cases now, in the caller's transaction.
	 * @param caseIds the cases
	 * @return what was found
	 */
	public ContactRun run(Collection<Long> caseIds) {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		Protocol protocol = this.protocols.current();
		ContactDefinitions rules = protocol.definitions();
		List<CaseRow> rows = this.cases.byIds(caseIds);
		Map<Long, CaseRow> byId = new LinkedHashMap<>();
		rows.forEach(row -> byId.put(row.id(), row));
		// (case, person) -> the contact being built
		Map<Long, Map<Long, Found>> found = new HashMap<>();
		Set<Long> casePersons = new HashSet<>();
		rows.forEach(row -> casePersons.add(row.personId()));

		// the case's household and the persons who shared a venue with the case
		List<Exposure> exposures = new ArrayList<>();
		Map<Long, Window> windows = new HashMap<>();
		for (CaseRow row : rows) {
			Window window = window(row, rules, now, this.clock.getZone());
			windows.put(row.id(), window);
			exposures.add(new Exposure(row.id(), row.personId(), window.from(), window.to()));
		}
		Map<Long, List<Long>> casesOfPerson = new HashMap<>();
		rows.forEach(row -> casesOfPerson.computeIfAbsent(row.personId(), p -> new ArrayList<>()).add(row.id()));
		for (HouseholdMember member : this.residents.householdMembers(casesOfPerson.keySet())) {
			for (long caseId : casesOfPerson.get(member.personId())) {
				Window window = windows.get(caseId);
				found(found, caseId, member.memberId()).add(
						rules.householdIsClose() ? ContactLevel.CLOSE : ContactLevel.GENERAL, null,
						Evidence.household(member.personId()), window.from(), window.to());
			}
		}
		Duration general = Duration.ofMinutes(rules.generalOverlapMinutes());
		for (CoPresence shared : this.presence.coPresent(exposures, general)) {
			CaseRow row = byId.get(shared.key());
			ContactLevel level = close(shared, rules) ? ContactLevel.CLOSE : ContactLevel.GENERAL;
			found(found, row.id(), shared.personId()).add(level, null, evidence(row.personId(), shared),
					latest(shared.exposedFrom(), shared.from()), earliest(shared.exposedTo(), shared.to()));
		}

		transport(found, rows, windows, rules);
		// colleagues on the employer staff lists: general contacts for the investigator
		// to
		// narrow (a firm of thousands is not one office)
		Map<Long, List<Long>> casesByPerson = new HashMap<>();
		rows.forEach(row -> casesByPerson.computeIfAbsent(row.personId(), p -> new ArrayList<>()).add(row.id()));
		for (Workplaces.Colleague colleague : this.workplaces.colleagues(casesByPerson.keySet())) {
			for (long caseId : casesByPerson.get(colleague.personId())) {
				Window window = windows.get(caseId);
				found(found, caseId, colleague.colleagueId())
					.add(rules.workplace() ? ContactLevel.CLOSE : ContactLevel.GENERAL, null,
							new Evidence("WORKPLACE", colleague.personId(), null, colleague.employer(), null, null,
									null, window.from(), window.to(), null, null, null, null, null),
							window.from(), window.to());
			}
		}
		for (NamedContact named : this.named.ofCases(byId.keySet())) {
			if (named.personId() != null) {
				found(found, named.caseId(), named.personId()).add(named.level(), null,
						new Evidence("NAMED", byId.get(named.caseId()).personId(), null, named.relation(), null, null,
								null, named.exposedAt(), named.exposedAt(), named.exposedAt(), named.exposedAt(), null,
								null, null),
						named.exposedAt(), named.exposedAt());
			}
		}

		if (rules.secondaryContacts()) {
			secondary(found, rules, now);
		}
		// a case's own person is never its contact; other cases stay contacts (the chain
		// from infector to infectee starts there)
		for (CaseRow row : rows) {
			Map<Long, Found> ofCase = found.get(row.id());
			if (ofCase != null) {
				ofCase.remove(row.personId());
			}
		}

		List<Computed> computed = new ArrayList<>();
		Set<Long> persons = new HashSet<>();
		found.values().forEach(m -> persons.addAll(m.keySet()));
		Map<Long, ResidentDirectory.Resident> places = this.residents.byIds(persons);
		int close = 0;
		int secondary = 0;
		int generalCount = 0;
		for (Map.Entry<Long, Map<Long, Found>> ofCase : found.entrySet()) {
			for (Map.Entry<Long, Found> contact : ofCase.getValue().entrySet()) {
				Found f = contact.getValue();
				ResidentDirectory.Resident place = places.get(contact.getKey());
				computed.add(new Computed(ofCase.getKey(), contact.getKey(), f.level, f.via, f.first, f.last,
						JSON.writeValueAsString(f.sortedEvidence()), (place == null) ? null : place.path()));
				switch (f.level) {
					case CLOSE -> close++;
					case SECONDARY -> secondary++;
					case GENERAL -> generalCount++;
				}
			}
		}
		List<Change> changes = this.contacts.upsert(computed, protocol.version(), now);
		publish(changes, byId, now);
		this.cases.contactsRun(byId.keySet(),
				found.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).toList(), now);
		int linked = this.links.link(byId.keySet(), this.clock.getZone(), now);
		int added = (int) changes.stream().filter(Change::added).count();
		return new ContactRun(List.copyOf(byId.keySet()), protocol.version(), close, secondary, generalCount, added,
				changes.size() - added, linked, Duration.ofNanos(System.nanoTime() - started));
	}

	/**
	 * The persons on the cases' flights, trains and coaches: the cases' own journeys in
	 * the inbound traveller records within their windows and the journeys investigators
	 * recorded, and everyone the records put on the same trip (arriving within
	 * {@link #SAME_TRIP} of each other), close or general by their seats.
	 */
	private void transport(Map<Long, Map<Long, Found>> found, List<CaseRow> rows, Map<Long, Window> windows,
			ContactDefinitions rules) {
		if (rows.isEmpty()) {
			return;
		}
		Map<Long, List<CaseRow>> casesOfPerson = new HashMap<>();
		rows.forEach(row -> casesOfPerson.computeIfAbsent(row.personId(), p -> new ArrayList<>()).add(row));
		Instant from = windows.values().stream().map(Window::from).min(Instant::compareTo).orElseThrow();
		Instant to = windows.values().stream().map(Window::to).max(Instant::compareTo).orElseThrow();
		Map<Long, CaseRow> byCase = new HashMap<>();
		rows.forEach(row -> byCase.put(row.id(), row));
		List<CaseTrip> trips = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (TrajectoryEntry entry : this.entries.ofCases(windows.keySet())) {
			if (entry.number() != null && List.of("FLIGHT", "TRAIN", "BUS").contains(entry.kind())) {
				CaseRow row = byCase.get(entry.caseId());
				CaseTrip trip = new CaseTrip(row.id(), row.personId(), entry.kind(),
						TravelManifests.normalise(entry.number()), entry.seat(), entry.car(), entry.from(), entry.to());
				if (seen.add(trip.identity(this.clock.getZone()))) {
					trips.add(trip);
				}
			}
		}
		for (TravelManifests.Journey journey : this.manifests.journeys(casesOfPerson.keySet(), from, to)) {
			for (CaseRow row : casesOfPerson.get(journey.personId())) {
				Window window = windows.get(row.id());
				if (journey.arrivedAt().isBefore(window.from()) || journey.arrivedAt().isAfter(window.to())) {
					continue;
				}
				CaseTrip trip = new CaseTrip(row.id(), row.personId(),
						Seats.kind(journey.transport(), journey.number()), journey.number(), journey.seat(), null,
						journey.arrivedAt(), journey.arrivedAt());
				if (seen.add(trip.identity(this.clock.getZone()))) {
					trips.add(trip);
				}
			}
		}
		if (trips.isEmpty()) {
			return;
		}
		List<TravelManifests.Trip> asked = new ArrayList<>();
		for (int i = 0; i < trips.size(); i++) {
			CaseTrip trip = trips.get(i);
			asked.add(new TravelManifests.Trip(i, trip.number(), trip.arrival().minus(SAME_TRIP),
					trip.arrival().plus(SAME_TRIP)));
		}
		for (TravelManifests.Fellow fellow : this.manifests.fellows(asked)) {
			CaseTrip trip = trips.get((int) fellow.key());
			if (fellow.personId() == trip.personId()) {
				continue;
			}
			ContactLevel level = Seats.level(trip.kind(), trip.seat(), trip.car(), fellow.seat(), rules);
			String caseSeat = ((trip.car() == null) ? "" : trip.car() + "车")
					+ ((trip.seat() == null) ? "?" : trip.seat());
			Evidence evidence = new Evidence(trip.kind(), trip.personId(), null, trip.number(), null, null, null,
					trip.departure(), trip.arrival(), fellow.arrivedAt(), fellow.arrivedAt(), null, trip.number(),
					caseSeat + " ↔ " + ((fellow.seat() == null) ? "?" : fellow.seat()));
			found(found, trip.caseId(), fellow.personId()).add(level, null, evidence, trip.departure(), trip.arrival());
		}
	}

	/**
	 * A case's journey.
	 *
	 * @param caseId the case
	 * @param personId its person
	 * @param kind {@code FLIGHT}, {@code TRAIN} or {@code BUS}
	 * @param number the number, normalised
	 * @param seat the seat as written
	 * @param car the car given on its own
	 * @param departure when it left (the arrival, when the records tell only that)
	 * @param arrival when it arrived
	 */
	private record CaseTrip(long caseId, long personId, String kind, String number, String seat, String car,
			Instant departure, Instant arrival) {

		/** One journey of a case, whoever recorded it: the case, the number, the day. */
		String identity(java.time.ZoneId zone) {
			return this.caseId + "/" + this.number + "/" + java.time.LocalDate.ofInstant(this.arrival, zone);
		}

	}

	/**
	 * The close contacts of each case's close contacts, from their exposure until now
	 * (until their quarantine starts, once quarantine reports it).
	 */
	private void secondary(Map<Long, Map<Long, Found>> found, ContactDefinitions rules, Instant now) {
		List<long[]> closeOnes = new ArrayList<>();
		List<Exposure> exposures = new ArrayList<>();
		for (Map.Entry<Long, Map<Long, Found>> ofCase : found.entrySet()) {
			for (Map.Entry<Long, Found> contact : ofCase.getValue().entrySet()) {
				if (contact.getValue().level == ContactLevel.CLOSE) {
					exposures.add(new Exposure(closeOnes.size(), contact.getKey(), contact.getValue().first, now));
					closeOnes.add(new long[] { ofCase.getKey(), contact.getKey() });
				}
			}
		}
		if (exposures.isEmpty()) {
			return;
		}
		Map<Long, List<Integer>> keysOfPerson = new HashMap<>();
		for (int i = 0; i < closeOnes.size(); i++) {
			keysOfPerson.computeIfAbsent(closeOnes.get(i)[1], p -> new ArrayList<>()).add(i);
		}
		if (rules.householdIsClose()) {
			for (HouseholdMember member : this.residents.householdMembers(keysOfPerson.keySet())) {
				for (int key : keysOfPerson.get(member.personId())) {
					Exposure exposure = exposures.get(key);
					if (closeTo(found, closeOnes.get(key)[0], member.memberId())) {
						continue;
					}
					found(found, closeOnes.get(key)[0], member.memberId()).add(ContactLevel.SECONDARY,
							member.personId(), Evidence.household(member.personId()), exposure.from(), exposure.to());
				}
			}
		}
		int least = rules.closeOverlapMinutes().values().stream().mapToInt(Integer::intValue).min().orElseThrow();
		for (CoPresence shared : this.presence.coPresent(exposures, Duration.ofMinutes(least))) {
			long[] closeOne = closeOnes.get((int) shared.key());
			if (close(shared, rules) && !closeTo(found, closeOne[0], shared.personId())) {
				found(found, closeOne[0], shared.personId()).add(ContactLevel.SECONDARY, closeOne[1],
						evidence(closeOne[1], shared), latest(shared.exposedFrom(), shared.from()),
						earliest(shared.exposedTo(), shared.to()));
			}
		}
	}

	/**
	 * Whether a person already is a close contact of a case (then secondary adds
	 * nothing).
	 */
	private static boolean closeTo(Map<Long, Map<Long, Found>> found, long caseId, long personId) {
		Found known = found.getOrDefault(caseId, Map.of()).get(personId);
		return known != null && known.level == ContactLevel.CLOSE;
	}

	/**
	 * A case's window of exposure: from the look-back before onset or the first positive
	 * sample (whichever is earlier) until it was opened (isolated).
	 */
	public static Window window(CaseRow row, ContactDefinitions rules, Instant now, java.time.ZoneId zone) {
		Instant anchor = row.firstPositiveAt();
		if (row.onsetDate() != null) {
			Instant onset = row.onsetDate().atStartOfDay(zone).toInstant();
			anchor = (anchor == null || onset.isBefore(anchor)) ? onset : anchor;
		}
		Instant to = row.openedAt().isAfter(now) ? now : row.openedAt();
		return new Window(anchor.minus(Duration.ofDays(rules.lookBackDays())), to);
	}

	private static boolean close(CoPresence shared, ContactDefinitions rules) {
		Integer minutes = rules.closeOverlapMinutes().get(shared.venue().crowdClass().name());
		return minutes != null && shared.overlap().compareTo(Duration.ofMinutes(minutes)) >= 0;
	}

	private static Evidence evidence(long through, CoPresence shared) {
		return new Evidence("VENUE", through, shared.venue().id(), shared.venue().name(),
				shared.venue().crowdClass().name(), shared.venue().lon(), shared.venue().lat(), shared.exposedFrom(),
				shared.exposedTo(), shared.from(), shared.to(), shared.overlap().toMinutes(), null, null);
	}

	private static Found found(Map<Long, Map<Long, Found>> found, long caseId, long personId) {
		return found.computeIfAbsent(caseId, c -> new HashMap<>()).computeIfAbsent(personId, p -> new Found());
	}

	private static Instant latest(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	/**
	 * A window of exposure.
	 *
	 * @param from its start
	 * @param to its end
	 */
	public record Window(Instant from, Instant to) {
	}

	private static final java.util.Comparator<Evidence> EVIDENCE_ORDER = java.util.Comparator.comparing(Evidence::kind)
		.thenComparing(Evidence::exposedFrom, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
		.thenComparing(Evidence::from, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
		.thenComparing(Evidence::venueId, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
		.thenComparing(Evidence::trip, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
		.thenComparingLong(Evidence::throughPersonId);

	/** A contact being built: its closest level, evidence and exposure times. */
	private static final class Found {

		private ContactLevel level;

		private Long via;

		private Instant first;

		private Instant last;

		private final List<Evidence> evidence = new ArrayList<>();

		void add(ContactLevel level, Long via, Evidence evidence, Instant from, Instant to) {
			if (this.level == null || rank(level) > rank(this.level)) {
				this.level = level;
				this.via = via;
			}
			this.first = (this.first == null || from.isBefore(this.first)) ? from : this.first;
			this.last = (this.last == null || to.isAfter(this.last)) ? to : this.last;
			this.evidence.add(evidence);
		}

		/** The evidence in a fixed order: a computation again writes the same. */
		List<Evidence> sortedEvidence() {
			this.evidence.sort(EVIDENCE_ORDER);
			return this.evidence;
		}

		private static int rank(ContactLevel level) {
			return switch (level) {
				case GENERAL -> 0;
				case SECONDARY -> 1;
				case CLOSE -> 2;
			};
		}

	}

	private void publish(List<Change> changes, Map<Long, CaseRow> cases, Instant now) {
		Map<Long, List<ContactIdentified.Identified>> byCase = new LinkedHashMap<>();
		for (Change change : changes) {
			byCase.computeIfAbsent(change.caseId(), c -> new ArrayList<>())
				.add(new ContactIdentified.Identified(change.personId(), change.level(), change.firstExposureAt()));
		}
		byCase.forEach((caseId, list) -> {
			for (int from = 0; from < list.size(); from += ContactIdentified.MAX) {
				this.events.publishEvent(new ContactIdentified(caseId, cases.get(caseId).personId(),
						list.subList(from, Math.min(list.size(), from + ContactIdentified.MAX)), now));
			}
		});
		Map<ContactLevel, List<Long>> levels = this.contacts
			.personLevels(changes.stream().map(Change::personId).distinct().toList(), now);
		levels.forEach((level, persons) -> {
			for (int from = 0; from < persons.size(); from += ContactStatusChanged.MAX) {
				this.events.publishEvent(new ContactStatusChanged(
						persons.subList(from, Math.min(persons.size(), from + ContactStatusChanged.MAX)), level, now));
			}
		});
	}

}
