package org.epigrid.codes;

/**
 * Finds the site a venue's device verifies at (a service provider interface: the module
 * owning venues implements it, so that codes need not know venues). The gates' fast path
 * calls it for every verification by a venue's device: keep it cheap (cached, no events).
 */
public interface VerificationSiteLookup {

	/**
	 * The site of a venue.
	 * @param venueId the venue a device is bound to
	 * @return the site, {@code null} if the venue no longer exists
	 */
	VerificationSite find(long venueId);

}
