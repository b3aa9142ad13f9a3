package org.epigrid.shared.health;

/**
 * The kind of quarantine or monitoring a person is under.
 */
public enum QuarantineKind {

	/** 集中隔离. */
	CENTRALISED,
	/** 居家隔离. */
	HOME,
	/** 居家健康监测. */
	HEALTH_MONITORING

}
