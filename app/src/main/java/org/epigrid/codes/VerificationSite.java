package org.epigrid.codes;

/**
 * A place that records who a device there let in (today a venue's own device): what the
 * verification needs of it, given by the module that owns the place through
 * {@link VerificationSiteLookup}. Codes decide whether a code is genuine and whose it is;
 * the site gives the verdict under its own entry policy and records the presence.
 */
public interface VerificationSite {

	/**
	 * Where verifications here are counted for the statistics.
	 * @return a division path
	 */
	String gridPath();

	/**
	 * The verdict for the holder of a genuine code or identity card, under the site's
	 * policy, with their presence recorded.
	 * @param personId the person
	 * @param maskedName their masked name
	 * @return the verdict
	 */
	Verdict admit(long personId, String maskedName);

}
