package org.epigrid.testing;

/**
 * What a sampling site reports about itself.
 */
public enum SiteStatus {

	/** Open, sampling. */
	OPEN,
	/** Open, long queue: send people elsewhere. */
	BUSY,
	/** Open today, not sampling now (break, disinfection, out of tubes). */
	PAUSED,
	/** Closed. */
	CLOSED;

	/**
	 * @return whether people may come now
	 */
	public boolean sampling() {
		return this == OPEN || this == BUSY;
	}

}
