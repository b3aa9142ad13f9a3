package org.epigrid.tracing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.epigrid.datahub.TravelManifests;
import org.epigrid.datahub.TravelManifests.Journey;
import org.epigrid.population.DivisionManagement;
import org.epigrid.population.IdentityLookup;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PhoneNumber;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.internal.CaseRepository;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.ContactEngine;
import org.epigrid.tracing.internal.EntryRepository;
import org.epigrid.tracing.internal.NamedContactRepository;
import org.epigrid.tracing.internal.TracingProtocolRepository;
import org.epigrid.venues.PresenceManagement;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The investigation of a case (流调, E2): what the data already tell for its window (its
 * journeys in the inbound traveller records, its compound checkpoint passes, its police
 * trajectory records; its venue stays are its trajectory) and what the investigator adds
 * — a place by address, a flight or train with its seat, a coach, a taxi. A journey added
 * is searched for fellow travellers at once: its contacts are computed again.
 */
@Service
public class InvestigationManagement {

	/** The kinds of entry. */
	static final Set<String> KINDS = Set.of("PLACE", "FLIGHT", "TRAIN", "BUS", "TAXI");

	/** The most entries one case may have. */
	static final int MAX_ENTRIES = 500;

	private final CaseRepository cases;

	private final EntryRepository entries;

	private final TracingProtocolRepository protocols;

	private final TravelManifests manifests;

	private final NamedContactRepository named;

	private final PresenceManagement presence;

	private final DivisionManagement divisions;

	private final IdentityLookup identities;

	private final ContactEngine engine;

	private final AuditManagement audit;

	private final Clock clock;

