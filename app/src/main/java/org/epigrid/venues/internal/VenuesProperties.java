package org.epigrid.venues.internal;

import java.math.BigDecimal;
import java.time.Duration;
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
		@DefaultValue("PT1H") Duration checkInMaintenance){

	/**
	 * Checks the settings.
	 * @param noExitReasons copied
	 * @param feverCelsius as given
	 * @param checkInRetention at least one day
	 * @param checkInMaintenance as given
	 */
	public VenuesProperties {
		if (checkInRetention.toDays() < 1) {
			throw new IllegalStateException("epigrid.codes.check-in-retention must be at least one day");
		}
		noExitReasons = Set.copyOf(noExitReasons);
	}

}
