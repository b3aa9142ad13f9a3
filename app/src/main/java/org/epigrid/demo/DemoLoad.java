package org.epigrid.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * The one load of the demo town into this database.
 *
 * @param seed the seed the town was generated from
 * @param loadedAt when the load committed
 * @param grids grids loaded
 * @param households households loaded
 * @param persons persons loaded
 * @param duration how long generating and loading took
 */
public record DemoLoad(long seed, Instant loadedAt, int grids, int households, int persons, Duration duration) {
}
