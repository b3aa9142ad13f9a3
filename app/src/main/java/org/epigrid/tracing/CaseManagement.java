package org.epigrid.tracing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.health.CaseStatus;
import org.epigrid.shared.health.CaseStatusChanged;
import org.epigrid.testing.PositiveResult;
import org.epigrid.tracing.internal.CaseRepository;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.ContactEngine;
import org.epigrid.tracing.internal.LinkRepository;
import org.epigrid.tracing.internal.TracingProperties;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cases (E6): opened from a positive single-tube result or by hand, one per person, seen
 * by epidemiologists and the command in their jurisdiction (in SQL), every view audited.
 * A new case's status reaches the health codes ({@link CaseStatusChanged}) and its
 * contacts are computed at once ({@code epigrid.tracing.contacts-on-open}).
 */
@Service
public class CaseManagement {

	/** Who sees and opens cases. */
	static final List<Role> INVESTIGATORS = List.of(Role.ADMIN, Role.COMMANDER, Role.EPIDEMIOLOGIST);

	/** The earliest onset accepted, relative to now: a case is an infection of weeks. */
	private static final int MAX_ONSET_DAYS = 60;

	private final CaseRepository cases;

	private final ContactEngine engine;

	private final LinkRepository links;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final ApplicationEventPublisher events;

	private final TracingProperties settings;

	private final Clock clock;

