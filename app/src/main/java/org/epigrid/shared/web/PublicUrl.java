package org.epigrid.shared.web;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The platform's public address ({@code epigrid.public-url}), printed in venue codes and
 * links. It comes from configuration, never from the {@code Host} or
 * {@code X-Forwarded-Host} header of a request: whoever asks for a poster must not decide
 * where its QR code points.
 *
 * @param publicUrl an absolute http(s) address without query, e.g.
 * {@code https://epigrid.example.gov.cn}
 */
@ConfigurationProperties("epigrid")
public record PublicUrl(String publicUrl) {

	/**
	 * Checks the address.
	 * @param publicUrl the address
	 */
	public PublicUrl {
		if (publicUrl == null || publicUrl.isBlank()) {
			throw new IllegalArgumentException("epigrid.public-url must be set (e.g. https://epigrid.example.org)");
		}
		URI uri;
		try {
			uri = URI.create(publicUrl.strip());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("epigrid.public-url is not an address: " + publicUrl, ex);
		}
		if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
				|| uri.getQuery() != null || uri.getFragment() != null) {
			throw new IllegalArgumentException(
					"epigrid.public-url must be an absolute http(s) address without query: " + publicUrl);
		}
		publicUrl = publicUrl.strip().replaceAll("/+$", "");
	}

}
