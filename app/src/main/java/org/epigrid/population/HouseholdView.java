package org.epigrid.population;

import java.util.List;

/**
 * A household (户) with its place in the building and grid, its members and its service
 * chain.
 *
 * @param id id
 * @param buildingId building id
 * @param buildingName building name (幢)
 * @param unitName unit name (单元)
 * @param room room number
 * @param address full address
 * @param path jurisdiction path (of its micro-grid)
 * @param gridName grid / micro-grid name
 * @param members the members (masked)
 * @param chain the four-level service chain
 */
public record HouseholdView(long id, long buildingId, String buildingName, String unitName, String room, String address,
		String path, String gridName, List<PersonSummary> members, List<ChainLink> chain) {
}
