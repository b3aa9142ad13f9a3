package org.epigrid.demo.internal;

import org.locationtech.jts.geom.Coordinate;

/**
 * The ground plan every township is cut from: an endless lattice of cells (one cell per
 * grid) whose vertices are shifted by a deterministic jitter and whose edges wiggle
 * through a few jittered points. Each vertex and edge is a function of the seed and its
 * lattice position only, so neighbouring cells share their boundary exactly and the cells
 * tessellate the plane without gaps or overlaps.
 * <p>
 * Cell {@code (0, 0)} has its south-west corner near lon 120.72, lat 31.38 (north-east of
 * Suzhou, by Yangcheng Lake); a cell is about 1.7 km by 1.6 km.
 */
final class Lattice {

	static final double ORIGIN_LON = 120.72;

	static final double ORIGIN_LAT = 31.38;

	static final double CELL_LON = 0.018;

	static final double CELL_LAT = 0.1 / 7;

	/** How far a vertex may move, as a share of the cell size in each direction. */
	private static final double VERTEX_JITTER = 0.15;

	/** How far an edge point may move sideways, as a share of the cell size. */
	private static final double EDGE_WIGGLE = 0.05;

	private static final long VERTEX = 1;

	private static final long HORIZONTAL = 2;

	private static final long VERTICAL = 3;

	private final long seed;

	private final int horizontalSegments;

	private final int verticalSegments;

	/**
	 * @param seed the town seed
	 * @param horizontalSegments segments of every east-west edge
	 * @param verticalSegments segments of every north-south edge
	 */
	Lattice(long seed, int horizontalSegments, int verticalSegments) {
		this.seed = seed;
		this.horizontalSegments = horizontalSegments;
		this.verticalSegments = verticalSegments;
	}

	static double round(double degrees) {
		// 1e-6 degrees is about 0.1 m: precise enough, and short in GeoJSON
		return Math.round(degrees * 1e6) / 1e6;
	}

	Coordinate vertex(int i, int j) {
		double dx = (2 * Mix.unit(Mix.hash(this.seed, VERTEX, i, j, 0)) - 1) * VERTEX_JITTER;
		double dy = (2 * Mix.unit(Mix.hash(this.seed, VERTEX, i, j, 1)) - 1) * VERTEX_JITTER;
		return new Coordinate(round(ORIGIN_LON + (i + dx) * CELL_LON), round(ORIGIN_LAT + (j + dy) * CELL_LAT));
	}

	/**
	 * The edge from vertex {@code (i, j)} east to vertex {@code (i + 1, j)}.
	 */
	Coordinate[] horizontalEdge(int i, int j) {
		return edge(vertex(i, j), vertex(i + 1, j), this.horizontalSegments, HORIZONTAL, i, j);
	}

	/**
	 * The edge from vertex {@code (i, j)} north to vertex {@code (i, j + 1)}.
	 */
	Coordinate[] verticalEdge(int i, int j) {
		return edge(vertex(i, j), vertex(i, j + 1), this.verticalSegments, VERTICAL, i, j);
	}

	private Coordinate[] edge(Coordinate from, Coordinate to, int segments, long direction, int i, int j) {
		Coordinate[] points = new Coordinate[segments + 1];
		points[0] = from;
		points[segments] = to;
		for (int s = 1; s < segments; s++) {
			double t = (double) s / segments;
			// sideways shift, largest in the middle of the edge and zero at its ends
			double shift = (2 * Mix.unit(Mix.hash(this.seed, direction, i, j, s)) - 1) * EDGE_WIGGLE * 4 * t * (1 - t);
			double x = from.x + (to.x - from.x) * t;
			double y = from.y + (to.y - from.y) * t;
			if (direction == HORIZONTAL) {
				y += shift * CELL_LAT;
			}
			else {
				x += shift * CELL_LON;
			}
			points[s] = new Coordinate(round(x), round(y));
		}
		return points;
	}

	/**
	 * The cell whose south-west vertex is {@code (i, j)}.
	 */
	CellPatch cell(int i, int j) {
		return new CellPatch(horizontalEdge(i, j), horizontalEdge(i, j + 1), verticalEdge(i, j),
				verticalEdge(i + 1, j));
	}

}
