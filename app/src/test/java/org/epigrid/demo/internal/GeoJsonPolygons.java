package org.epigrid.demo.internal;

import java.util.ArrayList;
import java.util.List;

import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the GeoJSON polygons the generator writes back into JTS geometries, so that tests
 * check the stored boundaries rather than the generator's own objects.
 */
final class GeoJsonPolygons {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final GeometryFactory FACTORY = new GeometryFactory();

	private GeoJsonPolygons() {
	}

	static Geometry parse(String geoJson) {
		JsonNode node = JSON.readTree(geoJson);
		JsonNode coordinates = node.get("coordinates");
		return switch (node.get("type").asString()) {
			case "Polygon" -> polygon(coordinates);
			case "MultiPolygon" -> {
				List<Polygon> polygons = new ArrayList<>();
				for (JsonNode polygon : coordinates) {
					polygons.add(polygon(polygon));
				}
				yield FACTORY.createMultiPolygon(polygons.toArray(Polygon[]::new));
			}
			default -> throw new IllegalArgumentException(geoJson);
		};
	}

	private static Polygon polygon(JsonNode rings) {
		LinearRing shell = ring(rings.get(0));
		LinearRing[] holes = new LinearRing[rings.size() - 1];
		for (int i = 1; i < rings.size(); i++) {
			holes[i - 1] = ring(rings.get(i));
		}
		return FACTORY.createPolygon(shell, holes);
	}

	private static LinearRing ring(JsonNode points) {
		Coordinate[] coordinates = new Coordinate[points.size()];
		for (int i = 0; i < points.size(); i++) {
			coordinates[i] = new Coordinate(points.get(i).get(0).asDouble(), points.get(i).get(1).asDouble());
		}
		return FACTORY.createLinearRing(coordinates);
	}

}
