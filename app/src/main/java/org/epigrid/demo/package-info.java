/**
 * The demo town: a deterministic synthetic township of Suzhou (divisions with boundaries,
 * grid staff, buildings, households, persons, venues, candidate sampling sites) that
 * loads on the first start of the embedded database, and the same generator at benchmark
 * scale ({@link org.epigrid.demo.DemoTownWriter},
 * {@link org.epigrid.demo.DemoCsvExport}).
 */
package org.epigrid.demo;