	CaseManagement(CaseRepository cases, ContactEngine engine, LinkRepository links, ResidentDirectory residents,
			AuditManagement audit, ApplicationEventPublisher events, TracingProperties settings, Clock clock) {
		this.cases = cases;
		this.engine = engine;
		this.links = links;
		this.residents = residents;
		this.audit = audit;
		this.events = events;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Opens a case by hand, tells the codes, and computes its contacts.
	 * @param caller an admin, commander or epidemiologist
	 * @param request the case
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the case
	 * @throws ForbiddenException for other roles
	 * @throws FieldErrorsException naming each field missing or wrong
	 * @throws NotFoundException if the person is not in the caller's jurisdiction (or
	 * nowhere: the same answer)
	 * @throws ConflictException if the person already is a case
	 */
	@Transactional
	public TracingCase open(Caller caller, NewCase request, String channel, String clientIp) {
		requireInvestigator(caller);
		Instant now = this.clock.instant();
		List<FieldError> errors = new ArrayList<>();
		if (request == null || request.personId() == null) {
			errors.add(new FieldError("personId", "is required"));
		}
		if (request != null) {
			if (request.onsetDate() == null && request.firstPositiveAt() == null) {
				errors.add(new FieldError("onsetDate", "onsetDate or firstPositiveAt is required: the exposure window "
						+ "counts back from the earlier"));
			}
			LocalDate today = LocalDate.ofInstant(now, this.clock.getZone());
			if (request.onsetDate() != null && (request.onsetDate().isAfter(today)
					|| request.onsetDate().isBefore(today.minusDays(MAX_ONSET_DAYS)))) {
				errors.add(new FieldError("onsetDate", "must be within the last " + MAX_ONSET_DAYS + " days"));
			}
			if (request.firstPositiveAt() != null && (request.firstPositiveAt().isAfter(now)
					|| request.firstPositiveAt().isBefore(now.minus(java.time.Duration.ofDays(MAX_ONSET_DAYS))))) {
				errors.add(new FieldError("firstPositiveAt", "must be within the last " + MAX_ONSET_DAYS + " days"));
			}
			TextLimit.check(errors, "sourceNote", request.sourceNote(), 500);
			TextLimit.check(errors, "hospital", request.hospital(), TextLimit.LABEL);
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Resident person = this.residents.byIds(List.of(request.personId()))
			.values()
			.stream()
			.filter(r -> caller.jurisdiction().contains(r.path()))
			.findFirst()
			.orElseThrow(() -> new NotFoundException("person " + request.personId()));
		Optional<Long> id = this.cases.open(new CaseRow(0, person.personId(), person.path(), request.classification(),
				CaseState.REPORTED, request.onsetDate(), request.firstPositiveAt(), CaseSource.MANUAL,
				blankToNull(request.sourceNote()), blankToNull(request.hospital()), now, caller.username(), now, null,
				null));
		if (id.isEmpty()) {
			throw new ConflictException("personId", "this person already is a case: case "
					+ this.cases.ofPerson(person.personId()).map(CaseRow::id).orElse(0L));
		}
		opened(id.get(), person.personId(), request.classification(), now);
		this.audit.record(caller, new AuditManagement.View("OPEN_CASE", "PERSON", String.valueOf(person.personId()),
				person.maskedName(), "case " + id.get(), channel, clientIp));
		return view(this.cases.find(id.get(), caller.jurisdiction()).orElseThrow());
	}

	/**
	 * Opens a case from a positive single-tube result, unless the person is one already
	 * (a positive retest of a case opens nothing).
	 * @param positive the result
	 * @return the new case, empty if none was opened
	 */
	@Transactional
	public Optional<Long> open(PositiveResult positive) {
		if (!this.settings.casesFromPositives()) {
			return Optional.empty();
		}
		Resident person = this.residents.byIds(List.of(positive.personId())).get(positive.personId());
		if (person == null) {
			return Optional.empty();
		}
		Instant now = this.clock.instant();
		String note = "sample " + positive.sampleId() + ", tube " + positive.tubeBarcode() + ", "
				+ ((positive.lab() == null) ? "" : positive.lab());
		Optional<Long> id = this.cases.open(new CaseRow(0, person.personId(), person.path(), null, CaseState.REPORTED,
				null, positive.sampledAt(), CaseSource.POSITIVE_RESULT,
				(note.length() > 500) ? note.substring(0, 500) : note, null, now, "system", now, null, null));
		id.ifPresent(caseId -> opened(caseId, person.personId(), null, now));
		return id;
	}

	private void opened(long caseId, long personId, CaseClassification classification, Instant now) {
		this.events.publishEvent(new CaseStatusChanged(personId, status(classification), now));
		if (this.settings.contactsOnOpen()) {
			this.engine.run(List.of(caseId));
		}
		else {
			// a contact of an earlier case becomes a case: the chain grows without a run
			this.links.link(List.of(caseId), this.clock.getZone(), now);
		}
	}

	/**
	 * Cases in the caller's jurisdiction, newest first.
	 * @param caller an investigator
	 * @param state only this state, may be {@code null}
	 * @param classification only this classification, may be {@code null}
	 * @param page the page
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the page
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public Slice<TracingCase> list(Caller caller, CaseState state, CaseClassification classification, PageRequest page,
			String channel, String clientIp) {
		requireInvestigator(caller);
		Slice<CaseRow> rows = Slice.of(this.cases.list(caller.jurisdiction(), state, classification, page), page);
		this.audit.record(caller, new AuditManagement.View("LIST_CASES", "CASE", "list", null,
				"page " + page.page() + ((state == null) ? "" : ", " + state), channel, clientIp));
		Map<Long, Resident> persons = this.residents.byIds(rows.items().stream().map(CaseRow::personId).toList());
		return rows.map(row -> view(row, persons.get(row.personId())));
	}

	/**
	 * A case, audited.
	 * @param caller an investigator
	 * @param id the case
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the case
	 * @throws NotFoundException if not in the caller's jurisdiction (or nowhere)
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public TracingCase get(Caller caller, long id, String channel, String clientIp) {
		requireInvestigator(caller);
		TracingCase found = view(
				this.cases.find(id, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + id)));
		this.audit.record(caller, new AuditManagement.View("VIEW_CASE", "PERSON", String.valueOf(found.personId()),
				found.maskedName(), "case " + id, channel, clientIp));
		return found;
	}

	/**
	 * Changes a case's state, classification or hospital, audited; a state only moves
	 * forward (reported, investigating, transferred, in hospital, then recovered or
	 * died), and the codes hear of a new classification or a recovery.
	 * @param caller an investigator
	 * @param id the case
	 * @param change what changes
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the case
	 * @throws NotFoundException if not in the caller's jurisdiction (or nowhere)
	 * @throws FieldErrorsException if nothing is given or the hospital is too long
	 * @throws ConflictException if the state would move back
	 */
	@Transactional
	public TracingCase change(Caller caller, long id, CaseChange change, String channel, String clientIp) {
		requireInvestigator(caller);
		CaseRow row = this.cases.lock(id, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + id));
		List<FieldError> errors = new ArrayList<>();
		if (change == null || (change.state() == null && change.classification() == null
				&& blankToNull(change.hospital()) == null)) {
			errors.add(new FieldError("state", "give a state, a classification or a hospital"));
		}
		else {
			TextLimit.check(errors, "hospital", change.hospital(), TextLimit.LABEL);
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (change.state() != null && change.state() != row.state()) {
			if (row.state() == CaseState.RECOVERED || row.state() == CaseState.DIED) {
				throw new ConflictException("state", "the case is closed (" + row.state() + ")");
			}
			if (change.state().ordinal() < row.state().ordinal()) {
				throw new ConflictException("state",
						"a case's state only moves forward: it is " + row.state() + ", not back to " + change.state());
			}
		}
		Instant now = this.clock.instant();
		this.cases.change(id, change.state(), change.classification(), blankToNull(change.hospital()), now);
		if (change.classification() != null && change.classification() != row.classification()) {
			this.events.publishEvent(new CaseStatusChanged(row.personId(), status(change.classification()), now));
		}
		if (change.state() == CaseState.RECOVERED && row.state() != CaseState.RECOVERED) {
			this.events.publishEvent(new CaseStatusChanged(row.personId(), CaseStatus.RECOVERED, now));
		}
		this.audit.record(caller, new AuditManagement.View("CHANGE_CASE", "CASE", String.valueOf(id), null,
				"state " + change.state() + ", classification " + change.classification(), channel, clientIp));
		return view(this.cases.find(id, caller.jurisdiction()).orElseThrow());
	}

	/**
	 * Moves a case forward to a state reported by its transfer (never back), the hospital
	 * set if it had none.
	 */
	void advance(long id, CaseState state, String hospital, Instant now) {
		CaseRow row = this.cases.byIds(List.of(id)).get(0);
		boolean forward = state.ordinal() > row.state().ordinal() && row.state() != CaseState.RECOVERED
				&& row.state() != CaseState.DIED;
		this.cases.change(id, forward ? state : null, null, (row.hospital() == null) ? hospital : null, now);
	}

	/**
	 * How quickly the cases opened in the last days were handled, against the target
	 * ({@code epigrid.tracing.timeliness-target}): positive sample to case, case to
	 * contacts identified, and the whole way, with the slowest cases over the target.
	 * (Contacts notified and quarantined are reported by later modules.)
	 * @param caller an investigator
	 * @param days how many days back, 1 to 366
	 * @return the figures for the caller's jurisdiction
	 * @throws FieldErrorsException naming {@code days}
	 */
	@Transactional(readOnly = true)
	public Timeliness timeliness(Caller caller, int days) {
		requireInvestigator(caller);
		if (days < 1 || days > 366) {
			throw FieldErrorsException.of("days", "must be 1 to 366");
		}
		Instant now = this.clock.instant();
		java.time.Duration target = this.settings.timelinessTarget();
		CaseRepository.TimelinessRow row = this.cases.timeliness(caller.jurisdiction(),
				now.minus(java.time.Duration.ofDays(days)), now, target, 20);
		return new Timeliness(days, target.toSeconds(), row.cases(), stage(row.sampleToOpened()),
				stage(row.openedToContacts()), stage(row.sampleToContacts()), row.withinTarget(),
				row.slowest().stream().map(s -> new Timeliness.Slow(s[0], s[1])).toList());
	}

	private static Timeliness.Stage stage(CaseRepository.Stage stage) {
		return new Timeliness.Stage(stage.count(), stage.mean(), stage.median(), stage.p90());
	}

	static void requireInvestigator(Caller caller) {
		if (INVESTIGATORS.stream().noneMatch(caller::has)) {
			throw new ForbiddenException("role", "only an admin, the command or an epidemiologist works on cases");
		}
	}

	private TracingCase view(CaseRow row) {
		return view(row, this.residents.byIds(List.of(row.personId())).get(row.personId()));
	}

	private static TracingCase view(CaseRow row, Resident person) {
		return new TracingCase(row.id(), row.personId(), (person == null) ? null : person.maskedName(), row.path(),
				row.classification(), row.state(), row.onsetDate(), row.firstPositiveAt(), row.source(),
				row.sourceNote(), row.hospital(), row.openedAt(), row.openedBy(), row.stateAt(), row.contactsRunAt(),
				row.contactsFoundAt());
	}

	private static CaseStatus status(CaseClassification classification) {
		if (classification == CaseClassification.SUSPECTED) {
			return CaseStatus.SUSPECTED;
		}
		return (classification == CaseClassification.ASYMPTOMATIC) ? CaseStatus.ASYMPTOMATIC : CaseStatus.CONFIRMED;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

}
