package org.epigrid.security.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.security.CurrentCaller;
import org.epigrid.security.LoginThrottle;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * User administration over the API (administrators): lifting a login lock.
 */
@ApiController
class UserApiController {

	private final LoginThrottle throttle;

	UserApiController(LoginThrottle throttle) {
		this.throttle = throttle;
	}

	/**
	 * Lifts a user's login lock and forgets the account's failed logins (audited).
	 */
	@PostMapping("/api/v1/users/{id}/unlock")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Void> unlock(@PathVariable long id, HttpServletRequest request) {
		this.throttle.unlock(CurrentCaller.get(), id, "API", request.getRemoteAddr());
		return ResponseEntity.noContent().build();
	}

}
