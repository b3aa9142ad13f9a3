package org.epigrid.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.epigrid.security.internal.ApiTokenRepository;
import org.epigrid.security.internal.TokenService;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Push tokens for departments (部门推送): a data officer (or administrator) issues a token
 * that a department's system uses to submit its lists by itself. The token acts for its
 * issuer (their jurisdiction, their name on the imports) but may only submit imports into
 * the data sources it names and read their progress; it expires and can be revoked. Only
 * its hash is stored; the token is shown once.
 */
@Service
public class PushTokenManagement {

	/** The longest validity, in days. */
	public static final int MAX_DAYS = 366;

	private final ApiTokenRepository apiTokens;

	private final TokenService tokens;

	private final AuditManagement audit;

	private final Clock clock;

	PushTokenManagement(ApiTokenRepository apiTokens, TokenService tokens, AuditManagement audit, Clock clock) {
		this.apiTokens = apiTokens;
		this.tokens = tokens;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Issues a push token. The caller (the data hub) has checked that the sources exist.
	 * @param issuer a data officer or administrator
	 * @param label who uses it, e.g. {@code 铁路局客运系统}; required
	 * @param sources the data source codes it may import into; at least one
	 * @param days how long it is valid, 1–{@value #MAX_DAYS}
	 * @return the token (shown once) and its id
	 * @throws ForbiddenException if the issuer may not import
	 * @throws FieldErrorsException naming {@code label}, {@code sources} or {@code days}
	 */
	@Transactional
	public IssuedPushToken issue(Caller issuer, String label, Set<String> sources, int days) {
		requireImporter(issuer);
		List<FieldError> errors = new ArrayList<>();
		String name = (label == null) ? "" : label.strip();
		if (name.isEmpty() || name.length() > 100) {
			errors.add(new FieldError("label", "is required, at most 100 characters"));
		}
		if (sources == null || sources.isEmpty()) {
			errors.add(new FieldError("sources", "must name at least one data source"));
		}
		if (days < 1 || days > MAX_DAYS) {
			errors.add(new FieldError("days", "must be between 1 and " + MAX_DAYS));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		String token = this.tokens.newToken();
		Instant now = this.clock.instant();
		Instant expires = now.plus(Duration.ofDays(days));
		Set<String> codes = new TreeSet<>(sources);
		long id = this.apiTokens.insertPush(TokenService.hash(token), issuer.userId(), now, expires, codes, name);
		this.audit.record(issuer, new AuditManagement.View("ISSUE_PUSH_TOKEN", "PUSH_TOKEN", Long.toString(id),
				name + " → " + String.join(",", codes), "department push", "API", null));
		return new IssuedPushToken(id, token, name, codes, expires);
	}

	/**
	 * The push tokens the caller issued (an administrator sees all), newest first.
	 * @param caller the caller
	 * @return the tokens, without their secret
	 */
	@Transactional(readOnly = true)
	public List<PushToken> list(Caller caller) {
		requireImporter(caller);
		return this.apiTokens.pushTokens(caller.has(Role.ADMIN), caller.userId());
	}

	/**
	 * Revokes a push token at once.
	 * @param caller its issuer or an administrator
	 * @param id the token's id
	 * @throws NotFoundException if there is no such token the caller may revoke
	 */
	@Transactional
	public void revoke(Caller caller, long id) {
		requireImporter(caller);
		String hash = this.apiTokens.deletePush(id, caller.has(Role.ADMIN), caller.userId())
			.orElseThrow(() -> new NotFoundException("push token " + id + " not found"));
		this.tokens.forget(hash);
		this.audit.record(caller, new AuditManagement.View("REVOKE_PUSH_TOKEN", "PUSH_TOKEN", Long.toString(id), null,
				"department push", "API", null));
	}

	private static void requireImporter(Caller caller) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.DATA_OFFICER)) {
			throw new ForbiddenException("request", "only data officers and administrators manage push tokens");
		}
	}

	/**
	 * A new push token.
	 *
	 * @param id its id (to list and revoke it)
	 * @param token the secret, shown this once
	 * @param label who uses it
	 * @param sources the data sources it may import into
	 * @param expiresAt when it stops working
	 */
	public record IssuedPushToken(long id, String token, String label, Set<String> sources, Instant expiresAt) {
	}

	/**
	 * A push token, without its secret.
	 *
	 * @param id its id
	 * @param label who uses it
	 * @param sources the data sources it may import into
	 * @param issuedBy the data officer it acts for
	 * @param issuedAt when it was issued
	 * @param expiresAt when it stops working
	 */
	public record PushToken(long id, String label, Set<String> sources, String issuedBy, Instant issuedAt,
			Instant expiresAt) {
	}

}
