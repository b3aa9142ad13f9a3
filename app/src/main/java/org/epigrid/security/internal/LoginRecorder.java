package org.epigrid.security.internal;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/**
 * Keeps each user's last form login, shown in user administration.
 */
@Component
class LoginRecorder {

	private final AccountStore accounts;

	LoginRecorder(AccountStore accounts) {
		this.accounts = accounts;
	}

	@EventListener
	void on(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof EpiGridPrincipal principal) {
			this.accounts.recordLogin(principal.caller().userId());
		}
	}

}
