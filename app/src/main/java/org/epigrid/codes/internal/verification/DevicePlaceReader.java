package org.epigrid.codes.internal.verification;

import java.time.Duration;

import org.epigrid.security.Device;
import org.epigrid.shared.ShortLivedCache;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The division a device verifies in, for the statistics: a checkpoint's compound, else
 * the grid whose centre is nearest the device's place (within about 3 km), else {@code /}
 * (not placed). Looked up once per device every 10 minutes.
 */
@Component
public class DevicePlaceReader {

	/** About 3 km, in degrees. */
	private static final double MAX_DEGREES = 0.03;

	private final JdbcClient jdbc;

	private final ShortLivedCache<Long, String> places = new ShortLivedCache<>(Duration.ofMinutes(10), 100_000);

	DevicePlaceReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Where a device is.
	 * @param device the device
	 * @return a division path, {@code /} if unknown
	 */
	public String of(Device device) {
		return this.places.get(device.tokenId(), id -> find(device));
	}

	private String find(Device device) {
		if (device.kind() == Device.Kind.CHECKPOINT && device.ref() != null) {
			return this.jdbc.sql("SELECT path FROM population_division_place WHERE id = :id")
				.param("id", device.ref())
				.query(String.class)
				.optional()
				.orElse("/");
		}
		if (device.lon() == null || device.lat() == null) {
			return "/";
		}
		return this.jdbc.sql("""
				SELECT path FROM population_division_place
				WHERE level IN ('GRID', 'MICRO_GRID') AND centroid_lon IS NOT NULL
				  AND abs(centroid_lon - :lon) < :max AND abs(centroid_lat - :lat) < :max
				ORDER BY (centroid_lon - :lon) ^ 2 + (centroid_lat - :lat) ^ 2, level DESC LIMIT 1
				""")
			.param("lon", device.lon())
			.param("lat", device.lat())
			.param("max", MAX_DEGREES)
			.query(String.class)
			.optional()
			.orElse("/");
	}

}
