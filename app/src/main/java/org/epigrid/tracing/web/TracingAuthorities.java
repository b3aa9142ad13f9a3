package org.epigrid.tracing.web;

/**
 * Who may use the tracing pages and API, as {@code @PreAuthorize} expressions; the
 * services check the same roles.
 */
final class TracingAuthorities {

	/** Who sees and opens cases, computes and reads contacts. */
	static final String INVESTIGATORS = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST')";

	/** Who verifies the persons of screening topics: investigators and grid workers. */
	static final String VERIFIERS = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST', 'GRID_WORKER')";

	/** Who changes the contact definitions. */
	static final String COMMAND = "hasAnyRole('ADMIN', 'COMMANDER')";

	private TracingAuthorities() {
	}

}
