package org.epigrid.security.internal;

import java.util.Collection;
import java.util.List;

import org.epigrid.security.Caller;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated principal: a {@link Caller} plus what Spring Security needs.
 *
 * @param caller the caller
 * @param passwordHash the password hash (only set while authenticating a form login)
 * @param enabled whether the account may log in
 */
public record EpiGridPrincipal(Caller caller, String passwordHash, boolean enabled) implements UserDetails {

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		List<SimpleGrantedAuthority> list = this.caller.roles()
			.stream()
			.map(r -> new SimpleGrantedAuthority("ROLE_" + r.name()))
			.toList();
		return list;
	}

	@Override
	public String getPassword() {
		return this.passwordHash;
	}

	@Override
	public String getUsername() {
		return this.caller.username();
	}

	@Override
	public boolean isEnabled() {
		return this.enabled;
	}

}
