package org.epigrid.codes;

/**
 * The colour of a health code, in rising order of restriction.
 */
public enum Colour {

	/** 绿码: free to move. */
	GREEN,
	/** 黄码: restricted, e.g. must test. */
	YELLOW,
	/** 红码: under control. */
	RED;

	/**
	 * The colour for its stored rank.
	 * @param rank 0, 1 or 2
	 * @return the colour
	 */
	public static Colour ofRank(int rank) {
		return values()[rank];
	}

}
