package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

/**
 * The residents of a risk zone: declared, changed in level or lifted.
 *
 * @param personIds the residents concerned
 * @param level the zone level they now live under, {@code null} when lifted
 * @param at when it took effect
 */
public record ZoneResidenceChanged(List<Long> personIds, ZoneLevel level, Instant at) {

	/**
	 * Copies the ids.
	 * @param personIds residents
	 * @param level level
	 * @param at when
	 */
	public ZoneResidenceChanged {
		personIds = List.copyOf(personIds);
	}

}
