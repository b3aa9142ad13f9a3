package org.epigrid.shared;

import java.time.Duration;

/**
 * Too many attempts from one account or client: try again later. The API answers 429 with
 * {@code Retry-After}; pages show when to try again.
 */
public class TooManyRequestsException extends RuntimeException {

	private final Duration retryAfter;

	/**
	 * Creates the exception.
	 * @param message why the request is refused
	 * @param retryAfter how long to wait before trying again, positive
	 */
	public TooManyRequestsException(String message, Duration retryAfter) {
		super(message);
		this.retryAfter = retryAfter;
	}

	/**
	 * How long to wait before trying again.
	 * @return the wait
	 */
	public Duration retryAfter() {
		return this.retryAfter;
	}

	/**
	 * The wait in whole seconds, rounded up, at least 1 (the {@code Retry-After} value).
	 * @return the seconds
	 */
	public long retryAfterSeconds() {
		return seconds(this.retryAfter);
	}

	/**
	 * A wait in whole seconds, rounded up, at least 1.
	 * @param wait the wait
	 * @return the seconds
	 */
	public static long seconds(Duration wait) {
		long seconds = wait.toSeconds() + ((wait.toNanosPart() > 0) ? 1 : 0);
		return Math.max(1, seconds);
	}

}
