package org.epigrid.security.internal;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.expression.method.DefaultMethodSecurityExpressionHandler;
import org.springframework.security.access.expression.method.MethodSecurityExpressionHandler;
import org.springframework.security.authorization.method.PreAuthorizeAuthorizationManager;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Registers {@link AuthoriseFirst} for every controller, pages and API.
 */
@Configuration(proxyBeanMethods = false)
class AuthoriseFirstConfiguration implements WebMvcConfigurer {

	private final ObjectProvider<MethodSecurityExpressionHandler> expressionHandler;

	private final ApplicationContext context;

	AuthoriseFirstConfiguration(ObjectProvider<MethodSecurityExpressionHandler> expressionHandler,
			ApplicationContext context) {
		this.expressionHandler = expressionHandler;
		this.context = context;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		PreAuthorizeAuthorizationManager manager = new PreAuthorizeAuthorizationManager();
		manager.setExpressionHandler(this.expressionHandler.getIfAvailable(() -> {
			DefaultMethodSecurityExpressionHandler handler = new DefaultMethodSecurityExpressionHandler();
			handler.setApplicationContext(this.context);
			return handler;
		}));
		registry.addInterceptor(new AuthoriseFirst(manager));
	}

}
