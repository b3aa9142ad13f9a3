package org.epigrid.testing.web;

import org.epigrid.security.UserTokens;
import org.epigrid.testing.SamplingManagement;
import org.epigrid.testing.internal.TestingProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts the sampling scans' fast path ({@link SampleScanFilter}) in front of the security
 * filter chain, after the security headers; {@code epigrid.testing.scan-fast-path=false}
 * leaves scans to the ordinary pipeline alone.
 */
@Configuration(proxyBeanMethods = false)
class SampleScanConfiguration {

	@Bean
	FilterRegistrationBean<SampleScanFilter> sampleScanFilter(UserTokens tokens, SamplingManagement sampling,
			JsonMapper json, TestingProperties properties) {
		FilterRegistrationBean<SampleScanFilter> registration = new FilterRegistrationBean<>(
				new SampleScanFilter(tokens, sampling, json));
		registration.addUrlPatterns(SampleScanFilter.PATTERN);
		// after SecurityHeadersFilter (HIGHEST_PRECEDENCE + 1): the same CSP and
		// Referrer-Policy as every answer
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
		registration.setEnabled(properties.scanFastPath());
		return registration;
	}

}
