package org.epigrid.codes.internal.token;

import org.epigrid.codes.internal.CodesProperties;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.epigrid.security.Device;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Catches a dynamic code shown at two places at once: the first device that verifies a
 * token owns it for the token's life; the same token at another device farther away than
 * {@code epigrid.codes.replay-distance-m} (default 1 km) is a replay (a screenshot passed
 * on). A device without a known place counts as far from every other device. Kept in
 * memory: tokens live a minute.
 */
@Component
public class ReplayGuard {

	private final Map<Long, Seen> seen = new ConcurrentHashMap<>();

	private final double distanceMetres;

	private final Clock clock;

	ReplayGuard(CodesProperties properties, Clock clock) {
		this.distanceMetres = properties.replayDistanceM();
		this.clock = clock;
	}

	/**
	 * Records a verification and says whether it is a replay.
	 * @param tokenId the token's id
	 * @param expiresAt the token's expiry (epoch seconds)
	 * @param device the verifying device
	 * @return {@code true} if the token was seen at a distant device
	 */
	public boolean replayed(long tokenId, long expiresAt, Device device) {
		Seen mine = new Seen(device.tokenId(), device.lon(), device.lat(), expiresAt);
		Seen first = this.seen.putIfAbsent(tokenId, mine);
		if (first == null || first.deviceId() == device.tokenId()) {
			return false;
		}
		if (first.lon() == null || device.lon() == null) {
			return true;
		}
		return metres(first.lat(), first.lon(), device.lat(), device.lon()) > this.distanceMetres;
	}

	/** Forgets tokens that have expired. */
	@Scheduled(fixedDelay = 10_000)
	public void purge() {
		long now = this.clock.instant().getEpochSecond();
		this.seen.values().removeIf(s -> s.expiresAt() < now);
	}

	static double metres(double lat1, double lon1, double lat2, double lon2) {
		double p1 = Math.toRadians(lat1);
		double p2 = Math.toRadians(lat2);
		double dp = p2 - p1;
		double dl = Math.toRadians(lon2 - lon1);
		double a = Math.sin(dp / 2) * Math.sin(dp / 2)
				+ Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
		return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
	}

	private record Seen(long deviceId, Double lon, Double lat, long expiresAt) {
	}

}
