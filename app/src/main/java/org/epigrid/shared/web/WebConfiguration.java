package org.epigrid.shared.web;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * Pages speak Chinese (zh-CN) by default; {@code ?lang=en} switches to English and a
 * cookie remembers the choice.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

	@Bean
	LocaleResolver localeResolver() {
		CookieLocaleResolver resolver = new CookieLocaleResolver("epigrid-lang");
		resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
		resolver.setCookieMaxAge(Duration.ofDays(365));
		return resolver;
	}

	@Bean
	FilterRegistrationBean<RequestTextFilter> requestTextFilter() {
		FilterRegistrationBean<RequestTextFilter> registration = new FilterRegistrationBean<>(new RequestTextFilter());
		// after the gates' fast path (JSON bodies only, checked by the strict mapper),
		// before security and everything that reads parameters
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(new LanguageChoice());
	}

	/**
	 * {@code ?lang=} switches between the languages the bundles have; anything else (an
	 * unknown or malformed locale, such as {@code ?lang=<img>}) is ignored rather than
	 * answered with an error.
	 */
	static final class LanguageChoice extends LocaleChangeInterceptor {

		private static final Set<String> LANGUAGES = Set.of("zh", "en");

		LanguageChoice() {
			setParamName("lang");
			setIgnoreInvalidLocale(true);
		}

		@Override
		public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
				throws ServletException {
			String value = request.getParameter(getParamName());
			if (value == null || !value.matches("[A-Za-z]{2}([_-][A-Za-z]{2,4})?")
					|| !LANGUAGES.contains(value.substring(0, 2).toLowerCase(Locale.ROOT))) {
				return true;
			}
			return super.preHandle(request, response, handler);
		}

	}

}
