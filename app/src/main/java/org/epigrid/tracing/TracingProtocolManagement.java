package org.epigrid.tracing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.TextLimit;
import org.epigrid.tracing.internal.TracingProtocolRepository;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The versioned contact definitions (E1): the newest version is in force, each contact
 * records the version that decided its level, and versions are only ever added.
 */
@Service
public class TracingProtocolManagement {

	/** The crowd classes a definition gives a minimum for. */
	static final List<String> CROWD_CLASSES = List.of("ORDINARY", "CROWDED", "SENSITIVE");

	private final TracingProtocolRepository protocols;

	private final AuditManagement audit;

	private final Clock clock;

	TracingProtocolManagement(TracingProtocolRepository protocols, AuditManagement audit, Clock clock) {
		this.protocols = protocols;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * The definitions in force.
	 * @return the newest version
	 */
	@Transactional(readOnly = true)
	public Protocol current() {
		return this.protocols.current();
	}

	/**
	 * Every version, newest first.
	 * @return the versions
	 */
	@Transactional(readOnly = true)
	public List<Protocol> versions() {
		return this.protocols.versions();
	}

	/**
	 * Puts new contact definitions in force (a new version), audited.
	 * @param caller an admin or the command
	 * @param change the definitions, a name and why
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the new version
	 * @throws ForbiddenException for other roles
	 * @throws FieldErrorsException naming each field that is missing or out of range
	 */
	@Transactional
	public Protocol change(Caller caller, ProtocolChange change, String channel, String clientIp) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER)) {
			throw new ForbiddenException("role", "only an admin or the command changes the contact definitions");
		}
		List<FieldError> errors = new ArrayList<>();
		String name = (change == null) ? null : change.name();
		if (name == null || name.isBlank()) {
			errors.add(new FieldError("name", "is required: which plan these definitions follow"));
		}
		TextLimit.check(errors, "name", name, TextLimit.LABEL);
		TextLimit.check(errors, "note", (change == null) ? null : change.note(), TextLimit.NOTE);
		ContactDefinitions definitions = check((change == null) ? null : change.definitions(), errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Protocol added = this.protocols.add(name.strip(), definitions, change.note(), caller.username(),
				this.clock.instant());
		this.audit.record(caller, new AuditManagement.View("CHANGE_TRACING_PROTOCOL", "TRACING_PROTOCOL",
				String.valueOf(added.version()), added.name(),
				(change.note() == null || change.note().isBlank()) ? "contact definitions changed" : change.note(),
				channel, clientIp));
		return added;
	}

	/**
	 * Checks definitions and fills nothing in: every field is required but the pick-up
	 * limit.
	 * @param given the definitions
	 * @param errors where to add what is wrong
	 * @return the definitions, their minutes by class in a fixed order
	 */
	static ContactDefinitions check(ContactDefinitions given, List<FieldError> errors) {
		if (given == null) {
			errors.add(new FieldError("definitions", "is required"));
			return null;
		}
		if (given.lookBackDays() == null || given.lookBackDays() < 1 || given.lookBackDays() > 21) {
			errors.add(new FieldError("definitions.lookBackDays", "is required: 1 to 21 days"));
		}
		if (given.householdIsClose() == null) {
			errors.add(new FieldError("definitions.householdIsClose", "is required: true or false"));
		}
		if (given.secondaryContacts() == null) {
			errors.add(new FieldError("definitions.secondaryContacts", "is required: true or false"));
		}
		Integer general = given.generalOverlapMinutes();
		if (general == null || general < 1 || general > 1440) {
			errors.add(new FieldError("definitions.generalOverlapMinutes", "is required: 1 to 1440 minutes"));
		}
		Map<String, Integer> close = new HashMap<>();
		Map<String, Integer> givenClose = (given.closeOverlapMinutes() == null) ? Map.of()
				: given.closeOverlapMinutes();
		for (String key : givenClose.keySet()) {
			if (!CROWD_CLASSES.contains(key)) {
				errors.add(new FieldError("definitions.closeOverlapMinutes",
						"unknown crowd class " + key + ": one of " + CROWD_CLASSES));
			}
		}
		for (String crowdClass : CROWD_CLASSES) {
			Integer minutes = givenClose.get(crowdClass);
			if (minutes == null || minutes < 1 || minutes > 1440) {
				errors.add(new FieldError("definitions.closeOverlapMinutes." + crowdClass,
						"is required: 1 to 1440 minutes"));
			}
			else if (general != null && general > minutes) {
				errors.add(new FieldError("definitions.generalOverlapMinutes",
						"must not be more than the close minimum of " + crowdClass + " (" + minutes + ")"));
			}
			else {
				close.put(crowdClass, minutes);
			}
		}
		Integer pickup = given.transferPickupMinutes();
		if (pickup != null && (pickup < 10 || pickup > 2880)) {
			errors.add(new FieldError("definitions.transferPickupMinutes", "must be 10 to 2880 minutes"));
		}
		Integer rows = given.flightRowsClose();
		if (rows != null && (rows < 0 || rows > 60)) {
			errors.add(new FieldError("definitions.flightRowsClose", "must be 0 to 60 rows"));
		}
		return new ContactDefinitions(given.lookBackDays(), given.householdIsClose(), Map.copyOf(close), general,
				given.secondaryContacts(), pickup, rows, given.trainCarIsClose(), given.workplaceIsClose());
	}

	/**
	 * A version of the contact definitions.
	 *
	 * @param version the version
	 * @param name which plan they follow
	 * @param definitions the definitions
	 * @param note why they changed
	 * @param createdAt when
	 * @param createdBy by whom
	 */
	public record Protocol(int version, String name, ContactDefinitions definitions, String note, Instant createdAt,
			String createdBy) {
	}

	/**
	 * New contact definitions.
	 *
	 * @param name which plan they follow (at most 200 characters)
	 * @param note why they change (at most 2,000 characters)
	 * @param definitions the definitions, every field given
	 */
	public record ProtocolChange(String name, String note, ContactDefinitions definitions) {
	}

}
