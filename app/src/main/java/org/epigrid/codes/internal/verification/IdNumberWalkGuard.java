package org.epigrid.codes.internal.verification;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.epigrid.codes.internal.CodesProperties;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Stands between a device and the register of ID numbers: a gate token must not walk the
 * 1,000 sequence numbers of a birth date to find who is registered. Per device, a token
 * bucket limits ID-number verifications ({@code epigrid.codes.id-number-verifications}:
 * 60 a minute, 30 at once by default), and a burst of answers NOT_FOUND (30 within a
 * minute by default — more unknown cards than a queue of visitors gives) raises an alert:
 * a WARN log line and an audit entry {@value #ALERT_ACTION} about the device token, on
 * the administrator's audit page (at most one an hour per device). Kept in memory per
 * instance: behind a load balancer a device's limit is that of each instance it reaches.
 */
@Component
public class IdNumberWalkGuard {

	/** The audit action of an alert. */
	public static final String ALERT_ACTION = "ALERT_ID_NUMBER_WALK";

	private static final Logger log = LoggerFactory.getLogger(IdNumberWalkGuard.class);

	/** After an alert, none for the same device for this long. */
	static final Duration ALERT_QUIET = Duration.ofHours(1);

	/** Above this many devices tracked, idle ones are forgotten. */
	private static final int MAX_DEVICES = 100_000;

	private final CodesProperties.IdNumberVerifications limits;

	private final AuditManagement audit;

	private final Clock clock;

	private final ConcurrentHashMap<Long, DeviceState> states = new ConcurrentHashMap<>();

	IdNumberWalkGuard(CodesProperties properties, AuditManagement audit, Clock clock) {
		this.limits = properties.idNumberVerifications();
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Takes one ID-number verification from a device's allowance.
	 * @param device the device
	 * @return {@link Duration#ZERO} if it may verify now (and the verification is
	 * counted), else how long until it may
	 */
	public Duration take(Device device) {
		long now = this.clock.millis();
		if (this.states.size() > MAX_DEVICES) {
			this.states.values().removeIf(state -> state.idle(now, this.limits));
		}
		DeviceState state = this.states.computeIfAbsent(device.tokenId(), id -> new DeviceState(this.limits, now));
		synchronized (state) {
			return state.take(now, this.limits);
		}
	}

	/**
	 * Notes that a device was told NOT_FOUND, and raises the alert on a burst.
	 * @param device the device
	 */
	public void notFound(Device device) {
		long now = this.clock.millis();
		DeviceState state = this.states.computeIfAbsent(device.tokenId(), id -> new DeviceState(this.limits, now));
		boolean alert;
		synchronized (state) {
			alert = state.notFound(now, this.limits);
		}
		if (alert) {
			alert(device);
		}
	}

	/** The limits in force. */
	public CodesProperties.IdNumberVerifications limits() {
		return this.limits;
	}

	private void alert(Device device) {
		String what = this.limits.alertNotFound() + " ID numbers nobody is registered with within "
				+ this.limits.alertWindow().toSeconds() + " s: someone may be walking ID numbers with this token";
		log.warn(
				"SECURITY ALERT: device token {} ({} '{}') was answered NOT_FOUND for {}; revoke the token "
						+ "(DELETE /api/v1/device-tokens/{}) unless the gate really sees that many unregistered people",
				device.tokenId(), device.kind(), device.label(), what, device.tokenId());
		this.audit.record(new Caller(0, "device:" + device.tokenId(), device.label(), Set.of(), "/"),
				new AuditManagement.View(ALERT_ACTION, "DEVICE_TOKEN", Long.toString(device.tokenId()),
						device.kind() + " " + device.label(), what, "API", null));
	}

	/** One device's allowance and its recent NOT_FOUND answers. */
	private static final class DeviceState {

		private double tokens;

		private long refilledAt;

		/** When the last answers NOT_FOUND were given, a ring. */
		private long[] notFoundAt;

		private int next;

		private long alertedAt = Long.MIN_VALUE;

		private long lastSeen;

		DeviceState(CodesProperties.IdNumberVerifications limits, long now) {
			this.tokens = limits.burst();
			this.refilledAt = now;
			this.lastSeen = now;
		}

		Duration take(long now, CodesProperties.IdNumberVerifications limits) {
			this.lastSeen = now;
			double perMilli = limits.perMinute() / 60_000.0;
			this.tokens = Math.min(limits.burst(), this.tokens + Math.max(0, now - this.refilledAt) * perMilli);
			this.refilledAt = Math.max(now, this.refilledAt);
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return Duration.ZERO;
			}
			return Duration.ofMillis((long) Math.ceil((1 - this.tokens) / perMilli));
		}

		boolean notFound(long now, CodesProperties.IdNumberVerifications limits) {
			this.lastSeen = now;
			if (this.notFoundAt == null) {
				this.notFoundAt = new long[limits.alertNotFound()];
				java.util.Arrays.fill(this.notFoundAt, Long.MIN_VALUE);
			}
			this.notFoundAt[this.next] = now;
			this.next = (this.next + 1) % this.notFoundAt.length;
			// the oldest of the last N answers, this one included, is the next to go
			long oldest = this.notFoundAt[this.next];
			boolean burst = oldest != Long.MIN_VALUE && now - oldest <= limits.alertWindow().toMillis();
			if (burst && (this.alertedAt == Long.MIN_VALUE || now - this.alertedAt >= ALERT_QUIET.toMillis())) {
				this.alertedAt = now;
				return true;
			}
			return false;
		}

		/** Whether nothing would change if this state were forgotten now. */
		boolean idle(long now, CodesProperties.IdNumberVerifications limits) {
			long refill = (long) Math.ceil(limits.burst() * 60_000.0 / limits.perMinute());
			long quiet = Math.max(refill, Math.max(limits.alertWindow().toMillis(), ALERT_QUIET.toMillis()));
			return now - this.lastSeen > quiet;
		}

	}

}
