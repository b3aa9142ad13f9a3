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
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = header.substring(7).strip();
			EpiGridPrincipal principal = this.accounts.loadByTokenHash(TokenService.hash(token)).orElse(null);
			if (principal != null && principal.pushSources() != null && !pushAllowed(request)) {
				forbidden(response);
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

	private static void forbidden(HttpServletResponse response) throws IOException {
		response.setStatus(HttpServletResponse.SC_FORBIDDEN);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("""
					{"type":"https://epigrid.org/problems/forbidden","title":"Forbidden","status":403,\
					"detail":"a push token may only submit imports (POST /api/v1/imports) and read their progress",\
					"errors":[{"field":"request","message":"a push token may only submit imports and read their progress"}]}""");
	}

}
