package org.epigrid.security;

/**
 * What a user does in EpiGrid. A user may hold several roles; what they see is further
 * limited by their jurisdiction.
 */
public enum Role {

	/** System administration: users, protocols, audit log. */
	ADMIN,
	/** Command centre (指挥部): cockpit, dispatch. */
	COMMANDER,
	/** Epidemiologist (流调人员). */
	EPIDEMIOLOGIST,
	/** Grid worker or micro-grid informant (网格员). */
	GRID_WORKER,
	/** Sampling-site leader (采样点长). */
	SITE_LEADER,
	/** Sampler (采样员): opens tubes and scans persons at their sampling sites. */
	SAMPLER,
	/** Courier (转运员): picks up and hands over transport boxes. */
	COURIER,
	/** Quarantine officer (隔离管理). */
	QUARANTINE_OFFICER,
	/** Data officer (数据专班): sources, imports, corrections. */
	DATA_OFFICER

}
