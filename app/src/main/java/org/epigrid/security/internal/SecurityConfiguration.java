package org.epigrid.security.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.security.PrivacyPolicy;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Two doors: the REST API ({@code /api/**}) takes bearer tokens and answers 401/403 as
 * problem details, without sessions; pages use form login with a session and CSRF
 * protection.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableScheduling
@EnableConfigurationProperties({ PrivacyPolicy.class, SecuritySettings.class })
class SecurityConfiguration {

	/**
	 * Login throttling, the part of the module's settings that the throttle reads.
	 * @param settings the module's settings
	 * @return their login part
	 */
	@Bean
	LoginSettings loginSettings(SecuritySettings settings) {
		return settings.login();
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiChain(HttpSecurity http, AccountStore accounts) throws Exception {
		http.securityMatcher("/api/**")
			.authorizeHttpRequests(
					auth -> auth.requestMatchers(PublicEndpoints::matches).permitAll().anyRequest().authenticated())
			.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			// the API never reads the login session: a page's cookie cannot drive it (no
			// CSRF
			// protection is needed, and none is there)
			.securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.addFilterBefore(new BearerTokenFilter(accounts), BasicAuthenticationFilter.class)
			.exceptionHandling(ex -> ex
				.authenticationEntryPoint((request, response, e) -> problem(response, 401, "Unauthorized",
						"A valid bearer token is required: POST /api/v1/auth/token"))
				.accessDeniedHandler((request, response, e) -> problem(response, 403, "Forbidden",
						"Your roles do not allow this request")));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain webChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(auth -> auth
			.requestMatchers("/login", "/webjars/**", "/css/**", "/js/**", "/img/**", "/favicon.ico", "/error",
					"/actuator/health")
			.permitAll()
			// the public's pages (nearest sampling sites, certificate verification): read
			// only
			.requestMatchers(org.springframework.http.HttpMethod.GET, "/p/**")
			.permitAll()
			.requestMatchers("/admin/**")
			.hasRole("ADMIN")
			.anyRequest()
			.authenticated())
			.formLogin(form -> form.loginPage("/login")
				.defaultSuccessUrl("/", false)
				.failureHandler(SecurityConfiguration::loginFailed)
				.permitAll())
			.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout"));
		return http.build();
	}

	/**
	 * Back to the login page: with the wait after too many failed logins, else with the
	 * one message for an unknown user, a wrong password and a disabled account.
	 */
	private static void loginFailed(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException exception) throws IOException {
		String query = (exception instanceof ThrottledAuthenticationProvider.LoginRefusedException refused)
				? "?locked=" + refused.retryAfterSeconds() : "?error";
		response.sendRedirect(request.getContextPath() + "/login" + query);
	}

	static void problem(HttpServletResponse response, int status, String title, String detail) throws IOException {
		response.setStatus(status);
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
					+ detail + "\"}");
	}

}
