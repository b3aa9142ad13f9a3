package org.epigrid.security.internal;

import java.util.Optional;

import org.epigrid.security.Caller;
import org.epigrid.security.Device;

import org.springframework.stereotype.Component;

/**
 * Finds the device or user a bearer token belongs to, under the same rules and from the
 * same short-lived cache as every other API request (expired tokens, disabled or demoted
 * issuers and revoked tokens do not authenticate).
 */
@Component
public class TokenAuthentication {

	private final AccountStore accounts;

	TokenAuthentication(AccountStore accounts) {
		this.accounts = accounts;
	}

	/**
	 * The device of a bearer token.
	 * @param token the token from the {@code Authorization} header
	 * @return the device, empty if the token is unknown, expired or not a device's
	 */
	public Optional<Device> device(String token) {
		return this.accounts.loadByTokenHash(TokenService.hash(token)).map(EpiGridPrincipal::device);
	}

	/**
	 * The user of a bearer token that is a user's own API token (not a device's, not a
	 * department's push token).
	 * @param token the token from the {@code Authorization} header
	 * @return the user, empty if the token is unknown, expired, or not a user's own
	 */
	public Optional<Caller> user(String token) {
		return this.accounts.loadByTokenHash(TokenService.hash(token))
			.filter(p -> p.device() == null && p.pushSources() == null)
			.map(EpiGridPrincipal::caller);
	}

}
