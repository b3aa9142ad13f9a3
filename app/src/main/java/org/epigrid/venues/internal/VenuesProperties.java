package org.epigrid.venues.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of venues, check-ins and compound checkpoints, every default in this one
 * place. They keep their names under {@code epigrid.codes} (operators' configurations
 * stay valid) but belong to the venue classes, not to health codes (the codes module's
 * {@code CodesProperties}).
 *
 * @param noExitReasons reasons of a code that keep a person from going out through a
 * compound's checkpoint ({@code no-exit-reasons})
 * @param feverCelsius at checkpoints, this temperature or higher stops the person
 * ({@code fever-celsius})
 * @param checkInRetention check-ins and checkpoint passes older than this are dropped
 * ({@code check-in-retention}; at least one day)
 * @param checkInMaintenance how often check-in partitions are made ahead and old ones
 * dropped ({@code check-in-maintenance})
 */
@ConfigurationProperties("epigrid.codes")
public record VenuesProperties(@DefaultValue( {
		"SEALED_AREA", "CONTROLLED_AREA", "CLOSE_CONTACT", "CONFIRMED_CASE" }) Set<String> noExitReasons,
		@DefaultValue("37.3") BigDecimal feverCelsius, @DefaultValue("P28D") Duration checkInRetention,
		@DefaultValue("PT1H") Duration checkInMaintenance, @DefaultValue("PT1H") Duration checkInDwell,
		Map<String, Duration> checkInDwellByType){

	/** The longest stay a check-in may count for. */
	public static final Duration MAX_DWELL = Duration.ofHours(24);

	/**
	 * How long people stay at venues by type, from how such places are used: a shop
	 * minutes, a meal an hour and a half, a shift eight hours, a hotel night twelve.
	 */
	public static final Map<String, Duration> DWELL_BY_TYPE = Map.ofEntries(
			Map.entry("SUPERMARKET", Duration.ofMinutes(40)), Map.entry("CONVENIENCE_STORE", Duration.ofMinutes(10)),
			Map.entry("RESTAURANT", Duration.ofMinutes(90)), Map.entry("MARKET", Duration.ofMinutes(60)),
			Map.entry("PHARMACY", Duration.ofMinutes(10)), Map.entry("CLINIC", Duration.ofMinutes(90)),
			Map.entry("SCHOOL", Duration.ofHours(8)), Map.entry("KINDERGARTEN", Duration.ofHours(8)),
			Map.entry("NURSING_HOME", Duration.ofHours(2)), Map.entry("FACTORY", Duration.ofHours(8)),
			Map.entry("OFFICE", Duration.ofHours(8)), Map.entry("HOTEL", Duration.ofHours(12)),
			Map.entry("BUS_STATION", Duration.ofMinutes(30)), Map.entry("BANK", Duration.ofMinutes(20)),
			Map.entry("INTERNET_CAFE", Duration.ofHours(3)), Map.entry("KTV", Duration.ofHours(3)),
			Map.entry("GYM", Duration.ofMinutes(90)));

	/**
	 * Checks the settings.
	 * @param noExitReasons copied
	 * @param feverCelsius as given
	 * @param checkInRetention at least one day
	 * @param checkInMaintenance as given
	 * @param checkInDwell a minute to {@link #MAX_DWELL}
	 * @param checkInDwellByType each a minute to {@link #MAX_DWELL}, over the built-in
	 * ones
	 */
	public VenuesProperties {
		if (checkInRetention.toDays() < 1) {
			throw new IllegalStateException("epigrid.codes.check-in-retention must be at least one day");
		}
		noExitReasons = Set.copyOf(noExitReasons);
		Map<String, Duration> dwell = new HashMap<>(DWELL_BY_TYPE);
		if (checkInDwellByType != null) {
			dwell.putAll(checkInDwellByType);
		}
		dwell.put("", checkInDwell);
		dwell.forEach((type, stay) -> {
			if (stay.compareTo(Duration.ofMinutes(1)) < 0 || stay.compareTo(MAX_DWELL) > 0) {
				throw new IllegalStateException("epigrid.codes.check-in-dwell"
						+ (type.isEmpty() ? "" : "-by-type." + type) + " must be a minute to a day");
			}
		});
		dwell.remove("");
		checkInDwellByType = Map.copyOf(dwell);
	}

	/**
	 * How long a check-in at a venue of a type counts as a stay.
	 * @param venueType the venue's type
	 * @return its dwell, or the default one
	 */
	public Duration dwell(String venueType) {
		return this.checkInDwellByType.getOrDefault(venueType, this.checkInDwell);
	}

}
