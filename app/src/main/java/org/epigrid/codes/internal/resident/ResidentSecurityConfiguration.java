package org.epigrid.codes.internal.resident;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Residents' pages ({@code /r/**}): phone and one-time code, a session of their own kept
 * under a separate key, so that a resident's login never opens a staff page and a staff
 * login never opens a resident's code.
 */
@Configuration(proxyBeanMethods = false)
class ResidentSecurityConfiguration {

	@Bean
	@Order(0)
	SecurityFilterChain residentChain(HttpSecurity http) throws Exception {
		http.securityMatcher("/r/**")
			.authorizeHttpRequests(auth -> auth.requestMatchers("/r/login", "/r/login/**")
				.permitAll()
				.anyRequest()
				.hasRole("RESIDENT"))
			.securityContext(c -> c.securityContextRepository(ResidentSessions.CONTEXTS))
			.requestCache(cache -> cache.requestCache(ResidentSessions.REQUESTS))
			.exceptionHandling(ex -> ex.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/r/login")))
			.logout(logout -> logout.logoutUrl("/r/logout").logoutSuccessUrl("/r/login?logout"));
		return http.build();
	}

}
