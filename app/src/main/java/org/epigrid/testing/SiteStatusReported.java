package org.epigrid.testing;

/**
 * A sampling site reported its status and queue (every report; {@link #crowded()} says
 * whether people should be sent elsewhere). The command's site list shows it at once.
 *
 * @param site the site with the report applied
 * @param path the site's division path (who may see it)
 */
public record SiteStatusReported(SamplingSite site, String path) {

	/**
	 * @return whether the site is BUSY or its queue is over its hourly capacity
	 */
	public boolean crowded() {
		return this.site.crowded();
	}

}
