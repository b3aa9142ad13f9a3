package org.epigrid.testing.internal;

import java.util.EnumSet;
import java.util.Set;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;

/**
 * Which sampling sites a caller works with: site leaders, samplers and couriers only the
 * sites they are staff of; everyone else every site in their jurisdiction.
 */
public final class SiteScope {

	/** Roles whose holders see the sites of their jurisdiction. */
	private static final Set<Role> BROAD = EnumSet.of(Role.ADMIN, Role.COMMANDER, Role.EPIDEMIOLOGIST, Role.GRID_WORKER,
			Role.QUARANTINE_OFFICER, Role.DATA_OFFICER);

	private SiteScope() {
	}

	/**
	 * The user whose sites alone the caller may work with.
	 * @param caller the caller
	 * @return their user id, or {@code null} when the jurisdiction decides
	 */
	public static Long staffOnly(Caller caller) {
		return caller.roles().stream().anyMatch(BROAD::contains) ? null : caller.userId();
	}

}
