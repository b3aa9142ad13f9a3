package org.epigrid.security.internal;

import java.time.Instant;
import java.util.Optional;

import org.epigrid.security.Passwords;

import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks a username and password and issues a bearer token for them.
 */
@Component
public class TokenIssuer {

	private final AccountStore accounts;

	private final PasswordEncoder passwordEncoder;

	private final TokenService tokens;

	// a real hash of a random password, so that an unknown username costs one full check
	private final String unknownUserHash;

	TokenIssuer(AccountStore accounts, PasswordEncoder passwordEncoder, TokenService tokens) {
		this.accounts = accounts;
		this.passwordEncoder = passwordEncoder;
		this.tokens = tokens;
		this.unknownUserHash = passwordEncoder.encode(Passwords.generate(20));
	}

	/**
	 * Issues a token if the credentials are right and the account enabled.
	 * @param username the login name
	 * @param password the password
	 * @return the token and its expiry, empty if refused
	 */
	public Optional<Token> issue(String username, String password) {
		EpiGridPrincipal principal;
		try {
			principal = this.accounts.loadUserByUsername(username);
		}
		catch (UsernameNotFoundException ex) {
			// same work as a wrong password, so that timing does not reveal which
			// usernames exist
			this.passwordEncoder.matches(password,
					"{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z8Zl2sF2ySy5jHgnZFXgm3PO");
			return Optional.empty();
		}
		if (!principal.enabled() || !this.passwordEncoder.matches(password, principal.passwordHash())) {
			return Optional.empty();
		}
		TokenService.IssuedToken issued = this.tokens.issue(principal.caller().userId());
		return Optional.of(new Token(issued.token(), issued.expiresAt()));
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
