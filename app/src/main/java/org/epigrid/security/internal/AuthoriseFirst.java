package org.epigrid.security.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.util.SimpleMethodInvocation;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authorises before the request is read: a controller method's {@code @PreAuthorize} (or
 * its class's) is checked when the handler is chosen, before its body is parsed and
 * validated. Method security alone checks it only once the arguments are resolved, so a
 * caller without the role got a 400 describing the body it should have sent (the schema
 * of an API it may not use). Expressions that name method arguments ({@code #…}) are left
 * to method security, which still checks every expression again.
 */
class AuthoriseFirst implements HandlerInterceptor {

	private final PreAuthorizeAuthorizationManager manager;

	AuthoriseFirst(PreAuthorizeAuthorizationManager manager) {
		this.manager = manager;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!(handler instanceof HandlerMethod method)) {
			return true;
		}
		PreAuthorize annotation = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), PreAuthorize.class);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), PreAuthorize.class);
		}
		if (annotation == null || annotation.value().contains("#")) {
			return true;
		}
		SimpleMethodInvocation invocation = new SimpleMethodInvocation(method.getBean(), method.getMethod(),
				new Object[method.getMethodParameters().length]);
		AuthorizationResult result = this.manager.authorize(
				() -> SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication(), invocation);
		if (result != null && !result.isGranted()) {
			throw new AuthorizationDeniedException("Access Denied", result);
		}
		return true;
	}

}
