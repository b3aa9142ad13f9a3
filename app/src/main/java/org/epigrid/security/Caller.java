package org.epigrid.security;

import java.util.Objects;
import java.util.Set;

import org.epigrid.shared.PathPrefix;

/**
 * The person (or device) making a request: who they are, what roles they hold, and the
 * jurisdiction subtree every query of personal data is limited to.
 *
 * @param userId the user's id
 * @param username the login name
 * @param displayName the name shown in the page header
 * @param roles the roles held, never empty
 * @param jurisdictionPath materialised path of the division or grid the caller is
 * responsible for ({@code "/"} for the whole country)
 */
public record Caller(long userId, String username, String displayName, Set<Role> roles, String jurisdictionPath) {

	/**
	 * Checks the arguments.
	 * @param userId id
	 * @param username login name
	 * @param displayName display name
	 * @param roles roles
	 * @param jurisdictionPath jurisdiction path, must start and end with {@code /}
	 */
	public Caller {
		Objects.requireNonNull(username, "username");
		roles = Set.copyOf(roles);
		if (jurisdictionPath == null || !jurisdictionPath.startsWith("/") || !jurisdictionPath.endsWith("/")) {
			throw new IllegalArgumentException("jurisdiction path must start and end with '/'");
		}
	}

	/**
	 * The range of paths the caller may see.
	 * @return the jurisdiction as a path range
	 */
	public PathPrefix jurisdiction() {
		return PathPrefix.of(this.jurisdictionPath);
	}

	/**
	 * Whether the caller holds a role.
	 * @param role the role
	 * @return {@code true} if held
	 */
	public boolean has(Role role) {
		return this.roles.contains(role);
	}

}
