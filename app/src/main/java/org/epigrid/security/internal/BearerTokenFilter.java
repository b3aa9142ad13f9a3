package org.epigrid.security.internal;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests carrying {@code Authorization: Bearer <token>}. An unknown
 * or expired token leaves the request unauthenticated, which the API answers with 401.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private final AccountStore accounts;

	BearerTokenFilter(AccountStore accounts) {
		this.accounts = accounts;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		// public means public: whatever token comes along (a push token, a device's, an
		// expired one) neither narrows nor is needed
		if (header != null && !PublicEndpoints.matches(request) && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = header.substring(7).strip();
			EpiGridPrincipal principal = this.accounts.loadByTokenHash(TokenService.hash(token)).orElse(null);
			if (principal != null && principal.pushSources() != null && !pushAllowed(request)) {
				forbidden(response,
						"a push token may only submit imports (POST /api/v1/imports) and read their progress");
				return;
			}
			if (principal != null && principal.device() != null && !deviceAllowed(request, principal.device())) {
				forbidden(response, switch (principal.device().kind()) {
					case LAB -> "a lab's device token may only deliver test results and receive transport boxes";
					case DISPATCH -> "a dispatch system's token may only report the status of transfers";
					default -> "a device token may only verify codes, record checkpoint passes and read its own counts";
				});
				return;
			}
			if (principal != null) {
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(
						UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
				SecurityContextHolder.setContext(context);
			}
		}
		chain.doFilter(request, response);
	}

	/**
	 * A department's push token submits imports and reads their progress, nothing else.
	 */
	static boolean pushAllowed(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return ("POST".equals(request.getMethod()) && path.equals("/api/v1/imports"))
				|| ("GET".equals(request.getMethod()) && path.matches("/api/v1/imports/\\d+"));
	}

	/**
	 * A device (gate, venue scanner, checkpoint) verifies codes and reads its own
	 * description (and, like anyone, the public endpoints), nothing else: nothing it may
	 * call answers with personal data. A lab's device delivers test results and receives
	 * transport boxes, nothing else. The 120 dispatch system reports the status of
	 * transfers, nothing else.
	 */
	static boolean deviceAllowed(HttpServletRequest request, org.epigrid.security.Device device) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String method = request.getMethod();
		if (device.kind() == org.epigrid.security.Device.Kind.DISPATCH) {
			// the 120 dispatch system reports transfers; it reads nothing
			return ("POST".equals(method) && path.matches("/api/v1/tracing/transfers/\\d{1,18}/status"))
					|| ("GET".equals(method) && path.equals("/api/v1/devices/me"));
		}
		if (device.kind() == org.epigrid.security.Device.Kind.LAB) {
			// a lab delivers results and receives boxes; it reads nothing personal
			return ("POST".equals(method)
					&& (path.equals("/api/v1/testing/results") || path.equals("/api/v1/testing/fhir")
							|| path.matches("/api/v1/testing/boxes/[A-Za-z0-9_-]{1,64}/receipt")))
					|| ("GET".equals(method) && path.equals("/api/v1/devices/me"));
		}
		return ("POST".equals(method) && (path.equals("/api/v1/codes/verify") || path.equals("/api/v1/codes/passes")))
				|| ("GET".equals(method)
						&& (path.equals("/api/v1/devices/me") || path.equals("/api/v1/codes/venue-counts")));
	}

	private static void forbidden(HttpServletResponse response, String detail) throws IOException {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"https://epigrid.org/problems/forbidden\",\"title\":\"Forbidden\",\"status\":403,"
					+ "\"detail\":\"" + detail + "\",\"errors\":[{\"field\":\"request\",\"message\":\"" + detail
					+ "\"}]}");
	}

}
