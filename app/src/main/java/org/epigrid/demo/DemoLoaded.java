package org.epigrid.demo;

/**
 * The demo town was loaded into the database (published inside the load transaction, once
 * per database).
 *
 * @param grids grids loaded
 * @param households households loaded
 * @param persons persons loaded
 */
public record DemoLoaded(int grids, int households, int persons) {
}
