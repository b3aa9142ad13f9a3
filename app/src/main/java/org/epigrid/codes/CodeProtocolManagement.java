package org.epigrid.codes;

import java.time.Instant;
import java.util.List;

import org.epigrid.codes.internal.status.ProtocolRepository;
import org.epigrid.codes.internal.status.ProtocolStore;
import org.epigrid.codes.internal.status.RuleSet;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;

import tools.jackson.databind.JsonNode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The colour rules of the disease protocol: versioned, the newest in force, changed only
 * by administrators, every change in the audit log. A change puts every person's code
 * through the new rules (in the background, chunk by chunk).
 */
@Service
public class CodeProtocolManagement {

	private final ProtocolStore store;

	private final ProtocolRepository versions;

	private final AuditManagement audit;

	private final ApplicationEventPublisher events;

	CodeProtocolManagement(ProtocolStore store, ProtocolRepository versions, AuditManagement audit,
			ApplicationEventPublisher events) {
		this.store = store;
		this.versions = versions;
		this.audit = audit;
		this.events = events;
	}

	/**
	 * The rules in force.
	 * @return the version in force
	 */
	public Version current() {
		return version(this.store.current().version());
	}

	/**
	 * Every version, newest first.
	 * @return the versions
	 */
	public List<Version> versions() {
		// the first use installs the default protocol
		this.store.current();
		return this.versions.all();
	}

	private Version version(int version) {
		return this.versions.get(version);
	}

	/**
	 * Puts new rules in force.
	 * @param caller an administrator
	 * @param rulesJson the protocol document (see {@link RuleSet})
	 * @param note what changed and why, required
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the client's address
	 * @return the new version
	 * @throws ForbiddenException if the caller is not an administrator
	 * @throws FieldErrorsException naming what is wrong in the rules or note
	 */
	@Transactional
	public Version change(Caller caller, String rulesJson, String note, String channel, String clientIp) {
		if (!caller.has(Role.ADMIN)) {
			throw new ForbiddenException("protocol", "only an administrator may change the code rules");
		}
		List<FieldErrorsException.FieldError> errors = new java.util.ArrayList<>();
		RuleSet rules = null;
		try {
			rules = RuleSet.parse(rulesJson);
		}
		catch (FieldErrorsException ex) {
			errors.addAll(ex.errors());
		}
		if (note == null || note.isBlank() || note.length() > 500) {
			errors
				.add(new FieldErrorsException.FieldError("note", "say what changed and why (at most 500 characters)"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		int version = this.store.add(rules, note.strip(), caller.username());
		this.audit.record(caller, new AuditManagement.View("CHANGE_CODE_RULES", "CODE_PROTOCOL",
				String.valueOf(version), rules.disease(), note.strip(), channel, clientIp));
		this.events.publishEvent(new CodeProtocolChanged(version));
		return version(version);
	}

	/**
	 * One version of the rules.
	 *
	 * @param version the version
	 * @param disease the disease
	 * @param rules the document
	 * @param note what changed
	 * @param createdAt when
	 * @param createdBy who
	 */
	public record Version(int version, String disease, JsonNode rules, String note, Instant createdAt,
			String createdBy) {
	}

}
