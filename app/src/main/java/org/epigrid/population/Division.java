package org.epigrid.population;

/**
 * A node of the division and grid tree.
 *
 * @param id id
 * @param parentId parent's id, {@code null} for a root
 * @param code GB/T 2260-style code (grids and micro-grids extend their parent's code)
 * @param name name
 * @param level level
 * @param path materialised path ({@code /32/3205/.../<code>/})
 * @param centroidLon centroid longitude (WGS84), may be {@code null}
 * @param centroidLat centroid latitude (WGS84), may be {@code null}
 * @param childCount number of children
 */
public record Division(long id, Long parentId, String code, String name, DivisionLevel level, String path,
		Double centroidLon, Double centroidLat, int childCount) {
}
