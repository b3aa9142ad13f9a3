package org.epigrid.population;

/**
 * One link of the four-level service chain of a household (MISSION B1): party committee
 * (township), village branch, grid manager, micro-grid informant.
 *
 * @param role the link's role
 * @param divisionId the division or grid served
 * @param divisionName its name
 * @param staffName the person in that role, {@code null} if the post is vacant
 * @param phone their phone, {@code null} if unknown
 */
public record ChainLink(StaffRole role, long divisionId, String divisionName, String staffName, String phone) {

	/**
	 * The four roles of the chain, top down.
	 */
	public enum StaffRole {

		/** 镇党委 (party committee secretary of the township). */
		PARTY_SECRETARY,
		/** 村支部 (village branch secretary). */
		BRANCH_SECRETARY,
		/** 网格长 / 网格员. */
		GRID_MANAGER,
		/** 微网格信息员. */
		MICRO_GRID_INFORMANT

	}

}
