package org.epigrid.demo.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.epigrid.demo.DemoLoad;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The one load of the demo town into a database ({@code demo_load}) and what decides
 * whether it happens.
 */
@Repository
public class DemoLoadRepository {

	private final JdbcClient jdbc;

	DemoLoadRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The load of the demo town into this database.
	 * @return the load, empty if the demo town was never loaded
	 */
	public Optional<DemoLoad> loaded() {
		return this.jdbc.sql("""
				SELECT seed, loaded_at, grids, households, persons, duration_ms
				FROM demo_load WHERE id = 1
				""")
			.query((rs, row) -> new DemoLoad(rs.getLong("seed"),
					rs.getObject("loaded_at", OffsetDateTime.class).toInstant(), rs.getInt("grids"),
					rs.getInt("households"), rs.getInt("persons"), Duration.ofMillis(rs.getLong("duration_ms"))))
			.optional();
	}

	/** Waits for other loaders until the caller's transaction ends. */
	void lock(long key) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", key).query().listOfRows();
	}

	boolean loadedBefore() {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM demo_load)").query(Boolean.class).single();
	}

	/** Whether the database holds divisions or persons (then no demo town is loaded). */
	boolean populationPresent() {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM division) OR EXISTS (SELECT 1 FROM person)")
			.query(Boolean.class)
			.single();
	}

	/** Fresh statistics for the planner on the tables the town filled. */
	void analyze() {
		this.jdbc
			.sql("ANALYZE division, grid_staff, building, building_unit, household, person, venue, "
					+ "demo_sampling_site_candidate")
			.update();
	}

	void insert(long seed, Instant loadedAt, int grids, int households, int persons, long durationMs) {
		this.jdbc.sql("""
				INSERT INTO demo_load (id, seed, loaded_at, grids, households, persons, duration_ms)
				VALUES (1, :seed, :loadedAt, :grids, :households, :persons, :durationMs)
				""")
			.param("seed", seed)
			.param("loadedAt", loadedAt.atOffset(ZoneOffset.UTC))
			.param("grids", grids)
			.param("households", households)
			.param("persons", persons)
			.param("durationMs", durationMs)
			.update();
	}

}
