package org.epigrid.shared.health;

/**
 * Where a person stands as a case.
 */
public enum CaseStatus {

	/** 疑似病例. */
	SUSPECTED,
	/** 确诊病例. */
	CONFIRMED,
	/** 无症状感染者. */
	ASYMPTOMATIC,
	/** 治愈出院 (recovered, released). */
	RECOVERED

}
