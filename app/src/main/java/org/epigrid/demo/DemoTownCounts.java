package org.epigrid.demo;

/**
 * How many rows a generated town has.
 *
 * @param divisions divisions from province down to micro-grid
 * @param grids grids
 * @param microGrids micro-grids
 * @param gridStaff grid staff
 * @param buildings buildings
 * @param households households
 * @param persons persons
 * @param venues venues
 * @param samplingSiteCandidates candidate sampling-site locations
 */
public record DemoTownCounts(int divisions, int grids, int microGrids, int gridStaff, int buildings, int households,
		int persons, int venues, int samplingSiteCandidates) {
}
