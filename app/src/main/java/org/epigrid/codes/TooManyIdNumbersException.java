package org.epigrid.codes;

import java.time.Duration;

/**
 * A device verified more identity cards than its limit allows
 * ({@code epigrid.codes.id-number-verifications}); the API answers 429 with
 * {@code Retry-After}.
 */
public class TooManyIdNumbersException extends RuntimeException {

	private final transient Duration retryAfter;

	/**
	 * Creates the exception.
	 * @param perMinute the limit, per minute
	 * @param burst how many at once
	 * @param retryAfter how long until the device may verify a card again
	 */
	public TooManyIdNumbersException(int perMinute, int burst, Duration retryAfter) {
		super("this device verified more ID numbers than it may (" + perMinute + " a minute, " + burst
				+ " at once): try again in " + seconds(retryAfter) + " s");
		this.retryAfter = retryAfter;
	}

	/**
	 * @return how long until the device may verify a card again, in whole seconds (at
	 * least 1)
	 */
	public long retryAfterSeconds() {
		return seconds(this.retryAfter);
	}

	private static long seconds(Duration duration) {
		return Math.max(1, (duration.toMillis() + 999) / 1000);
	}

}
