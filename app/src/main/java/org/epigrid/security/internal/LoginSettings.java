package org.epigrid.security.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login throttling ({@code epigrid.security.login.*}). Failed staff logins are counted
 * per account (the name as typed) and per client address within a window; after the free
 * failures each further attempt must wait a delay that doubles, and after
 * {@code lockAfter} failures the account (or client) is locked for {@code lockDuration}.
 * A lock ends by itself; attempts during a delay or a lock are refused without checking
 * the password and without counting. Resident one-time codes are limited per client
 * address. Part of {@link SecuritySettings}.
 *
 * @param freeFailures failed logins of one account answered at full speed
 * @param lockAfter failed logins of one account that lock it
 * @param clientFreeFailures failed logins from one client address answered at full speed
 * @param clientLockAfter failed logins from one client address that lock it
 * @param firstDelay the first delay; each further failure doubles it
 * @param maxDelay the longest delay
 * @param lockDuration how long a lock lasts
 * @param failureWindow how long failures are remembered (from the first counted one)
 * @param codeSendsPerClient resident one-time codes sent for one client address per
 * {@code codeSendWindow}: generous, because residents share addresses (a sampling site's
 * Wi-Fi, a carrier's NAT), yet it stops one machine from texting a whole city
 * @param codeSendWindow the window of {@code codeSendsPerClient}
 * @param lookupMissesPerClient public look-ups by id (a certificate's verification) that
 * find nothing, from one client address per {@code lookupMissWindow}; then every look-up
 * of the client is refused until the window ends (found ones are not counted: a
 * checkpoint verifying many real certificates is never slowed)
 * @param lookupMissWindow the window of {@code lookupMissesPerClient}
 */
public record LoginSettings(@DefaultValue("3") int freeFailures, @DefaultValue("10") int lockAfter,
		@DefaultValue("20") int clientFreeFailures, @DefaultValue("50") int clientLockAfter,
		@DefaultValue("PT1S") Duration firstDelay, @DefaultValue("PT1M") Duration maxDelay,
		@DefaultValue("PT15M") Duration lockDuration, @DefaultValue("PT1H") Duration failureWindow,
		@DefaultValue("200") int codeSendsPerClient, @DefaultValue("PT1H") Duration codeSendWindow,
		@DefaultValue("50") int lookupMissesPerClient, @DefaultValue("PT10M") Duration lookupMissWindow) {

	/**
	 * Checks the settings.
	 * @param freeFailures free failures per account
	 * @param lockAfter failures that lock an account
	 * @param clientFreeFailures free failures per client
	 * @param clientLockAfter failures that lock a client
	 * @param firstDelay first delay
	 * @param maxDelay longest delay
	 * @param lockDuration lock duration
	 * @param failureWindow failure memory
	 * @param codeSendsPerClient code sends per client and window
	 * @param codeSendWindow code send window
	 * @param lookupMissesPerClient look-up misses per client and window
	 * @param lookupMissWindow look-up miss window
	 */
	public LoginSettings {
		if (freeFailures < 1 || lockAfter <= freeFailures) {
			throw new IllegalArgumentException(
					"epigrid.security.login: free-failures must be at least 1 and lock-after greater");
		}
		if (clientFreeFailures < 1 || clientLockAfter <= clientFreeFailures) {
			throw new IllegalArgumentException(
					"epigrid.security.login: client-free-failures must be at least 1 and client-lock-after greater");
		}
		if (firstDelay.isNegative() || firstDelay.isZero() || maxDelay.compareTo(firstDelay) < 0) {
			throw new IllegalArgumentException(
					"epigrid.security.login: first-delay must be positive and max-delay at least as long");
		}
		if (lockDuration.isNegative() || lockDuration.isZero() || failureWindow.isNegative()
				|| failureWindow.isZero()) {
			throw new IllegalArgumentException(
					"epigrid.security.login: lock-duration and failure-window must be positive");
		}
		if (codeSendsPerClient < 1 || codeSendWindow.isNegative() || codeSendWindow.isZero()) {
			throw new IllegalArgumentException(
					"epigrid.security.login: code-sends-per-client and code-send-window must be positive");
		}
		if (lookupMissesPerClient < 1 || lookupMissWindow.isNegative() || lookupMissWindow.isZero()) {
			throw new IllegalArgumentException(
					"epigrid.security.login: lookup-misses-per-client and lookup-miss-window must be positive");
		}
	}

	/**
	 * The delay before the attempt after {@code over} failures beyond the free ones.
	 * @param over failures beyond the free ones, at least 1
	 * @return the delay: the first delay doubled {@code over - 1} times, at most the
	 * longest delay
	 */
	Duration delay(int over) {
		Duration delay = this.firstDelay;
		for (int i = 1; i < over && delay.compareTo(this.maxDelay) < 0; i++) {
			delay = delay.multipliedBy(2);
		}
		return (delay.compareTo(this.maxDelay) > 0) ? this.maxDelay : delay;
	}

}
