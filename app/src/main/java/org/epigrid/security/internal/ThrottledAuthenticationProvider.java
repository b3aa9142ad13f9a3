package org.epigrid.security.internal;

import java.time.Duration;

import org.epigrid.shared.TooManyRequestsException;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * The form login's only authentication provider: the password is checked behind the login
 * throttle ({@link LoginGuard}), like that of the token API.
 */
@Component
class ThrottledAuthenticationProvider implements AuthenticationProvider {

	private final LoginGuard guard;

	ThrottledAuthenticationProvider(LoginGuard guard) {
		this.guard = guard;
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String address = (authentication.getDetails() instanceof WebAuthenticationDetails details)
				? details.getRemoteAddress() : null;
		Object credentials = authentication.getCredentials();
		LoginGuard.Outcome outcome = this.guard.attempt(authentication.getName(),
				(credentials != null) ? credentials.toString() : "", address, "WEB");
		if (outcome instanceof LoginGuard.Accepted accepted) {
			UsernamePasswordAuthenticationToken result = UsernamePasswordAuthenticationToken
				.authenticated(accepted.principal(), null, accepted.principal().getAuthorities());
			result.setDetails(authentication.getDetails());
			return result;
		}
		if (outcome instanceof LoginGuard.Refused refused) {
			throw new LoginRefusedException(refused.retryAfter());
		}
		throw new BadCredentialsException("Unknown username or wrong password");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

	/**
	 * Too many failed logins: the password was not checked. An account status exception,
	 * so that no other provider is asked.
	 */
	static final class LoginRefusedException extends LockedException {

		private final long retryAfterSeconds;

		LoginRefusedException(Duration retryAfter) {
			super("too many failed logins: try again later");
			this.retryAfterSeconds = TooManyRequestsException.seconds(retryAfter);
		}

		long retryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
