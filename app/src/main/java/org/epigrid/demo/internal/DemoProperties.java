package org.epigrid.demo.internal;

import java.time.LocalDate;

import org.epigrid.demo.DemoTownParameters;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Whether and which demo town to load on start-up. Unset sizes are those of
 * {@link DemoTownParameters#standard()}.
 *
 * @param enabled {@code auto} (load into the embedded database only, the default),
 * {@code true} (load into any database) or {@code false}; env {@code EPIGRID_DEMO}
 * @param seed the seed
 * @param persons about how many persons (more townships or fewer grids)
 * @param townships number of townships
 * @param grids grids per township
 * @param householdsPerMicroGrid mean households per micro-grid
 * @param testing whether the town also gets its sampling sites and testing rounds (a
 * finished one, a running one with results: test facts for nearly everyone); off in the
 * platform tests, whose health-code assertions start from persons without facts
 * @param tracing whether the town also gets 14 days of check-ins and a small outbreak:
 * cases with their contacts (contact facts for hundreds); off in the platform tests, as
 * {@code testing}
 */
@ConfigurationProperties("epigrid.demo")
record DemoProperties(@DefaultValue("auto") Mode enabled, Long seed, Long persons, Integer townships, Integer grids,
		Integer householdsPerMicroGrid, @DefaultValue("true") boolean testing, @DefaultValue("true") boolean tracing) {

	/** When to load. */
	enum Mode {

		/** Only into the embedded database ({@code epigrid.db.url} blank). */
		AUTO,
		/** Into whatever database is configured. */
		TRUE,
		/** Never. */
		FALSE

	}

	/**
	 * The town these properties describe, as of the given day.
	 */
	DemoTownParameters parameters(LocalDate asOf) {
		DemoTownParameters parameters = (this.persons != null) ? DemoTownParameters.forPersons(this.persons)
				: DemoTownParameters.standard();
		parameters = parameters.withAsOf(asOf);
		if (this.seed != null) {
			parameters = parameters.withSeed(this.seed);
		}
		if (this.townships != null) {
			parameters = parameters.withTownships(this.townships);
		}
		if (this.grids != null) {
			parameters = parameters.withGridsPerTownship(this.grids);
		}
		if (this.householdsPerMicroGrid != null) {
			parameters = parameters.withHouseholdsPerMicroGrid(this.householdsPerMicroGrid);
		}
		return parameters;
	}

}
