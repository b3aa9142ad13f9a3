package org.epigrid.security.internal;

import java.time.Instant;
import java.util.Optional;

import org.epigrid.shared.TooManyRequestsException;

import org.springframework.stereotype.Component;

/**
 * Checks a username and password (behind the login throttle) and issues a bearer token
 * for them.
 */
@Component
public class TokenIssuer {

	private final LoginGuard guard;

	private final TokenService tokens;

	TokenIssuer(LoginGuard guard, TokenService tokens) {
		this.guard = guard;
		this.tokens = tokens;
	}

	/**
	 * Issues a token if the credentials are right and the account enabled.
	 * @param username the login name
	 * @param password the password
	 * @param clientAddress the client's address
	 * @return the token and its expiry, empty if refused
	 * @throws TooManyRequestsException if the account or the client address has failed
	 * too often: the password was not checked
	 */
	public Optional<Token> issue(String username, String password, String clientAddress) {
		LoginGuard.Outcome outcome = this.guard.attempt(username, password, clientAddress, "API");
		if (outcome instanceof LoginGuard.Refused refused) {
			throw new TooManyRequestsException(
					"too many failed logins for this account or from this address: try again later",
					refused.retryAfter());
		}
		if (outcome instanceof LoginGuard.Accepted accepted) {
			TokenService.IssuedToken issued = this.tokens.issue(accepted.principal().caller().userId());
			return Optional.of(new Token(issued.token(), issued.expiresAt()));
		}
		return Optional.empty();
	}

	/**
	 * An issued token.
	 *
	 * @param token the secret token, shown once
	 * @param expiresAt when it stops working
	 */
	public record Token(String token, Instant expiresAt) {
	}

}
