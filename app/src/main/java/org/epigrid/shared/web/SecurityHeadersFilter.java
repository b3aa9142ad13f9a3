package org.epigrid.shared.web;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.epigrid.shared.PlatformSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every answer, pages and API alike, before any other filter can
 * answer: a Content-Security-Policy that lets pages load scripts, styles and images from
 * our own origin only (WebJars included; the map's tile server too, if one is configured)
 * and no inline script or style; {@code Referrer-Policy: same-origin} (addresses carry
 * ids and venue tokens); HSTS on requests that came over TLS (directly, or through a
 * trusted proxy, see {@code server.forward-headers-strategy}). Spring Security adds
 * {@code X-Content-Type-Options}, {@code X-Frame-Options} and cache headers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class SecurityHeadersFilter extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(SecurityHeadersFilter.class);

	/** One year, the usual HSTS lifetime. */
	static final String HSTS = "max-age=31536000; includeSubDomains";

	static final String REFERRER_POLICY = "same-origin";

	private static final Pattern ORIGIN = Pattern.compile("^(https?)://([^/?#]+)");

	private final String policy;

	SecurityHeadersFilter(PlatformSettings settings) {
		this.policy = policy(settings.map().tileUrl());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		response.setHeader("Content-Security-Policy", this.policy);
		response.setHeader("Referrer-Policy", REFERRER_POLICY);
		if (request.isSecure()) {
			response.setHeader("Strict-Transport-Security", HSTS);
		}
		chain.doFilter(request, response);
	}

	/**
	 * The policy: our own origin only, plus the map's tile server for images.
	 * @param tileUrl the tile URL template ({@code epigrid.map.tile-url}), may be blank
	 * @return the policy
	 */
	static String policy(String tileUrl) {
		String tiles = tileSource(tileUrl);
		return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:"
				+ (tiles.isEmpty() ? "" : " " + tiles)
				+ "; font-src 'self'; connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
	}

	/**
	 * The CSP source of a tile URL template such as
	 * {@code https://{s}.tile.example.org/{z}/{x}/{y}.png}: its origin, with a
	 * placeholder in the host as a wildcard label ({@code https://*.tile.example.org}).
	 */
	static String tileSource(String tileUrl) {
		if (tileUrl == null || tileUrl.isBlank()) {
			return "";
		}
		Matcher m = ORIGIN.matcher(tileUrl.strip());
		if (m.find()) {
			String host = m.group(2).replaceAll("\\{[^}]*}", "*");
			String source = m.group(1) + "://" + host;
			if (host.matches("(\\*\\.)?[A-Za-z0-9.-]+(:\\d+)?")) {
				return source;
			}
		}
		log.warn("epigrid.map.tile-url {} has no origin the Content-Security-Policy can name: the map shows no tiles",
				tileUrl);
		return "";
	}

}
