package org.epigrid.population;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.epigrid.population.internal.PersonQuery;
import org.epigrid.population.internal.PersonSearchReader;
import org.epigrid.population.internal.PopulationRepository;
import org.epigrid.population.internal.PopulationRepository.HouseholdRow;
import org.epigrid.population.internal.PopulationRepository.PersonRow;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PhoneNumber;
import org.epigrid.shared.Sex;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Persons and households: search, audited detail views, registration. Every read is
 * limited to the caller's jurisdiction in SQL; something outside it is reported exactly
 * like something that does not exist.
 */
@Service
public class PersonManagement {

	private static final int MAX_NAME_LENGTH = 50;

	private final PopulationRepository repository;

	private final PersonSearchReader search;

	private final AuditManagement audit;

	private final PrivacyPolicy privacy;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PersonManagement(PopulationRepository repository, PersonSearchReader search, AuditManagement audit,
			PrivacyPolicy privacy, ApplicationEventPublisher events, Clock clock) {
		this.repository = repository;
		this.search = search;
		this.audit = audit;
		this.privacy = privacy;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Searches persons in the caller's jurisdiction by full document number, mobile
	 * number or name prefix; blank lists everybody, by name.
	 * @param caller the caller
	 * @param query the search text, may be {@code null}
	 * @param page the page
	 * @return masked summaries, by name
	 */
	@Transactional(readOnly = true)
	public Slice<PersonSummary> search(Caller caller, String query, PageRequest page) {
		return this.search.search(caller.jurisdiction(), PersonQuery.parse(query), page);
	}

	/**
	 * A person's detail, written to the audit log before it is returned.
	 * @param caller the caller
	 * @param personId the person
	 * @param access why and through which channel
	 * @return the detail, masked according to the caller's roles
	 * @throws NotFoundException if the person does not exist or lies outside the
	 * jurisdiction
	 */
	@Transactional
	public PersonDetail view(Caller caller, long personId, Access access) {
		PersonRow row = this.repository.person(personId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("person " + personId));
		this.audit.record(caller, new View("VIEW_PERSON", "PERSON", Long.toString(personId), Masking.name(row.name()),
				access.purpose(), access.channel(), access.clientIp()));
		boolean fullId = this.privacy.mayUnmaskIdNumber(caller);
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		List<PersonSummary> members = (row.householdId() == null) ? List.of()
				: this.repository.members(row.householdId()).stream().filter(m -> m.id() != personId).toList();
		return new PersonDetail(row.id(), row.name(), row.documentType(),
				fullId ? row.documentNumber() : Masking.idNumber(row.documentNumber()), !fullId, row.sex(),
				row.birthDate(), fullPhone ? row.phone() : Masking.phone(row.phone()),
				!fullPhone && row.phone() != null, row.populationType(), row.hukouPlace(), row.workplace(), row.tags(),
				row.householdId(), row.address(), row.path(), row.gridName(), members,
				this.repository.chain(row.path()), row.createdAt(), row.updatedAt(), row.mergedInto(),
				row.phone() != null && row.phoneVerified(), row.phoneSource());
	}

	/**
	 * A household with its members and service chain, written to the audit log.
	 * @param caller the caller
	 * @param householdId the household
	 * @param access why and through which channel
	 * @return the household
	 * @throws NotFoundException if it does not exist or lies outside the jurisdiction
	 */
	@Transactional
	public HouseholdView household(Caller caller, long householdId, Access access) {
		HouseholdRow row = this.repository.household(householdId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("household " + householdId));
		this.audit.record(caller, new View("VIEW_HOUSEHOLD", "HOUSEHOLD", Long.toString(householdId), row.address(),
				access.purpose(), access.channel(), access.clientIp()));
		return new HouseholdView(row.id(), row.buildingId(), row.buildingName(), row.unitName(), row.room(),
				row.address(), row.path(), row.gridName(), this.repository.members(householdId),
				this.repository.chain(row.path()));
	}

	/**
	 * Registers a person. Validation errors are collected for all fields at once; nothing
	 * is written unless the whole person is valid.
	 * @param caller the caller, who must have jurisdiction over the household or division
	 * @param request the person
	 * @return the new person's id
	 * @throws FieldErrorsException naming each invalid field
	 * @throws ConflictException naming {@code idNumber} if the document is already
	 * registered
	 */
	@Transactional
	public long register(Caller caller, NewPerson request) {
		List<FieldError> errors = new ArrayList<>();
		String name = request.name() == null ? "" : request.name().strip();
		if (name.isEmpty()) {
			errors.add(new FieldError("name", "must not be blank"));
		}
		else if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
			errors.add(new FieldError("name", "must have at most " + MAX_NAME_LENGTH + " characters"));
		}
		DocumentType type = request.documentType() == null ? DocumentType.RESIDENT_ID : request.documentType();
		String number = request.idNumber() == null ? "" : request.idNumber().strip().toUpperCase(Locale.ROOT);
		Sex sex = request.sex();
		LocalDate birthDate = request.birthDate();
		if (number.isEmpty()) {
			errors.add(new FieldError("idNumber", "must not be blank"));
		}
		else if (type == DocumentType.RESIDENT_ID) {
			try {
				IdNumber id = new IdNumber(number);
				number = id.value();
				if (sex != null && sex != Sex.UNKNOWN && sex != id.sex()) {
					errors.add(new FieldError("sex", "does not match the ID number"));
				}
				if (birthDate != null && !birthDate.equals(id.birthDate())) {
					errors.add(new FieldError("birthDate", "does not match the ID number"));
				}
				sex = id.sex();
				birthDate = id.birthDate();
			}
			catch (InvalidValueException ex) {
				errors.add(new FieldError("idNumber", ex.getMessage()));
			}
		}
		else if (!number.matches("[A-Z0-9-]{5,30}")) {
			errors.add(new FieldError("idNumber", "must be 5-30 letters, digits or '-'"));
		}
		LocalDate today = LocalDate.now(this.clock);
		if (birthDate != null && birthDate.isAfter(today)) {
			errors.add(new FieldError("birthDate", "is in the future"));
		}
		String phone = null;
		if (request.phone() != null && !request.phone().isBlank()) {
			try {
				phone = new PhoneNumber(request.phone()).value();
			}
			catch (InvalidValueException ex) {
				errors.add(new FieldError("phone", ex.getMessage()));
			}
		}
		Set<String> tags = new LinkedHashSet<>();
		for (String tag : request.tags() == null ? List.<String>of() : request.tags()) {
			try {
				tags.add(SpecialPopulation.valueOf(tag).name());
			}
			catch (IllegalArgumentException | NullPointerException ex) {
				errors.add(new FieldError("tags",
						"unknown tag " + tag + "; known: " + List.of(SpecialPopulation.values())));
			}
		}
		TextLimit.check(errors, "hukouPlace", request.hukouPlace(), TextLimit.ADDRESS);
		TextLimit.check(errors, "workplace", request.workplace(), TextLimit.LABEL);
		String path = placeOf(caller, request, errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (birthDate != null) {
			int age = Period.between(birthDate, today).getYears();
			if (age >= 60) {
				tags.add(SpecialPopulation.ELDERLY.name());
			}
			if (age < 3) {
				tags.add(SpecialPopulation.CHILD_UNDER_3.name());
			}
		}
		Instant now = this.clock.instant();
		PersonRow row = new PersonRow(0, name, type, number, sex == null ? Sex.UNKNOWN : sex, birthDate, phone,
				request.householdId(), path, blankToNull(request.hukouPlace()),
				request.populationType() == null ? PopulationType.RESIDENT : request.populationType(),
				List.copyOf(tags), blankToNull(request.workplace()), now, now, null, null, null, phone != null, null);
		long id = this.repository.insertPerson(row)
			.orElseThrow(() -> new ConflictException("idNumber",
					"a person with this " + type + " number is already registered"));
		this.events.publishEvent(new PersonRegistered(id, path));
		return id;
	}

	private String placeOf(Caller caller, NewPerson request, List<FieldError> errors) {
		if (request.householdId() != null) {
			return this.repository.householdPath(request.householdId(), caller.jurisdiction()).orElseGet(() -> {
				errors.add(new FieldError("householdId", "no such household in your jurisdiction"));
				return null;
			});
		}
		if (request.divisionId() != null) {
			return this.repository.division(request.divisionId(), caller.jurisdiction())
				.map(Division::path)
				.orElseGet(() -> {
					errors.add(new FieldError("divisionId", "no such division or grid in your jurisdiction"));
					return null;
				});
		}
		if ("/".equals(caller.jurisdictionPath())) {
			errors.add(new FieldError("householdId", "householdId or divisionId is required"));
			return null;
		}
		return caller.jurisdictionPath();
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * Why and how personal data is being looked at, for the audit log.
	 *
	 * @param purpose the stated purpose
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the client address, may be {@code null}
	 */
	public record Access(String purpose, String channel, String clientIp) {

		/**
		 * Fills a default purpose.
		 * @param purpose purpose, may be blank
		 * @param channel channel
		 * @param clientIp client address
		 */
		public Access {
			purpose = (purpose == null || purpose.isBlank()) ? "unspecified" : purpose.strip();
			if (purpose.length() > 200) {
				throw FieldErrorsException.of("purpose", "must have at most 200 characters");
			}
		}

	}

}
