package org.epigrid.security.internal;

import java.time.Clock;
import java.util.Optional;

import org.epigrid.shared.ShortLivedCache;

import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/**
 * Loads principals for logins and for bearer tokens. Not a {@code UserDetailsService}: no
 * password is checked but behind the login throttle ({@link LoginGuard}).
 */
@Component
class AccountStore {

	private final UserRepository users;

	private final ApiTokenRepository apiTokens;

	private final Clock clock;

	private final ShortLivedCache<String, EpiGridPrincipal> tokens;

	AccountStore(UserRepository users, ApiTokenRepository apiTokens, Clock clock, TokenCacheHolder cache) {
		this.users = users;
		this.apiTokens = apiTokens;
		this.clock = clock;
		this.tokens = cache.principals();
	}

	/**
	 * The principal of a login name, with its password hash.
	 * @throws UsernameNotFoundException if there is no such user
	 */
	EpiGridPrincipal loadUserByUsername(String username) {
		return this.users.principal(username).orElseThrow(() -> new UsernameNotFoundException(username));
	}

	/**
	 * The principal a bearer token stands for, if the token is known, unexpired and its
	 * user enabled.
	 */
	Optional<EpiGridPrincipal> loadByTokenHash(String tokenHash) {
		return Optional.ofNullable(this.tokens.get(tokenHash, hash -> load(hash).orElse(null)));
	}

	private Optional<EpiGridPrincipal> load(String tokenHash) {
		return this.apiTokens.principal(tokenHash, this.clock.instant());
	}

	void recordLogin(long userId) {
		this.users.recordLogin(userId, this.clock.instant());
	}

}
