package org.epigrid.testing.web;

/**
 * Who may use the testing pages and API, as {@code @PreAuthorize} expressions; the
 * services check the same roles (and the site a sampler works at).
 */
final class TestingAuthorities {

	/** Every staff role: sites and rounds they may see. */
	static final String STAFF = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER', 'SITE_LEADER', 'SAMPLER', 'COURIER', 'QUARANTINE_OFFICER', 'DATA_OFFICER')";

	/** Who registers sites, assigns their staff and starts rounds. */
	static final String COMMAND = "hasAnyRole('ADMIN', 'COMMANDER')";

	/** Who reports a site's status: its leader, or the command. */
	static final String SITE_STATUS = "hasAnyRole('ADMIN', 'COMMANDER', 'SITE_LEADER')";

	/** Who opens tubes, scans persons and packs boxes. */
	static final String SAMPLERS = "hasAnyRole('ADMIN', 'SITE_LEADER', 'SAMPLER')";

	/** Who picks up boxes. */
	static final String COURIERS = "hasAnyRole('ADMIN', 'COURIER')";

	/** Who reads a round's progress and lists. */
	static final String ROUND_READERS = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER', 'DATA_OFFICER')";

	/** Who exempts persons of a round. */
	static final String EXEMPTERS = "hasAnyRole('ADMIN', 'COMMANDER', 'GRID_WORKER')";

	/** Who follows lab deliveries and their refusals. */
	static final String LAB_FOLLOWERS = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST', 'DATA_OFFICER')";

	/** Who uploads a lab's results file or resolves refusals. */
	static final String LAB_CLERKS = "hasAnyRole('ADMIN', 'DATA_OFFICER')";

	private TestingAuthorities() {
	}

}
