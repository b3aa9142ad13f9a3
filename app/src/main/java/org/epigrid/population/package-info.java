/**
 * Base population data (一标三实): divisions, grids and micro-grids, buildings, units,
 * households, persons, special-population tags and the grid-worker chain (MISSION B1,
 * B2).
 */
package org.epigrid.population;
