package org.epigrid.tracing.web;

/**
 * Who may use the tracing pages and API, as {@code @PreAuthorize} expressions; the
 * services check the same roles.
 */
final class TracingAuthorities {

	/** Who sees and opens cases, computes and reads contacts. */
	static final String INVESTIGATORS = "hasAnyRole('ADMIN', 'COMMANDER', 'EPIDEMIOLOGIST')";

	/** Who changes the contact definitions. */
	static final String COMMAND = "hasAnyRole('ADMIN', 'COMMANDER')";

	private TracingAuthorities() {
	}

}
