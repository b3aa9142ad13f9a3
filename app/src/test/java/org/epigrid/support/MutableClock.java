package org.epigrid.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it forward, for tests where time matters
 * (delays, locks, windows). Put it in place of the platform's clock with
 * {@code @TestBean Clock clock} and a static {@code clock()} factory.
 */
public final class MutableClock extends Clock {

	private final AtomicReference<Instant> now;

	private final ZoneId zone;

	private MutableClock(Instant start, ZoneId zone) {
		this.now = new AtomicReference<>(start);
		this.zone = zone;
	}

	/**
	 * A clock standing at the time of the system clock (the platform's zone).
	 * @return the clock
	 */
	public static MutableClock standingNow() {
		return new MutableClock(Clock.systemUTC().instant(), ZoneId.of("Asia/Shanghai"));
	}

	/**
	 * Moves the clock forward.
	 * @param duration how far
	 */
	public void advance(Duration duration) {
		this.now.updateAndGet(instant -> instant.plus(duration));
	}

	@Override
	public ZoneId getZone() {
		return this.zone;
	}

	@Override
	public Clock withZone(ZoneId zone) {
		MutableClock clock = new MutableClock(this.now.get(), zone);
		return clock;
	}

	@Override
	public Instant instant() {
		return this.now.get();
	}

}
