package org.epigrid.demo.internal;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * One lattice cell (a grid) as a Coons patch over its four boundary polylines: a point
 * {@code (u, v)} of the unit square maps to a point of the cell, the square's sides to
 * the cell's edges. Within each square between consecutive edge points the map is
 * bilinear, so sub-rectangles whose sides pass through all edge points in their range map
 * to polygons with straight sides: that is how micro-grids subdivide a grid exactly, and
 * why a point mapped from inside a sub-rectangle lies inside its micro-grid.
 */
final class CellPatch {

	private final Coordinate[] south;

	private final Coordinate[] north;

	private final Coordinate[] west;

	private final Coordinate[] east;

	private final int uSegments;

	private final int vSegments;

	/**
	 * @param south west to east
	 * @param north west to east
	 * @param west south to north
	 * @param east south to north
	 */
	CellPatch(Coordinate[] south, Coordinate[] north, Coordinate[] west, Coordinate[] east) {
		this.south = south;
		this.north = north;
		this.west = west;
		this.east = east;
		this.uSegments = south.length - 1;
		this.vSegments = west.length - 1;
	}

	/**
	 * The point at edge-point indexes {@code (su, sv)}; points on the cell boundary are
	 * the boundary's own points, so neighbouring patches agree on them exactly.
	 */
	Coordinate node(int su, int sv) {
		if (sv == 0) {
			return this.south[su];
		}
		if (sv == this.vSegments) {
			return this.north[su];
		}
		if (su == 0) {
			return this.west[sv];
		}
		if (su == this.uSegments) {
			return this.east[sv];
		}
		Coordinate p = coons((double) su / this.uSegments, (double) sv / this.vSegments);
		return new Coordinate(Lattice.round(p.x), Lattice.round(p.y));
	}

	/**
	 * The point at {@code (u, v)} of the unit square, not rounded.
	 */
	Coordinate at(double u, double v) {
		return coons(u, v);
	}

	private Coordinate coons(double u, double v) {
		Coordinate s = along(this.south, u);
		Coordinate n = along(this.north, u);
		Coordinate w = along(this.west, v);
		Coordinate e = along(this.east, v);
		Coordinate sw = this.south[0];
		Coordinate se = this.south[this.uSegments];
		Coordinate nw = this.north[0];
		Coordinate ne = this.north[this.uSegments];
		double x = (1 - v) * s.x + v * n.x + (1 - u) * w.x + u * e.x
				- ((1 - u) * (1 - v) * sw.x + u * (1 - v) * se.x + (1 - u) * v * nw.x + u * v * ne.x);
		double y = (1 - v) * s.y + v * n.y + (1 - u) * w.y + u * e.y
				- ((1 - u) * (1 - v) * sw.y + u * (1 - v) * se.y + (1 - u) * v * nw.y + u * v * ne.y);
		return new Coordinate(x, y);
	}

	private static Coordinate along(Coordinate[] line, double t) {
		int segments = line.length - 1;
		double position = t * segments;
		int k = Math.min((int) Math.floor(position), segments - 1);
		double f = position - k;
		Coordinate a = line[k];
		Coordinate b = line[k + 1];
		return new Coordinate(a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f);
	}

	/**
	 * The whole cell, counter-clockwise from its south-west corner.
	 */
	Polygon polygon(GeometryFactory factory) {
		return nodes(factory, 0, this.uSegments, 0, this.vSegments);
	}

	/**
	 * Part {@code (a, b)} of the cell cut into {@code columns} by {@code rows} parts,
	 * counter-clockwise. {@code columns} must divide the east-west edge segments and
	 * {@code rows} the north-south ones.
	 */
	Polygon part(GeometryFactory factory, int a, int b, int columns, int rows) {
		int du = this.uSegments / columns;
		int dv = this.vSegments / rows;
		return nodes(factory, a * du, (a + 1) * du, b * dv, (b + 1) * dv);
	}

	private Polygon nodes(GeometryFactory factory, int u0, int u1, int v0, int v1) {
		List<Coordinate> ring = new ArrayList<>();
		for (int su = u0; su < u1; su++) {
			ring.add(node(su, v0));
		}
		for (int sv = v0; sv < v1; sv++) {
			ring.add(node(u1, sv));
		}
		for (int su = u1; su > u0; su--) {
			ring.add(node(su, v1));
		}
		for (int sv = v1; sv > v0; sv--) {
			ring.add(node(u0, sv));
		}
		ring.add(ring.get(0));
		return factory.createPolygon(ring.toArray(Coordinate[]::new));
	}

	/**
	 * The point at {@code (fu, fv)} (each in {@code [0, 1]}) inside part {@code (a, b)}.
	 */
	Coordinate inPart(int a, int b, int columns, int rows, double fu, double fv) {
		return at((a + fu) / columns, (b + fv) / rows);
	}

}
