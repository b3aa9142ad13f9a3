package org.epigrid.tracing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.internal.CaseRepository;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.ContactEngine;
import org.epigrid.tracing.internal.ContactRepository;
import org.epigrid.tracing.internal.ContactRepository.Stored;
import org.epigrid.tracing.internal.TracingProperties;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contacts of cases (E1): computed on demand for one case or many together, and read
 * with all their evidence by the case's investigators (the case in their jurisdiction,
 * every view audited).
 */
@Service
public class ContactManagement {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() {
	};

	private final CaseRepository cases;

	private final ContactRepository contacts;

	private final ContactEngine engine;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final TracingProperties settings;

	ContactManagement(CaseRepository cases, ContactRepository contacts, ContactEngine engine,
			ResidentDirectory residents, AuditManagement audit, TracingProperties settings) {
		this.cases = cases;
		this.contacts = contacts;
		this.engine = engine;
		this.residents = residents;
		this.audit = audit;
		this.settings = settings;
	}

	/**
	 * Computes a case's contacts now: new data adds and updates, never duplicates.
	 * @param caller an investigator
	 * @param caseId the case
	 * @return what was found
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public ContactRun run(Caller caller, long caseId) {
		return run(caller, List.of(caseId));
	}

	/**
	 * Computes the contacts of several cases together, in one computation.
	 * @param caller an investigator
	 * @param caseIds the cases, at most {@code epigrid.tracing.max-cases-per-run}
	 * @return what was found
	 * @throws NotFoundException naming the first case not in the caller's jurisdiction
	 * @throws FieldErrorsException naming {@code caseIds} if empty or too many
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public ContactRun run(Caller caller, List<Long> caseIds) {
		CaseManagement.requireInvestigator(caller);
		if (caseIds == null || caseIds.isEmpty() || caseIds.size() > this.settings.maxCasesPerRun()
				|| caseIds.stream().anyMatch(java.util.Objects::isNull)) {
			throw FieldErrorsException.of("caseIds", "1 to " + this.settings.maxCasesPerRun() + " case ids");
		}
		List<Long> distinct = caseIds.stream().distinct().toList();
		List<Long> visible = new ArrayList<>();
		for (CaseRow row : this.cases.byIds(distinct)) {
			if (caller.jurisdiction().contains(row.path())) {
				visible.add(row.id());
			}
		}
		for (long id : distinct) {
			if (!visible.contains(id)) {
				throw new NotFoundException("case " + id);
			}
		}
		return this.engine.run(distinct);
	}

	/**
	 * A case's contacts with their evidence, closest first, audited.
	 * @param caller an investigator
	 * @param caseId the case
	 * @param level only this level, may be {@code null}
	 * @param page the page
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the page
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public Slice<Contact> contacts(Caller caller, long caseId, ContactLevel level, PageRequest page, String channel,
			String clientIp) {
		CaseManagement.requireInvestigator(caller);
		this.cases.find(caseId, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + caseId));
		Slice<Stored> rows = Slice.of(this.contacts.ofCase(caseId, level, page), page);
		this.audit.record(caller, new AuditManagement.View("VIEW_CONTACTS", "CASE", String.valueOf(caseId), null,
				"page " + page.page() + ((level == null) ? "" : ", " + level), channel, clientIp));
		Map<Long, Resident> persons = this.residents.byIds(rows.items().stream().map(Stored::personId).toList());
		return rows.map(row -> {
			Resident person = persons.get(row.personId());
			return new Contact(row.caseId(), row.personId(), (person == null) ? null : person.maskedName(), row.path(),
					row.level(), row.viaPersonId(), row.firstExposureAt(), row.lastExposureAt(),
					JSON.readValue(row.evidenceJson(), EVIDENCE), row.protocolVersion(), row.identifiedAt(),
					row.updatedAt());
		});
	}

	/**
	 * How many contacts a case has, by level.
	 * @param caller an investigator
	 * @param caseId the case
	 * @return the counts
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 */
	@Transactional(readOnly = true)
	public Map<ContactLevel, Integer> count(Caller caller, long caseId) {
		CaseManagement.requireInvestigator(caller);
		this.cases.find(caseId, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + caseId));
		return this.contacts.count(List.of(caseId));
	}

}
