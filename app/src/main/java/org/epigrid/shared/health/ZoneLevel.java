package org.epigrid.shared.health;

/**
 * Risk-zone levels (三区).
 */
public enum ZoneLevel {

	/** 封控区: nobody leaves home. */
	SEALED,
	/** 管控区: nobody leaves the compound. */
	CONTROLLED,
	/** 防范区: gatherings limited. */
	PREVENTION

}