	InvestigationManagement(CaseRepository cases, EntryRepository entries, TracingProtocolRepository protocols,
			TravelManifests manifests, NamedContactRepository named, IdentityLookup identities, ContactEngine engine,
			PresenceManagement presence, DivisionManagement divisions, AuditManagement audit, Clock clock) {
		this.presence = presence;
		this.divisions = divisions;
		this.named = named;
		this.identities = identities;
		this.cases = cases;
		this.entries = entries;
		this.protocols = protocols;
		this.manifests = manifests;
		this.engine = engine;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * A case's investigation: its window, the journeys the records show in it, and the
	 * entries recorded, audited.
	 * @param caller an investigator
	 * @param caseId the case
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the investigation
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 */
	@Transactional
	public Investigation investigation(Caller caller, long caseId, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		CaseRow row = this.cases.find(caseId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("case " + caseId));
		Instant now = this.clock.instant();
		ContactEngine.Window window = ContactEngine.window(row, this.protocols.current().definitions(), now,
				this.clock.getZone());
		List<Journey> journeys = this.manifests.journeys(List.of(row.personId()), window.from(), window.to());
		this.audit.record(caller, new AuditManagement.View("VIEW_INVESTIGATION", "PERSON",
				String.valueOf(row.personId()), null, "case " + caseId, channel, clientIp));
		return new Investigation(caseId, window.from(), window.to(), journeys.stream()
			.map(j -> new Investigation.RecordedJourney(j.number(), j.transport(), j.seat(), j.arrivedAt(), j.source()))
			.toList(), this.entries.ofCases(List.of(caseId)),
				this.named.ofCases(List.of(caseId)).stream().map(InvestigationManagement::masked).toList(),
				this.presence.passes(List.of(row.personId()), window.from(), window.to())
					.stream()
					.map(p -> new Investigation.RecordedPass(
							this.divisions.nameOf(p.compoundPath()).orElse(p.compoundPath()), p.direction(), p.at()))
					.toList(),
				this.manifests.traces(List.of(row.personId()), window.from(), window.to()));
	}

	/**
	 * Records a place or journey, audited; a flight, train or coach computes the case's
	 * contacts again at once.
	 * @param caller an investigator
	 * @param caseId the case
	 * @param entry the entry
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the entry
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 * @throws FieldErrorsException naming each field missing or wrong
	 */
	@Transactional
	public TrajectoryEntry add(Caller caller, long caseId, NewEntry entry, String channel, String clientIp) {
		return save(caller, caseId, null, entry, channel, clientIp);
	}

	/**
	 * Corrects a recorded place or journey (the investigator confirms and edits what was
	 * told), audited; a flight, train or coach computes the case's contacts again.
	 * @param caller an investigator
	 * @param caseId the case
	 * @param entryId the entry
	 * @param entry the entry as it should be
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the entry
	 * @throws NotFoundException if the case is not in the caller's jurisdiction or has no
	 * such entry
	 * @throws FieldErrorsException naming each field missing or wrong
	 */
	@Transactional
	public TrajectoryEntry update(Caller caller, long caseId, long entryId, NewEntry entry, String channel,
			String clientIp) {
		return save(caller, caseId, entryId, entry, channel, clientIp);
	}

	private TrajectoryEntry save(Caller caller, long caseId, Long entryId, NewEntry entry, String channel,
			String clientIp) {
		CaseManagement.requireInvestigator(caller);
		CaseRow row = this.cases.lock(caseId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("case " + caseId));
		List<TrajectoryEntry> existing = this.entries.ofCases(List.of(caseId));
		if (entryId != null && existing.stream().noneMatch(x -> x.id() == entryId)) {
			throw new NotFoundException("entry " + entryId);
		}
		Instant now = this.clock.instant();
		List<FieldError> errors = new ArrayList<>();
		NewEntry e = (entry == null) ? new NewEntry(null, null, null, null, null, null, null, null, null, null, null)
				: entry;
		String kind = (e.kind() == null) ? null : e.kind().strip();
		if (kind == null || !KINDS.contains(kind)) {
			errors.add(new FieldError("kind", "is required: PLACE, FLIGHT, TRAIN, BUS or TAXI"));
		}
		if (e.from() == null) {
			errors.add(new FieldError("from", "is required"));
		}
		if (e.to() == null) {
			errors.add(new FieldError("to", "is required"));
		}
		if (e.from() != null && e.to() != null) {
			if (e.to().isBefore(e.from())) {
				errors.add(new FieldError("to", "must not be before from"));
			}
			if (e.to().isAfter(now.plus(Duration.ofMinutes(5)))) {
				errors.add(new FieldError("to", "lies in the future"));
			}
			if (e.from().isBefore(now.minus(Duration.ofDays(60)))) {
				errors.add(new FieldError("from", "must be within the last 60 days"));
			}
			if (Duration.between(e.from(), e.to()).compareTo(Duration.ofDays(3)) > 0) {
				errors.add(new FieldError("to", "an entry lasts at most 3 days: record longer stays day by day"));
			}
		}
		TextLimit.check(errors, "address", e.address(), TextLimit.ADDRESS);
		TextLimit.check(errors, "number", e.number(), 32);
		TextLimit.check(errors, "car", e.car(), 16);
		TextLimit.check(errors, "seat", e.seat(), 16);
		TextLimit.check(errors, "note", e.note(), 500);
		if ("PLACE".equals(kind) && blank(e.address()) && e.venueId() == null) {
			errors.add(new FieldError("address", "a place needs an address or a venue"));
		}
		if (kind != null && !"PLACE".equals(kind) && blank(e.number())) {
			errors.add(new FieldError("number",
					"is required: the flight or train number, the coach line or the taxi plate"));
		}
		if ((e.lon() == null) != (e.lat() == null)) {
			errors.add(new FieldError((e.lon() == null) ? "lon" : "lat", "give both longitude and latitude"));
		}
		if (e.lon() != null && (e.lon() < -180 || e.lon() > 180)) {
			errors.add(new FieldError("lon", "must be between -180 and 180"));
		}
		if (e.lat() != null && (e.lat() < -90 || e.lat() > 90)) {
			errors.add(new FieldError("lat", "must be between -90 and 90"));
		}
		if (entryId == null && existing.size() >= MAX_ENTRIES) {
			errors.add(new FieldError("kind", "a case has at most " + MAX_ENTRIES + " entries"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		String number = blank(e.number()) ? null
				: ("TAXI".equals(kind) ? e.number().strip() : TravelManifests.normalise(e.number()));
		TrajectoryEntry saved = new TrajectoryEntry((entryId == null) ? 0 : entryId, caseId, kind, e.venueId(),
				strip(e.address()), e.lon(), e.lat(), e.from(), e.to(), number, strip(e.car()), strip(e.seat()),
				strip(e.note()), now, caller.username());
		long id = (entryId == null) ? this.entries.insert(saved) : this.entries.update(saved);
		this.audit.record(caller,
				new AuditManagement.View((entryId == null) ? "ADD_TRAJECTORY_ENTRY" : "EDIT_TRAJECTORY_ENTRY", "PERSON",
						String.valueOf(row.personId()), null, "case " + caseId + ": " + kind, channel, clientIp));
		if (List.of("FLIGHT", "TRAIN", "BUS").contains(kind)) {
			this.engine.run(List.of(caseId));
		}
		return this.entries.ofCases(List.of(caseId)).stream().filter(x -> x.id() == id).findFirst().orElseThrow();
	}

	/**
	 * Records a person the case named, audited, and resolves them to a person as the data
	 * hub does: by ID number, else by name and phone, else by phone and a similar name;
	 * an unknown resident ID registers a provisional person (in the case's jurisdiction,
	 * for the grid to complete). A resolved person becomes a contact at once.
	 * @param caller an investigator
	 * @param caseId the case
	 * @param request who
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the named contact, masked
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 * @throws FieldErrorsException naming each field missing or wrong
	 */
	@Transactional
	public NamedContact name(Caller caller, long caseId, NewNamedContact request, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		CaseRow row = this.cases.lock(caseId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("case " + caseId));
		Instant now = this.clock.instant();
		NewNamedContact r = (request == null) ? new NewNamedContact(null, null, null, null, null, null) : request;
		List<FieldError> errors = new ArrayList<>();
		if (blank(r.name())) {
			errors.add(new FieldError("name", "is required"));
		}
		TextLimit.check(errors, "name", r.name(), TextLimit.NAME);
		TextLimit.check(errors, "relation", r.relation(), 200);
		IdNumber idNumber = null;
		if (!blank(r.idNumber())) {
			try {
				idNumber = IdNumber.of("idNumber", r.idNumber().strip());
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
		}
		String phone = null;
		if (!blank(r.phone())) {
			try {
				phone = new PhoneNumber(r.phone()).value();
			}
			catch (InvalidValueException ex) {
				errors.add(new FieldError("phone", ex.getMessage()));
			}
		}
		if (r.exposedAt() == null) {
			errors.add(new FieldError("exposedAt", "is required: when they were together"));
		}
		else if (r.exposedAt().isAfter(now.plus(Duration.ofMinutes(5)))
				|| r.exposedAt().isBefore(now.minus(Duration.ofDays(60)))) {
			errors.add(new FieldError("exposedAt", "must be within the last 60 days"));
		}
		ContactLevel level = (r.level() == null) ? ContactLevel.CLOSE : r.level();
		if (level == ContactLevel.SECONDARY) {
			errors.add(new FieldError("level", "a named contact is CLOSE or GENERAL"));
		}
		if (idNumber == null && phone == null && errors.isEmpty()) {
			errors.add(new FieldError("phone", "give an ID number or a phone: a name alone finds nobody"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		String name = r.name().strip();
		Long personId = null;
		String method = null;
		if (idNumber != null) {
			personId = this.identities.byIdNumber(List.of(idNumber.value())).get(idNumber.value());
			method = (personId == null) ? null : "ID_NUMBER";
		}
		if (personId == null && phone != null) {
			IdentityLookup.NameAndPhone key = new IdentityLookup.NameAndPhone(name, phone);
			personId = this.identities.byNameAndPhone(List.of(key)).get(key);
			method = (personId == null) ? null : "NAME_PHONE";
			if (personId == null) {
				personId = this.identities.byPhoneWithSimilarName(List.of(key)).get(key);
				method = (personId == null) ? null : "SIMILAR_NAME";
			}
		}
		if (personId == null && idNumber != null) {
			personId = this.identities
				.registerProvisional(List.of(new IdentityLookup.ProvisionalPerson(name, idNumber.value(),
						idNumber.sex(), idNumber.birthDate(), phone)), false, row.path(),
						"tracing: named by case " + caseId)
				.get(idNumber.value());
			method = (personId == null) ? null : "PROVISIONAL";
		}
		long id = this.named
			.insert(new NamedContact(0, caseId, name, phone, (idNumber == null) ? null : idNumber.value(),
					strip(r.relation()), r.exposedAt(), level, personId, method, now, caller.username()));
		this.audit.record(caller,
				new AuditManagement.View("NAME_CONTACT", "PERSON",
						(personId == null) ? "unresolved" : String.valueOf(personId), Masking.name(name),
						"case " + caseId + ": named contact " + id, channel, clientIp));
		if (personId != null) {
			this.engine.run(List.of(caseId));
		}
		return masked(this.named.ofCases(List.of(caseId)).stream().filter(c -> c.id() == id).findFirst().orElseThrow());
	}

	private static NamedContact masked(NamedContact c) {
		return new NamedContact(c.id(), c.caseId(), c.name(), (c.phone() == null) ? null : Masking.phone(c.phone()),
				(c.idNumber() == null) ? null : Masking.idNumber(c.idNumber()), c.relation(), c.exposedAt(), c.level(),
				c.personId(), c.resolvedBy(), c.createdAt(), c.createdBy());
	}

	/**
	 * Removes an entry recorded in error, audited (contacts already found stay: a level
	 * is never lowered by a computation).
	 * @param caller an investigator
	 * @param caseId the case
	 * @param entryId the entry
	 * @throws NotFoundException if the case is not in the caller's jurisdiction or has no
	 * such entry
	 */
	@Transactional
	public void remove(Caller caller, long caseId, long entryId) {
		CaseManagement.requireInvestigator(caller);
		CaseRow row = this.cases.find(caseId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("case " + caseId));
		if (!this.entries.delete(caseId, entryId)) {
			throw new NotFoundException("entry " + entryId);
		}
		this.audit.record(caller, new AuditManagement.View("REMOVE_TRAJECTORY_ENTRY", "PERSON",
				String.valueOf(row.personId()), null, "case " + caseId + ": entry " + entryId, "API", null));
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static String strip(String text) {
		return blank(text) ? null : text.strip();
	}

	/**
	 * A place or journey to record.
	 *
	 * @param kind {@code PLACE}, {@code FLIGHT}, {@code TRAIN}, {@code BUS} or
	 * {@code TAXI}
	 * @param venueId for a place, the venue if it is one
	 * @param address for a place, where (at most 300 characters)
	 * @param lon longitude (with lat)
	 * @param lat latitude (with lon)
	 * @param from when it began (a journey's departure)
	 * @param to when it ended (its arrival)
	 * @param number the flight or train number, coach line or taxi plate (at most 32)
	 * @param car the train car (at most 16)
	 * @param seat the seat (at most 16), e.g. {@code 12C}
	 * @param note a note (at most 500)
	 */
	public record NewEntry(String kind, Long venueId, String address, Double lon, Double lat, Instant from, Instant to,
			String number, String car, String seat, String note) {
	}

	/**
	 * A person the case named.
	 *
	 * @param name their name (at most 100 characters)
	 * @param phone their phone
	 * @param idNumber their resident ID number
	 * @param relation who they are and how they met (at most 200)
	 * @param exposedAt when they were together
	 * @param level {@code CLOSE} (the default) or {@code GENERAL}
	 */
	public record NewNamedContact(String name, String phone, String idNumber, String relation, Instant exposedAt,
			ContactLevel level) {
	}

	/**
	 * A case's investigation.
	 *
	 * @param caseId the case
	 * @param windowFrom its window of exposure began
	 * @param windowTo and ended
	 * @param recordedJourneys its journeys in the inbound traveller records within the
	 * window (pre-filled from data)
	 * @param entries what investigators recorded
	 * @param namedContacts the persons the case named (phones and ID numbers masked)
	 * @param recordedPasses its compound checkpoint passes within the window (from data)
	 * @param recordedTraces its police trajectory records within the window (from data)
	 */
	public record Investigation(long caseId, Instant windowFrom, Instant windowTo,
			List<RecordedJourney> recordedJourneys, List<TrajectoryEntry> entries, List<NamedContact> namedContacts,
			List<RecordedPass> recordedPasses, List<TravelManifests.Trace> recordedTraces) {

		/**
		 * A checkpoint pass.
		 *
		 * @param compound the compound's name (its path if unnamed)
		 * @param direction {@code IN} or {@code OUT}
		 * @param at when
		 */
		public record RecordedPass(String compound, String direction, Instant at) {
		}

		/**
		 * A journey in the records.
		 *
		 * @param number the flight or train
		 * @param transport how, as the source wrote it
		 * @param seat the seat
		 * @param arrivedAt when it arrived
		 * @param source which list
		 */
		public record RecordedJourney(String number, String transport, String seat, Instant arrivedAt, String source) {
		}

	}

}
