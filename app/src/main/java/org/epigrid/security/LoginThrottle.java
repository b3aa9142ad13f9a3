package org.epigrid.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;

import org.epigrid.security.internal.LoginSettings;
import org.epigrid.security.internal.LoginThrottleRepository;
import org.epigrid.security.internal.LoginThrottleRepository.Counter;
import org.epigrid.security.internal.LoginThrottleRepository.Scope;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.TooManyRequestsException;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Login locks seen from outside the login itself: administrators see and lift a staff
 * account's lock, and resident one-time codes are limited per client address (not only
 * per phone), so that one client cannot make the platform text many phones. The counters
 * live in the database: every instance behind a load balancer applies the same limits.
 */
@Service
public class LoginThrottle {

	private final LoginThrottleRepository counters;

	private final LoginSettings settings;

	private final UserManagement users;

	private final AuditManagement audit;

	private final Clock clock;

	LoginThrottle(LoginThrottleRepository counters, LoginSettings settings, UserManagement users, AuditManagement audit,
			Clock clock) {
		this.counters = counters;
		this.settings = settings;
		this.users = users;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Until when a user's logins are locked after too many failed attempts.
	 * @param username the login name
	 * @return the end of the lock in the platform's time zone, empty if not locked
	 */
	@Transactional(readOnly = true)
	public Optional<LocalDateTime> lockedUntil(String username) {
		Instant now = this.clock.instant();
		return this.counters.find(Scope.ACCOUNT, username)
			.map(Counter::lockedUntil)
			.filter(until -> until.isAfter(now))
			.map(until -> until.atZone(this.clock.getZone()).toLocalDateTime().withNano(0));
	}

	/**
	 * Lifts a user's lock and forgets the failed logins of the account (the delays of the
	 * client addresses they came from stay), and audits it.
	 * @param caller the administrator
	 * @param userId the user
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the administrator's address, may be {@code null}
	 * @return whether anything was counted for the account
	 * @throws NotFoundException if there is no such user
	 */
	@Transactional
	public boolean unlock(Caller caller, long userId, String channel, String clientIp) {
		UserManagement.User user = this.users.find(userId).orElseThrow(() -> new NotFoundException("user " + userId));
		boolean counted = this.counters.forget(Scope.ACCOUNT, user.username());
		this.audit.record(caller,
				new AuditManagement.View("UNLOCK_LOGIN", "ACCOUNT", user.username(), user.displayName(),
						counted ? "lock and failed logins cleared" : "nothing to clear", channel, clientIp));
		return counted;
	}

	/**
	 * Counts a resident's request for a one-time code from a client address.
	 * @param clientAddress the client's address, may be {@code null}
	 * @throws TooManyRequestsException if the client has asked for
	 * {@code epigrid.security.login.code-sends-per-client} codes within the window
	 */
	@Transactional
	public void admitCodeSend(String clientAddress) {
		String client = LoginThrottleRepository.clientKey(clientAddress);
		Instant now = this.clock.instant();
		Counter counter = this.counters.lock(Scope.CODE_SEND, client);
		Duration window = this.settings.codeSendWindow();
		if (inWindow(counter, window, now) && counter.attempts() >= this.settings.codeSendsPerClient()) {
			throw new TooManyRequestsException("too many codes were asked for from this device: try again later",
					Duration.between(now, counter.windowStart().plus(window)));
		}
		countOne(Scope.CODE_SEND, client, counter, window, now);
	}

	/**
	 * Checks that a client address may look something up by id on a public page or API (a
	 * test certificate's verification): refused once it has made
	 * {@code epigrid.security.login.lookup-misses-per-client} look-ups that found nothing
	 * within the window, until the window ends. Count a miss with
	 * {@link #lookupMissed(String)}.
	 * @param clientAddress the client's address, may be {@code null}
	 * @throws TooManyRequestsException if the client has missed too often
	 */
	@Transactional(readOnly = true)
	public void admitLookup(String clientAddress) {
		Instant now = this.clock.instant();
		Duration window = this.settings.lookupMissWindow();
		Optional<Counter> counter = this.counters.find(Scope.LOOKUP_MISS,
				LoginThrottleRepository.clientKey(clientAddress));
		if (counter.isPresent() && inWindow(counter.get(), window, now)
				&& counter.get().attempts() >= this.settings.lookupMissesPerClient()) {
			throw new TooManyRequestsException(
					"too many look-ups of ids that do not exist from this device: try again later",
					Duration.between(now, counter.get().windowStart().plus(window)));
		}
	}

	/**
	 * Counts a public look-up by id that found nothing, for its client address.
	 * @param clientAddress the client's address, may be {@code null}
	 */
	@Transactional
	public void lookupMissed(String clientAddress) {
		String client = LoginThrottleRepository.clientKey(clientAddress);
		countOne(Scope.LOOKUP_MISS, client, this.counters.lock(Scope.LOOKUP_MISS, client),
				this.settings.lookupMissWindow(), this.clock.instant());
	}

	/** Whether a counter's window is still open. */
	private static boolean inWindow(Counter counter, Duration window, Instant now) {
		return counter.windowStart() != null && counter.windowStart().plus(window).isAfter(now);
	}

	/** Counts one more in a locked counter's window, or starts a new window with it. */
	private void countOne(Scope scope, String client, Counter counter, Duration window, Instant now) {
		boolean open = inWindow(counter, window, now);
		this.counters.count(scope, client, open ? counter.attempts() + 1 : 1, open ? counter.windowStart() : now, null);
	}

	/**
	 * Deletes the counters that have nothing left to remember.
	 */
	@Scheduled(initialDelayString = "PT10M", fixedDelayString = "PT10M")
	@Transactional
	public void forgetQuiet() {
		Instant now = this.clock.instant();
		Duration longest = java.util.stream.Stream
			.of(this.settings.failureWindow(), this.settings.codeSendWindow(), this.settings.lookupMissWindow())
			.max(Duration::compareTo)
			.orElseThrow();
		this.counters.deleteQuiet(now.minus(longest), now);
	}

}
