package org.epigrid.security;

import java.util.Optional;

import org.epigrid.security.internal.TokenAuthentication;

import org.springframework.stereotype.Service;

/**
 * Users' own API tokens, for endpoints served outside the usual filter chain (the
 * sampling scans' fast path): the same rules and the same short-lived cache as every
 * other API request — expired tokens and disabled users do not authenticate, and a
 * device's or a department's push token is not a user's.
 */
@Service
public class UserTokens {

	private final TokenAuthentication authentication;

	UserTokens(TokenAuthentication authentication) {
		this.authentication = authentication;
	}

	/**
	 * The user a bearer token belongs to.
	 * @param token the token
	 * @return the user, empty if the token is unknown, expired, a device's or a push
	 * token
	 */
	public Optional<Caller> authenticate(String token) {
		return this.authentication.user(token);
	}

}
