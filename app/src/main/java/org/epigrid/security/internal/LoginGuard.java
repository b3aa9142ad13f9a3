package org.epigrid.security.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.epigrid.security.AuditManagement;
import org.epigrid.security.internal.LoginThrottleRepository.Counter;
import org.epigrid.security.internal.LoginThrottleRepository.Scope;

import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a staff member's username and password behind the login throttle, for both doors
 * (the login form and {@code POST /api/v1/auth/token}). An attempt is counted before its
 * password is checked, so that a burst of parallel guesses is throttled like a sequence;
 * a login that succeeds takes its count back. While an account or a client address is
 * delayed or locked, attempts are refused without checking the password (the right one
 * does not open a locked account) and without counting (they do not prolong the lock).
 * See {@link LoginSettings}.
 */
@Component
public class LoginGuard {

	/** The audit log's name for whoever tries to log in. */
	static final String ANONYMOUS = "anonymous";

	// a real hash of a random password, so that an unknown username costs one full check
	private static final String UNKNOWN_USER_HASH = "{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z8Zl2sF2ySy5jHgnZFXgm3PO";

	private final AccountStore accounts;

	private final PasswordEncoder passwordEncoder;

	private final LoginThrottleRepository counters;

	private final LoginSettings settings;

	private final AuditManagement audit;

	private final TransactionTemplate tx;

	private final Clock clock;

	LoginGuard(AccountStore accounts, PasswordEncoder passwordEncoder, LoginThrottleRepository counters,
			LoginSettings settings, AuditManagement audit, TransactionTemplate tx, Clock clock) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.counters = counters;
		this.settings = settings;
		this.audit = audit;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Tries a username and password.
	 * @param username the login name as typed, may be {@code null}
	 * @param password the password, may be {@code null}
	 * @param clientAddress the client's address, may be {@code null}
	 * @param channel {@code WEB} or {@code API}, for the audit log
	 * @return accepted with the principal, refused with the time to wait, or denied
	 */
	public Outcome attempt(String username, String password, String clientAddress, String channel) {
		String account = accountKey(username);
		String client = LoginThrottleRepository.clientKey(clientAddress);
		Instant now = this.clock.instant();
		Instant blockedUntil = this.tx.execute(status -> begin(account, client, now).orElse(null));
		if (blockedUntil != null) {
			return new Refused(Duration.between(now, blockedUntil));
		}
		EpiGridPrincipal principal = check(username, (password != null) ? password : "");
		if (principal != null) {
			this.tx.executeWithoutResult(status -> {
				this.counters.forget(Scope.ACCOUNT, account);
				this.counters.refund(Scope.CLIENT, client, this.settings.clientFreeFailures());
			});
			return new Accepted(principal);
		}
		this.tx.executeWithoutResult(status -> failed(account, client, clientAddress, channel));
		return new Denied();
	}

	/** Refuses a delayed or locked attempt, or counts it. */
	private Optional<Instant> begin(String account, String client, Instant now) {
		// always the account's row first, then the client's: no deadlocks
		Counter byAccount = this.counters.lock(Scope.ACCOUNT, account);
		Counter byClient = this.counters.lock(Scope.CLIENT, client);
		Optional<Instant> accountBlocked = byAccount.blockedUntil(now);
		Optional<Instant> clientBlocked = byClient.blockedUntil(now);
		if (accountBlocked.isPresent() || clientBlocked.isPresent()) {
			return Optional.of(later(accountBlocked.orElse(now), clientBlocked.orElse(now)));
		}
		count(Scope.ACCOUNT, account, byAccount, this.settings.freeFailures(), now);
		count(Scope.CLIENT, client, byClient, this.settings.clientFreeFailures(), now);
		return Optional.empty();
	}

	private void count(Scope scope, String subject, Counter counter, int free, Instant now) {
		boolean fresh = counter.windowStart() == null
				|| !counter.windowStart().plus(this.settings.failureWindow()).isAfter(now);
		int attempts = (fresh ? 0 : counter.attempts()) + 1;
		Instant notBefore = (attempts >= free) ? now.plus(this.settings.delay(attempts - free + 1)) : null;
		this.counters.count(scope, subject, attempts, fresh ? now : counter.windowStart(), notBefore);
	}

	private void failed(String account, String client, String clientAddress, String channel) {
		Instant now = this.clock.instant();
		Instant until = now.plus(this.settings.lockDuration());
		String localUntil = until.atZone(this.clock.getZone()).toLocalDateTime().withNano(0).toString();
		this.counters.lockIfReached(Scope.ACCOUNT, account, this.settings.lockAfter(), until, now)
			.ifPresent(failures -> this.audit.record(ANONYMOUS, new AuditManagement.View("LOGIN_LOCKED", "ACCOUNT",
					account, null, failures + " failed logins: locked until " + localUntil, channel, clientAddress)));
		this.counters.lockIfReached(Scope.CLIENT, client, this.settings.clientLockAfter(), until, now)
			.ifPresent(failures -> this.audit.record(ANONYMOUS, new AuditManagement.View("LOGIN_LOCKED", "CLIENT",
					client, null, failures + " failed logins: locked until " + localUntil, channel, clientAddress)));
	}

	/** The principal if the password is right and the account enabled, else null. */
	private EpiGridPrincipal check(String username, String password) {
		EpiGridPrincipal principal;
		try {
			principal = (username == null) ? null : this.accounts.loadUserByUsername(username);
		}
		catch (UsernameNotFoundException ex) {
			principal = null;
		}
		if (principal == null) {
			// same work as a wrong password, so that timing does not reveal which
			// usernames exist
			this.passwordEncoder.matches(password, UNKNOWN_USER_HASH);
			return null;
		}
		if (!this.passwordEncoder.matches(password, principal.passwordHash()) || !principal.enabled()) {
			return null;
		}
		// the hash stays here: the principal goes into a session
		return new EpiGridPrincipal(principal.caller(), null, true);
	}

	/**
	 * The key of a login name as typed.
	 * @param username the name, may be {@code null}
	 * @return the key, at most 64 characters
	 */
	static String accountKey(String username) {
		String name = (username != null) ? username : "";
		return (name.length() > 64) ? name.substring(0, 64) : name;
	}

	private static Instant later(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/** What came of an attempt. */
	public sealed interface Outcome {

	}

	/**
	 * The password was right.
	 *
	 * @param principal who logged in (without a password hash)
	 */
	public record Accepted(EpiGridPrincipal principal) implements Outcome {
	}

	/**
	 * Too many failed attempts: the password was not checked.
	 *
	 * @param retryAfter how long to wait
	 */
	public record Refused(Duration retryAfter) implements Outcome {
	}

	/**
	 * Unknown username, wrong password or a disabled account (not told apart).
	 */
	public record Denied() implements Outcome {
	}

}
