package org.epigrid.demo.internal;

import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes polygons as GeoJSON geometry objects (RFC 7946: exterior rings
 * counter-clockwise, holes clockwise, coordinates rounded to 1e-6 degrees).
 */
final class GeoJson {

	private GeoJson() {
	}

	static String geometry(Geometry geometry) {
		StringBuilder json = new StringBuilder(512);
		switch (geometry) {
			case Polygon polygon -> {
				json.append("{\"type\":\"Polygon\",\"coordinates\":");
				polygon(json, polygon);
			}
			case MultiPolygon multi -> {
				json.append("{\"type\":\"MultiPolygon\",\"coordinates\":[");
				for (int i = 0; i < multi.getNumGeometries(); i++) {
					if (i > 0) {
						json.append(',');
					}
					polygon(json, (Polygon) multi.getGeometryN(i));
				}
				json.append(']');
			}
			default -> throw new IllegalArgumentException("not a polygon: " + geometry.getGeometryType());
		}
		return json.append('}').toString();
	}

	private static void polygon(StringBuilder json, Polygon polygon) {
		json.append('[');
		ring(json, polygon.getExteriorRing(), true);
		for (int i = 0; i < polygon.getNumInteriorRing(); i++) {
			json.append(',');
			ring(json, polygon.getInteriorRingN(i), false);
		}
		json.append(']');
	}

	private static void ring(StringBuilder json, LineString ring, boolean counterClockwise) {
		Coordinate[] points = ring.getCoordinates();
		boolean reverse = Orientation.isCCW(points) != counterClockwise;
		json.append('[');
		for (int i = 0; i < points.length; i++) {
			Coordinate p = points[reverse ? points.length - 1 - i : i];
			if (i > 0) {
				json.append(',');
			}
			json.append('[').append(Lattice.round(p.x)).append(',').append(Lattice.round(p.y)).append(']');
		}
		json.append(']');
	}

}
