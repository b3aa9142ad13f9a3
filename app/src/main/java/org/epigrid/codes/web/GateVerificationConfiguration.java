package org.epigrid.codes.web;

import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.internal.CodesProperties;
import org.epigrid.security.DeviceTokens;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the gates' fast path ({@link GateVerificationFilter}) in front of the security
 * filter chain, after the security headers; {@code epigrid.codes.gate-fast-path=false}
 * leaves verification to the ordinary pipeline alone.
 */
@Configuration(proxyBeanMethods = false)
class GateVerificationConfiguration {

	@Bean
	FilterRegistrationBean<GateVerificationFilter> gateVerificationFilter(DeviceTokens devices,
			CodeVerification verification, JsonMapper json, CodesProperties properties) {
		FilterRegistrationBean<GateVerificationFilter> registration = new FilterRegistrationBean<>(
				new GateVerificationFilter(devices, verification, json));
		registration.addUrlPatterns(GateVerificationFilter.PATH);
		// after SecurityHeadersFilter (HIGHEST_PRECEDENCE + 1): the same CSP and
		// Referrer-Policy as every answer
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		// off: the ordinary pipeline (and its controller) answers alone
		registration.setEnabled(properties.gateFastPath());
		return registration;
	}

}
