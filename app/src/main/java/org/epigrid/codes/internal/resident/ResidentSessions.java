package org.epigrid.codes.internal.resident;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.epigrid.codes.ResidentPrincipal;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * Residents' logins, kept in the session under keys of their own (see
 * {@link ResidentSecurityConfiguration}).
 */
public final class ResidentSessions {

	static final HttpSessionSecurityContextRepository CONTEXTS = new HttpSessionSecurityContextRepository();

	static final HttpSessionRequestCache REQUESTS = new HttpSessionRequestCache();

	static {
		CONTEXTS.setSpringSecurityContextKey("EPIGRID_RESIDENT_SECURITY_CONTEXT");
		REQUESTS.setSessionAttrName("EPIGRID_RESIDENT_SAVED_REQUEST");
	}

	private ResidentSessions() {
	}

	/**
	 * Logs a resident in (a new session id, against fixation).
	 * @param principal the resident
	 * @param request the request
	 * @param response the response
	 * @return where to go next: the page that asked for the login, or the code page
	 */
	public static String logIn(ResidentPrincipal principal, HttpServletRequest request, HttpServletResponse response) {
		SavedRequest saved = REQUESTS.getRequest(request, response);
		if (request.getSession(false) != null) {
			request.changeSessionId();
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
				List.of(new SimpleGrantedAuthority("ROLE_RESIDENT"))));
		SecurityContextHolder.setContext(context);
		CONTEXTS.saveContext(context, request, response);
		REQUESTS.removeRequest(request, response);
		if (saved != null && saved.getRedirectUrl() != null) {
			String url = saved.getRedirectUrl();
			int path = url.indexOf("/r/");
			if (path >= 0) {
				return url.substring(path);
			}
		}
		return "/r/code";
	}

	/**
	 * The resident of the current request.
	 * @return the resident
	 */
	public static ResidentPrincipal current() {
		var authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof ResidentPrincipal principal) {
			return principal;
		}
		throw new org.springframework.security.access.AccessDeniedException("no resident is logged in");
	}

}
