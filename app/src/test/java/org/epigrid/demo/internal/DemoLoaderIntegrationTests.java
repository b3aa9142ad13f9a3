package org.epigrid.demo.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.epigrid.demo.DemoLoad;
import org.epigrid.demo.DemoLoaded;
import org.epigrid.demo.DemoManagement;
import org.epigrid.demo.DemoTownParameters;
import org.epigrid.support.FreshDataFolder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small demo town (6 grids of 6 micro-grids of about 10 households) loads into a fresh
 * embedded database on start-up, and only once.
 */
@SpringBootTest(properties = { "epigrid.demo.grids=6", "epigrid.demo.households-per-micro-grid=10",
		// auto: loads because no external database is configured
		"epigrid.demo.enabled=auto", "epigrid.db.url=" })
@ContextConfiguration(initializers = FreshDataFolder.class)
class DemoLoaderIntegrationTests {

	@Autowired
	DemoLoader loader;

	@Autowired
	DemoManagement demo;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LoadedEvents events;

	@Test
	void loadsTheDemoTownOnFirstStart() {
		DemoLoad load = this.demo.loaded().orElseThrow();
		assertThat(load.seed()).isEqualTo(DemoTownParameters.STANDARD_SEED);
		assertThat(load.grids()).isEqualTo(6);
		assertThat(count("SELECT count(*) FROM division WHERE level = 'GRID'")).isEqualTo(6);
		assertThat(count("SELECT count(*) FROM division WHERE level = 'MICRO_GRID'")).isEqualTo(36);
		assertThat(count("SELECT count(*) FROM household")).isEqualTo(load.households()).isBetween(300L, 420L);
		assertThat(count("SELECT count(*) FROM person")).isEqualTo(load.persons()).isBetween(800L, 1300L);
		assertThat(count("SELECT count(*) FROM person WHERE 'ELDERLY' = ANY (tags)")).isPositive();
		assertThat(count("SELECT count(*) FROM grid_staff WHERE role = 'GRID_MANAGER'")).isEqualTo(6);
		assertThat(this.demo.venues()).hasSize(26).allSatisfy((venue) -> assertThat(venue.gridId()).isPositive());
		assertThat(this.demo.samplingSiteCandidates()).hasSize(5);
		assertThat(this.jdbc.sql("SELECT boundary->>'type' FROM division WHERE code = '320507103'")
			.query(String.class)
			.single()).isEqualTo("Polygon");
		assertThat(this.events.received)
			.containsExactly(new DemoLoaded(load.grids(), load.households(), load.persons()));
	}

	@Test
	void identitySequencesContinueAfterTheLoadedIds() {
		for (String table : List.of("division", "grid_staff", "building", "building_unit", "household", "person",
				"venue", "demo_sampling_site_candidate")) {
			long max = count("SELECT max(id) FROM " + table);
			long next = count("SELECT nextval(pg_get_serial_sequence('" + table + "', 'id'))");
			assertThat(next).as(table).isGreaterThan(max);
		}
	}

	@Test
	void loadsOnlyOnce() {
		long persons = count("SELECT count(*) FROM person");
		assertThat(this.loader.wanted()).isTrue();
		assertThat(this.loader.load()).isNull();
		assertThat(count("SELECT count(*) FROM person")).isEqualTo(persons);
		assertThat(count("SELECT count(*) FROM demo_load")).isOne();
		assertThat(this.events.received).hasSize(1);
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Listener {

		@Bean
		LoadedEvents loadedEvents() {
			return new LoadedEvents();
		}

	}

	static class LoadedEvents {

		final List<DemoLoaded> received = new CopyOnWriteArrayList<>();

		@EventListener
		void on(DemoLoaded event) {
			this.received.add(event);
		}

	}

}
