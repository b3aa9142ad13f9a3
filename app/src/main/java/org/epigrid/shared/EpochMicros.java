package org.epigrid.shared;

import java.time.Instant;

/**
 * Instants as microseconds since the epoch (PostgreSQL's precision): how a batch of times
 * travels as a {@code bigint[]} or a JSON array of numbers, far cheaper to write and
 * parse than the same number of timestamps as text.
 */
public final class EpochMicros {

	private EpochMicros() {
	}

	/**
	 * @param instant an instant (below a microsecond dropped)
	 * @return its microseconds since the epoch
	 */
	public static long of(Instant instant) {
		return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
	}

	/**
	 * @param micros microseconds since the epoch
	 * @return the instant
	 */
	public static Instant instant(long micros) {
		return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
	}

}
