package org.epigrid.demo.internal;

import java.util.List;

/**
 * The tables the demo town fills, with their columns in table order, listed in an order
 * in which rows can be inserted without breaking a foreign key.
 */
public enum DemoTable {

	/** Divisions from province down to micro-grid, with boundaries. */
	DIVISION("division", "id", "parent_id", "code", "name", "level", "path", "boundary", "centroid_lon",
			"centroid_lat"),

	/** The four-level grid service chain. */
	GRID_STAFF("grid_staff", "id", "division_id", "role", "name", "phone", "username"),

	/** Buildings, each in one micro-grid. */
	BUILDING("building", "id", "division_id", "path", "name", "address", "lon", "lat", "floors"),

	/** Units (单元) of buildings. */
	BUILDING_UNIT("building_unit", "id", "building_id", "name"),

	/** Households, one per occupied room. */
	HOUSEHOLD("household", "id", "unit_id", "path", "room", "address"),

	/** Persons; their phones are the population base's, so login phones. */
	PERSON("person", "id", "name", "document_type", "document_number", "sex", "birth_date", "phone", "household_id",
			"path", "hukou_place", "population_type", "tags", "workplace", "created_at", "updated_at",
			"phone_verified"),

	/** Venues that later get venue codes. */
	VENUE("venue", "id", "grid_id", "name", "venue_type", "address", "lon", "lat", "capacity", "crowd_class"),

	/** Places where a sampling site could be set up. */
	SAMPLING_SITE_CANDIDATE("demo_sampling_site_candidate", "id", "grid_id", "name", "address", "lon", "lat",
			"capacity_per_hour");

	private final String tableName;

	private final List<String> columns;

	DemoTable(String tableName, String... columns) {
		this.tableName = tableName;
		this.columns = List.of(columns);
	}

	/**
	 * The SQL name of the table.
	 * @return the table name
	 */
	public String tableName() {
		return this.tableName;
	}

	/**
	 * The columns in the order of the table definition, {@code id} first.
	 * @return the column names
	 */
	public List<String> columns() {
		return this.columns;
	}

	/**
	 * The columns as a comma-separated SQL list.
	 * @return e.g. {@code id, unit_id, path, room, address}
	 */
	public String columnList() {
		return String.join(", ", this.columns);
	}

}
