package org.epigrid.tracing;

/**
 * Where a case stands in its handling (E6): reported, under investigation, transferred by
 * the 120 ambulance service, in hospital, and how it ended.
 */
public enum CaseState {

	/** 已报告. */
	REPORTED,
	/** 流调中. */
	INVESTIGATING,
	/** 已转运. */
	TRANSFERRED,
	/** 住院治疗. */
	IN_HOSPITAL,
	/** 治愈. */
	RECOVERED,
	/** 死亡. */
	DIED

}
