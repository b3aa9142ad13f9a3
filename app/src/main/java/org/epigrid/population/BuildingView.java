package org.epigrid.population;

import java.util.List;

/**
 * A building (楼栋) with its units and households, for the one-click drill-down (MISSION
 * B2).
 *
 * @param id id
 * @param name name
 * @param address address
 * @param lon longitude
 * @param lat latitude
 * @param floors number of floors, may be {@code null}
 * @param gridName micro-grid name
 * @param units units with their households
 */
public record BuildingView(long id, String name, String address, double lon, double lat, Integer floors,
		String gridName, List<Unit> units) {

	/**
	 * A unit (单元) of the building.
	 *
	 * @param id id
	 * @param name name
	 * @param households households in room order
	 */
	public record Unit(long id, String name, List<Household> households) {
	}

	/**
	 * A household as a line of the drill-down.
	 *
	 * @param id id
	 * @param room room
	 * @param persons number of persons
	 */
	public record Household(long id, String room, int persons) {
	}

}
