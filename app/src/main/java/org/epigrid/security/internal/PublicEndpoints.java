package org.epigrid.security.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The API's public endpoints: anyone may call them, with any bearer token or none (a
 * token's scope does not narrow what is public).
 */
final class PublicEndpoints {

	private PublicEndpoints() {
	}

	/**
	 * Whether a request is for a public endpoint.
	 * @param request the request
	 * @return {@code true} for the token exchange, the code verification keys, the API
	 * description and what is read under {@code /api/v1/public/} (open data: sampling
	 * sites, certificate verification)
	 */
	static boolean matches(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String method = request.getMethod();
		return ("POST".equals(method) && path.equals("/api/v1/auth/token"))
				|| ("GET".equals(method) && path.equals("/api/v1/codes/keys")) || path.equals("/api/docs")
				|| path.startsWith("/api/docs/") || ("GET".equals(method) && path.startsWith("/api/v1/public/"));
	}

}
