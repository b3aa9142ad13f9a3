package org.epigrid.tracing;

/**
 * A case's clinical classification (E6); a case opened from a positive result has none
 * until a clinician gives it.
 */
public enum CaseClassification {

	/** 疑似病例. */
	SUSPECTED,
	/** 无症状感染者. */
	ASYMPTOMATIC,
	/** 确诊（轻型）. */
	MILD,
	/** 确诊（中型）. */
	MODERATE,
	/** 确诊（重型）. */
	SEVERE,
	/** 确诊（危重型）. */
	CRITICAL

}
