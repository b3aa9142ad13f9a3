package org.epigrid.security.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.epigrid.security.Caller;
import org.epigrid.security.Device;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated principal: a {@link Caller} plus what Spring Security needs.
 *
 * @param caller the caller
 * @param passwordHash the password hash (only set while authenticating a form login)
 * @param enabled whether the account may log in
 * @param pushSources for a department's push token, the data sources it may import into
 * (nothing else); {@code null} for a user's own login or token
 * @param device for a device's token, the device (it verifies codes and nothing else);
 * {@code null} otherwise
 */
public record EpiGridPrincipal(Caller caller, String passwordHash, boolean enabled, Set<String> pushSources,
		Device device) implements UserDetails {

	/**
	 * A user's principal (no push scope).
	 * @param caller the caller
	 * @param passwordHash the password hash, or {@code null}
	 * @param enabled whether the account may log in
	 */
	public EpiGridPrincipal(Caller caller, String passwordHash, boolean enabled) {
		this(caller, passwordHash, enabled, null, null);
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		if (this.pushSources != null) {
			return List.of(new SimpleGrantedAuthority("PUSH"));
		}
		if (this.device != null) {
			return List.of(new SimpleGrantedAuthority("DEVICE"));
		}
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
