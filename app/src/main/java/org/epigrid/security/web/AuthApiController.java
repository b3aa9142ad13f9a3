package org.epigrid.security.web;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

import org.epigrid.security.internal.TokenIssuer;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * Exchanges a username and password for a bearer token; too many failed attempts for an
 * account or from a client address are answered 429 with {@code Retry-After}.
 */
@ApiController
class AuthApiController {

	private final TokenIssuer issuer;

	AuthApiController(TokenIssuer issuer) {
		this.issuer = issuer;
	}

	@PostMapping("/api/v1/auth/token")
	ResponseEntity<?> token(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
		return this.issuer.issue(request.username(), request.password(), http.getRemoteAddr())
			.<ResponseEntity<?>>map(t -> ResponseEntity.ok(new TokenResponse(t.token(), t.expiresAt())))
			.orElseGet(() -> {
				ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
						"Unknown username or wrong password");
				problem.setTitle("Unauthorized");
				return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
			});
	}

	record TokenRequest(@NotBlank String username, @NotBlank String password) {
	}

	record TokenResponse(String token, Instant expiresAt) {
	}

}
