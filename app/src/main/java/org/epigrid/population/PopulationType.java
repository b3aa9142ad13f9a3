package org.epigrid.population;

/**
 * How a person belongs to the place they live.
 */
public enum PopulationType {

	/** 常住人口. */
	RESIDENT,
	/** 流动人口. */
	FLOATING,
	/** 境外人员. */
	OVERSEAS

}
