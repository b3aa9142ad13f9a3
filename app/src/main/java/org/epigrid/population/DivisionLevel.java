package org.epigrid.population;

/**
 * Levels of the division and grid tree (MISSION B1), broadest first.
 */
public enum DivisionLevel {

	/** 省. */
	PROVINCE,
	/** 市. */
	CITY,
	/** 区/县. */
	DISTRICT,
	/** 乡镇/街道. */
	TOWNSHIP,
	/** 村/社区. */
	VILLAGE,
	/** 网格. */
	GRID,
	/** 微网格 (~50 households). */
	MICRO_GRID

}
