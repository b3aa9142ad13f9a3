package org.epigrid.security.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Counters of login attempts and code sends ({@code login_throttle}), in the database so
 * that every instance behind a load balancer sees the same delays and locks. Callers hold
 * a transaction; {@link #lock} takes the row lock that serialises concurrent attempts on
 * one subject.
 */
@Repository
public class LoginThrottleRepository {

	/** What a row counts. */
	public enum Scope {

		/** Failed staff logins of one login name. */
		ACCOUNT,
		/** Failed staff logins from one client address. */
		CLIENT,
		/** Resident one-time codes sent for one client address. */
		CODE_SEND,
		/** Public look-ups by id from one client address that found nothing. */
		LOOKUP_MISS

	}

	/**
	 * One subject's counter.
	 *
	 * @param attempts attempts counted since {@code windowStart}
	 * @param windowStart start of the counting window, may be {@code null}
	 * @param notBefore end of the current delay, may be {@code null}
	 * @param lockedUntil end of the current lock, may be {@code null}
	 */
	public record Counter(int attempts, Instant windowStart, Instant notBefore, Instant lockedUntil) {

		/**
		 * Until when attempts are refused.
		 * @param now the current time
		 * @return the end of the delay or lock, empty if attempts are allowed now
		 */
		public Optional<Instant> blockedUntil(Instant now) {
			Instant until = null;
			if (this.notBefore != null && this.notBefore.isAfter(now)) {
				until = this.notBefore;
			}
			if (this.lockedUntil != null && this.lockedUntil.isAfter(now)
					&& (until == null || this.lockedUntil.isAfter(until))) {
				until = this.lockedUntil;
			}
			return Optional.ofNullable(until);
		}

	}

	private final JdbcClient jdbc;

	LoginThrottleRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Reads a subject's counter, creating it, and locks its row until the transaction
	 * ends.
	 * @param scope what is counted
	 * @param subject whose attempts
	 * @return the counter
	 */
	public Counter lock(Scope scope, String subject) {
		this.jdbc.sql("INSERT INTO login_throttle (scope, subject) VALUES (:scope, :subject) ON CONFLICT DO NOTHING")
			.param("scope", scope.name())
			.param("subject", subject)
			.update();
		return this.jdbc.sql("""
				SELECT attempts, window_start, not_before, locked_until FROM login_throttle
				WHERE scope = :scope AND subject = :subject FOR UPDATE
				""")
			.param("scope", scope.name())
			.param("subject", subject)
			.query((rs, i) -> new Counter(rs.getInt(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4))))
			.single();
	}

	/**
	 * Reads a subject's counter without locking it.
	 * @param scope what is counted
	 * @param subject whose attempts
	 * @return the counter, empty if nothing is counted
	 */
	public Optional<Counter> find(Scope scope, String subject) {
		return this.jdbc.sql("""
				SELECT attempts, window_start, not_before, locked_until FROM login_throttle
				WHERE scope = :scope AND subject = :subject
				""")
			.param("scope", scope.name())
			.param("subject", subject)
			.query((rs, i) -> new Counter(rs.getInt(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4))))
			.optional();
	}

	/**
	 * Stores a counted attempt.
	 * @param scope what is counted
	 * @param subject whose attempts
	 * @param attempts the new count
	 * @param windowStart the start of the counting window
	 * @param notBefore the end of the delay before the next attempt, may be {@code null}
	 */
	public void count(Scope scope, String subject, int attempts, Instant windowStart, Instant notBefore) {
		this.jdbc.sql("""
				UPDATE login_throttle SET attempts = :attempts, window_start = :windowStart, not_before = :notBefore
				WHERE scope = :scope AND subject = :subject
				""")
			.param("attempts", attempts)
			.param("windowStart", at(windowStart))
			.param("notBefore", (notBefore != null) ? at(notBefore) : null)
			.param("scope", scope.name())
			.param("subject", subject)
			.update();
	}

	/**
	 * Locks a subject that has reached a number of attempts and is not locked yet; the
	 * count starts again after the lock.
	 * @param scope what is counted
	 * @param subject whose attempts
	 * @param lockAfter attempts that lock
	 * @param until the end of the lock
	 * @param now the current time
	 * @return the attempts that caused the lock, empty if the subject was not locked now
	 */
	public Optional<Integer> lockIfReached(Scope scope, String subject, int lockAfter, Instant until, Instant now) {
		return this.jdbc.sql("""
				WITH locked AS (
				  SELECT attempts FROM login_throttle
				  WHERE scope = :scope AND subject = :subject AND attempts >= :lockAfter
				    AND (locked_until IS NULL OR locked_until <= :now)
				  FOR UPDATE)
				UPDATE login_throttle t SET locked_until = :until, attempts = 0, window_start = NULL, not_before = NULL
				FROM locked WHERE t.scope = :scope AND t.subject = :subject
				RETURNING locked.attempts
				""")
			.param("scope", scope.name())
			.param("subject", subject)
			.param("lockAfter", lockAfter)
			.param("until", at(until))
			.param("now", at(now))
			.query(Integer.class)
			.optional();
	}

	/**
	 * Takes back one counted attempt (a login that succeeded), lifting the delay once the
	 * count is below the free attempts again.
	 * @param scope what is counted
	 * @param subject whose attempts
	 * @param free attempts without a delay
	 */
	public void refund(Scope scope, String subject, int free) {
		this.jdbc.sql("""
				UPDATE login_throttle SET attempts = GREATEST(attempts - 1, 0),
				  not_before = CASE WHEN attempts - 1 < :free THEN NULL ELSE not_before END
				WHERE scope = :scope AND subject = :subject
				""").param("scope", scope.name()).param("subject", subject).param("free", free).update();
	}

	/**
	 * Forgets a subject's attempts, delays and lock.
	 * @param scope what is counted
	 * @param subject whose attempts
	 * @return whether anything was counted
	 */
	public boolean forget(Scope scope, String subject) {
		return this.jdbc.sql("DELETE FROM login_throttle WHERE scope = :scope AND subject = :subject")
			.param("scope", scope.name())
			.param("subject", subject)
			.update() > 0;
	}

	/**
	 * Deletes the rows of subjects with nothing left to remember.
	 * @param windowsBefore counting windows that started before this are over
	 * @param now the current time
	 * @return how many rows were deleted
	 */
	public int deleteQuiet(Instant windowsBefore, Instant now) {
		return this.jdbc.sql("""
				DELETE FROM login_throttle
				WHERE (window_start IS NULL OR window_start < :windowsBefore)
				  AND (not_before IS NULL OR not_before <= :now) AND (locked_until IS NULL OR locked_until <= :now)
				""").param("windowsBefore", at(windowsBefore)).param("now", at(now)).update();
	}

	/**
	 * The key of a client address: an IPv4 address as it is, an IPv6 address by its /64
	 * network (one subscriber gets a whole /64 and can change addresses within it at
	 * will).
	 * @param address the client's address as the server sees it, may be {@code null}
	 * @return the key, at most 64 characters
	 */
	public static String clientKey(String address) {
		if (address == null || address.isBlank()) {
			return "unknown";
		}
		if (address.indexOf(':') >= 0 && address.matches("[0-9A-Fa-f:.%\\[\\]a-zA-Z]+")) {
			try {
				byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
				if (bytes.length == 16) {
					StringBuilder prefix = new StringBuilder();
					for (int i = 0; i < 8; i += 2) {
						prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)))
							.append(':');
					}
					return prefix.append(":/64").toString();
				}
			}
			catch (java.net.UnknownHostException ex) {
				// not an address literal: keep the text
			}
		}
		return (address.length() > 64) ? address.substring(0, 64) : address;
	}

	private static Instant instant(Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * PostgreSQL keeps microseconds and rounds the rest: a lock stored rounded up ends a
	 * fraction later than computed (a Retry-After of 901 s for a 900 s lock). Truncated,
	 * it never ends later.
	 */
	private static Timestamp at(java.time.Instant instant) {
		return Timestamp.from(instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS));
	}

}
