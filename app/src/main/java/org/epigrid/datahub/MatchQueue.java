package org.epigrid.datahub;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.population.IdentityLookup;
import org.epigrid.population.IdentityLookup.Candidate;
import org.epigrid.population.IdentityLookup.CandidateQuery;
import org.epigrid.population.PersonDetail;
import org.epigrid.population.PersonManagement;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.datahub.internal.MatchQueueRepository;
import org.epigrid.datahub.internal.MatchQueueRepository.UnmatchedRecord;
import org.epigrid.datahub.internal.RecordFields;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The manual match queue: accepted records that no rule could link to a person, each with
 * the persons it may mean (same name, then birth date and address), best first. A person
 * decides; the link is recorded with who made it and audited.
 */
@Service
public class MatchQueue {

	private final MatchQueueRepository records;

	private final IdentityLookup identities;

	private final PersonManagement persons;

	private final AuditManagement audit;

	private final Clock clock;

	MatchQueue(MatchQueueRepository records, IdentityLookup identities, PersonManagement persons, AuditManagement audit,
			Clock clock) {
		this.records = records;
		this.identities = identities;
		this.persons = persons;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Unmatched records of imports the caller may see, oldest first, with up to three
	 * candidates from the caller's jurisdiction.
	 * @param caller the caller
	 * @param importId only this import's records, or {@code null} for all
	 * @param page the page
	 * @return one page
	 */
	@Transactional(readOnly = true)
	public Slice<Unmatched> unmatched(Caller caller, Long importId, PageRequest page) {
		Slice<UnmatchedRecord> rows = Slice.of(this.records.unmatched(caller, importId, page.size() + 1, page.offset()),
				page);
		Map<Long, CandidateQuery> queries = new LinkedHashMap<>();
		for (UnmatchedRecord row : rows.items()) {
			queries.put(row.id(), RecordFields.candidateQuery(row.name(), row.fields()));
		}
		Map<Long, List<Candidate>> candidates = this.identities.candidates(queries, caller.jurisdiction(), 3);
		return rows.map(row -> new Unmatched(row.id(), row.importId(), row.source(), row.rowNumber(), row.name(),
				Masking.phone(row.phone()), queries.get(row.id()).birthDate(), queries.get(row.id()).address(),
				row.occurredAt(), candidates.getOrDefault(row.id(), List.of())));
	}

	/**
	 * Links an unmatched record to a person, by hand.
	 * @param caller who decides; must see both the record's import and the person
	 * @param recordId the record
	 * @param personId the person it means
	 * @param clientIp the client address for the audit log, may be {@code null}
	 * @throws NotFoundException if the record or the person is not visible to the caller
	 * @throws ConflictException if the record is linked already
	 */
	@Transactional
	public void link(Caller caller, long recordId, long personId, String clientIp) {
		Long current = this.records.linkedPerson(caller, recordId)
			.orElseThrow(() -> new NotFoundException("record " + recordId));
		if (current != -1) {
			throw new ConflictException("recordId", "record " + recordId + " is linked already");
		}
		PersonDetail person = this.persons.view(caller, personId, new Access("manual identity link", "WEB", clientIp));
		this.records.linkByHand(recordId, person.id(), caller.username(), this.clock.instant());
		this.audit.record(caller, new View("LINK_RECORD", "SOURCE_RECORD", Long.toString(recordId),
				"→ person " + personId + " " + Masking.name(person.name()), "manual identity link", "WEB", clientIp));
	}

	/**
	 * An unmatched record and the persons it may mean.
	 *
	 * @param recordId the record
	 * @param importId its import
	 * @param sourceName its source
	 * @param rowNumber its row in the file
	 * @param name the name it gives
	 * @param maskedPhone its phone, masked, may be {@code null}
	 * @param birthDate its birth date, may be {@code null}
	 * @param address its address, may be {@code null}
	 * @param occurredAt when its event happened, may be {@code null}
	 * @param candidates persons it may mean, best first
	 */
	public record Unmatched(long recordId, long importId, String sourceName, long rowNumber, String name,
			String maskedPhone, LocalDate birthDate, String address, Instant occurredAt, List<Candidate> candidates) {
	}

}
