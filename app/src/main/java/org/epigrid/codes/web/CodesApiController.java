package org.epigrid.codes.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.codes.CodeAppealManagement;
import org.epigrid.codes.CodeAppealManagement.Appeal;
import org.epigrid.codes.CodeProtocolManagement;
import org.epigrid.codes.CodeProtocolManagement.Version;
import org.epigrid.codes.CodeStatisticsManagement;
import org.epigrid.codes.CodeStatus;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.codes.HealthCodeManagement.Change;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.web.ApiController;
import tools.jackson.databind.JsonNode;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Health codes for staff: the colour rules (read by all, changed by administrators), a
 * person's code with its history (jurisdiction-checked and audited), appeals.
 */
@ApiController
@RequestMapping("/api/v1/codes")
@PreAuthorize(CodesApiController.STAFF)
class CodesApiController {

	/** Every staff role: what the codes pages and API ask of a logged-in user. */
	static final String STAFF = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER', 'SITE_LEADER', 'QUARANTINE_OFFICER', 'DATA_OFFICER')";

	/** Who decides appeals (as {@code CodeAppealManagement} checks). */
	static final String APPEAL_DECIDERS = "hasAnyRole('ADMIN', 'EPIDEMIOLOGIST', 'DATA_OFFICER')";

	/** Administrators only: the code rules. */
	static final String ADMIN = "hasRole('ADMIN')";

	private final CodeProtocolManagement protocols;

	private final HealthCodeManagement codes;

	private final CodeAppealManagement appeals;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final CodeStatisticsManagement statistics;

	private final java.time.Clock clock;

	CodesApiController(CodeProtocolManagement protocols, HealthCodeManagement codes, CodeAppealManagement appeals,
			ResidentDirectory residents, AuditManagement audit, CodeStatisticsManagement statistics,
			java.time.Clock clock) {
		this.statistics = statistics;
		this.clock = clock;
		this.protocols = protocols;
		this.codes = codes;
		this.appeals = appeals;
		this.residents = residents;
		this.audit = audit;
	}

	@GetMapping("/protocol")
	Version protocol() {
		return this.protocols.current();
	}

	@GetMapping("/protocol/versions")
	List<Version> versions() {
		return this.protocols.versions();
	}

	@PutMapping("/protocol")
	@PreAuthorize(ADMIN)
	Version change(@RequestBody ProtocolRequest body, HttpServletRequest request) {
		if (body.rules() == null || !body.rules().isObject()) {
			throw FieldErrorsException.of("rules", "is required: the protocol document as a JSON object");
		}
		return this.protocols.change(CurrentCaller.get(), body.rules().toString(), body.note(), "API",
				request.getRemoteAddr());
	}

	@GetMapping("/persons/{id}")
	PersonCode person(@PathVariable long id, HttpServletRequest request) {
		Caller caller = CurrentCaller.get();
		Resident resident = this.residents.byIds(List.of(id)).get(id);
		if (resident == null || !caller.jurisdiction().contains(resident.path())) {
			throw new NotFoundException("person " + id);
		}
		this.audit.record(caller, new AuditManagement.View("VIEW_HEALTH_CODE", "PERSON", String.valueOf(id),
				resident.maskedName(), "health code", "API", request.getRemoteAddr()));
		return new PersonCode(resident.maskedName(), this.codes.statuses(List.of(id)).get(id), this.codes.history(id),
				this.appeals.ofPerson(id));
	}

	@GetMapping("/appeals")
	List<Appeal> openAppeals() {
		return this.appeals.open(CurrentCaller.get());
	}

	@PostMapping("/appeals/{id}/decision")
	@PreAuthorize(APPEAL_DECIDERS)
	Appeal decide(@PathVariable long id, @RequestBody DecisionRequest body, HttpServletRequest request) {
		if (body.corrected() == null) {
			throw FieldErrorsException.of("corrected", "is required: true to correct the facts, false to reject");
		}
		return this.appeals.decide(CurrentCaller.get(), id, body.corrected(), body.answer(), body.clearFacts(), "API",
				request.getRemoteAddr());
	}

	/**
	 * Displays and verifications per day, division and colour or result, in the caller's
	 * jurisdiction; today (UTC+8) by default.
	 */
	@GetMapping("/statistics/daily")
	List<CodeStatisticsManagement.DailyCount> daily(@RequestParam(required = false) java.time.LocalDate from,
			@RequestParam(required = false) java.time.LocalDate to) {
		java.time.LocalDate today = java.time.LocalDate.now(this.clock);
		return this.statistics.daily(CurrentCaller.get(), (from == null) ? today : from, (to == null) ? today : to);
	}

	/**
	 * How many persons in the caller's jurisdiction have each colour now (among persons
	 * with facts).
	 */
	@GetMapping("/statistics/colours")
	Map<?, Long> colours() {
		return this.statistics.colours(CurrentCaller.get());
	}

	record ProtocolRequest(JsonNode rules, String note) {
	}

	record DecisionRequest(Boolean corrected, String answer, List<String> clearFacts) {
	}

	record PersonCode(String maskedName, CodeStatus status, List<Change> history, List<Appeal> appeals) {
	}

}
