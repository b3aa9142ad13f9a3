package org.epigrid.security;

import java.util.Optional;
import java.util.Set;

import org.epigrid.security.internal.EpiGridPrincipal;

import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The caller of the current request.
 */
public final class CurrentCaller {

	private CurrentCaller() {
	}

	/**
	 * The authenticated caller of the current request.
	 * @return the caller
	 * @throws AuthenticationCredentialsNotFoundException if nobody is logged in
	 */
	public static Caller get() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof EpiGridPrincipal principal) {
			return principal.caller();
		}
		throw new AuthenticationCredentialsNotFoundException("No EpiGrid user is logged in");
	}

	/**
	 * For a device's token, the device.
	 * @return the device, or empty for a user's own login or token
	 */
	public static Optional<Device> device() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof EpiGridPrincipal principal) {
			return Optional.ofNullable(principal.device());
		}
		return Optional.empty();
	}

	/**
	 * For a department's push token, the data sources it may import into.
	 * @return the sources, or empty for a user's own login or token
	 */
	public static Optional<Set<String>> pushSources() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof EpiGridPrincipal principal) {
			return Optional.ofNullable(principal.pushSources());
		}
		return Optional.empty();
	}

}
