package org.epigrid.codes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.epigrid.codes.internal.status.AppealRepository.NewAppeal;
import org.epigrid.codes.internal.status.AppealRepository;
import org.epigrid.codes.internal.status.CodeFactWriter;
import org.epigrid.codes.internal.status.Fact;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appeals (申诉): a resident who thinks their colour is wrong says why; a reviewer in whose
 * jurisdiction they live either rejects it with an answer or corrects the facts that were
 * wrong (e.g. a trip that was only a transit), after which the code is computed again.
 * The appeal keeps the status it was about; the correction is in the code's history with
 * the appeal as its cause, and in the audit log.
 */
@Service
public class CodeAppealManagement {

	private final AppealRepository appeals;

	private final CodeFactWriter facts;

	private final HealthCodeManagement codes;

	private final AuditManagement audit;

	private final Clock clock;

	CodeAppealManagement(AppealRepository appeals, CodeFactWriter facts, HealthCodeManagement codes,
			AuditManagement audit, Clock clock) {
		this.appeals = appeals;
		this.facts = facts;
		this.codes = codes;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Files an appeal.
	 * @param personId whose code
	 * @param personPath where the person lives (decides who reviews it)
	 * @param submittedBy who files it (a masked phone for a resident, a username for
	 * staff)
	 * @param statement why the code is wrong, 5–1,000 characters
	 * @return the appeal
	 * @throws FieldErrorsException naming {@code statement}
	 * @throws ConflictException if an appeal of the person is still open
	 */
	@Transactional
	public Appeal submit(long personId, String personPath, String submittedBy, String statement) {
		String text = (statement == null) ? "" : statement.strip();
		if (text.length() < 5 || text.length() > 1000) {
			throw FieldErrorsException.of("statement", "say in 5 to 1,000 characters why the code is wrong");
		}
		if (this.appeals.hasOpen(personId)) {
			throw new ConflictException("personId", "an appeal of this code is already being reviewed");
		}
		CodeStatus status = this.codes.status(personId);
		long id = this.appeals.add(new NewAppeal(personId, personPath, this.clock.instant(), submittedBy,
				status.colour(), status.star(), status.reasons().stream().map(Reason::code).toList(), text));
		return find(id);
	}

	/**
	 * A person's appeals, newest first (for the resident's own page).
	 * @param personId the person
	 * @return the appeals
	 */
	public List<Appeal> ofPerson(long personId) {
		return this.appeals.ofPerson(personId);
	}

	/**
	 * Open appeals of persons in the reviewer's jurisdiction, oldest first.
	 * @param reviewer an administrator, epidemiologist or data officer
	 * @return at most 200 appeals
	 */
	public List<Appeal> open(Caller reviewer) {
		requireReviewer(reviewer);
		return this.appeals.openIn(reviewer.jurisdiction());
	}

	/**
	 * Decides an appeal.
	 * @param reviewer an administrator, epidemiologist or data officer whose jurisdiction
	 * holds the person
	 * @param appealId the appeal
	 * @param corrected {@code true} to correct the facts, {@code false} to reject
	 * @param answer what the resident is told, required
	 * @param clearFacts for a correction, the facts that were wrong (e.g.
	 * {@code riskTripAt})
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the reviewer's address
	 * @return the decided appeal
	 * @throws NotFoundException if there is no such appeal in the jurisdiction
	 * @throws ConflictException if it was already decided
	 * @throws FieldErrorsException naming {@code answer} or {@code clearFacts}
	 */
	@Transactional
	public Appeal decide(Caller reviewer, long appealId, boolean corrected, String answer, List<String> clearFacts,
			String channel, String clientIp) {
		requireReviewer(reviewer);
		Appeal appeal = find(appealId);
		if (appeal == null || !reviewer.jurisdiction().contains(appeal.personPath())) {
			throw new NotFoundException("appeal " + appealId);
		}
		if (!"OPEN".equals(appeal.state())) {
			throw new ConflictException("appealId", "appeal " + appealId + " was already decided: " + appeal.state());
		}
		String text = (answer == null) ? "" : answer.strip();
		List<FieldErrorsException.FieldError> errors = new ArrayList<>();
		if (text.isEmpty() || text.length() > 1000) {
			errors.add(new FieldErrorsException.FieldError("answer", "is required, at most 1,000 characters"));
		}
		Set<Fact> facts = new LinkedHashSet<>();
		List<String> names = (clearFacts == null) ? List.of() : clearFacts;
		for (int i = 0; i < names.size(); i++) {
			Fact fact = Fact.byKey(String.valueOf(names.get(i))).orElse(null);
			if (fact == null) {
				errors.add(new FieldErrorsException.FieldError("clearFacts[" + i + "]", "is not a known fact"));
			}
			else {
				facts.add(fact);
			}
		}
		if (corrected && facts.isEmpty() && errors.isEmpty()) {
			errors.add(new FieldErrorsException.FieldError("clearFacts", "name the facts that were wrong"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (corrected) {
			this.facts.clear(appeal.personId(), facts, this.clock.instant());
			this.codes.recompute(List.of(appeal.personId()), "appeal #" + appealId);
		}
		if (!this.appeals.decide(appealId, corrected, this.clock.instant(), reviewer.username(), text,
				facts.stream().map(Fact::key).toList())) {
			// decided by someone else meanwhile: nothing of this decision stays
			throw new ConflictException("appealId", "appeal " + appealId + " was already decided");
		}
		this.audit.record(reviewer, new AuditManagement.View(corrected ? "CORRECT_CODE" : "REJECT_APPEAL", "PERSON",
				String.valueOf(appeal.personId()), "appeal #" + appealId, "code appeal", channel, clientIp));
		return find(appealId);
	}

	private static void requireReviewer(Caller caller) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.EPIDEMIOLOGIST) && !caller.has(Role.DATA_OFFICER)) {
			throw new ForbiddenException("appeal",
					"only administrators, epidemiologists and data officers review appeals");
		}
	}

	private Appeal find(long id) {
		return this.appeals.find(id).orElse(null);
	}

	/**
	 * An appeal.
	 *
	 * @param id its id
	 * @param personId whose code
	 * @param personPath where they live
	 * @param submittedAt when filed
	 * @param submittedBy who filed it
	 * @param colour the colour appealed against
	 * @param star the star appealed against
	 * @param reasons the reason codes appealed against
	 * @param statement why the resident thinks it is wrong
	 * @param state {@code OPEN}, {@code CORRECTED} or {@code REJECTED}
	 * @param decidedAt when decided
	 * @param decidedBy by whom
	 * @param answer what the resident is told
	 * @param clearedFacts the facts found wrong and cleared
	 */
	public record Appeal(long id, long personId, String personPath, Instant submittedAt, String submittedBy,
			Colour colour, boolean star, List<String> reasons, String statement, String state, Instant decidedAt,
			String decidedBy, String answer, List<String> clearedFacts) {
	}

}
