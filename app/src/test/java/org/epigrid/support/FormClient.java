package org.epigrid.support;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cookie-keeping HTTP client for the server-rendered pages: it remembers the CSRF token
 * of the last page and sends it with forms. Redirects are not followed.
 */
public final class FormClient {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

	private final int port;

	private final String firstPage;

	private String csrf;

	/**
	 * Creates a client.
	 * @param port the server's port on 127.0.0.1
	 * @param firstPage a page with a form to take the CSRF token from before the first
	 * post, e.g. {@code /r/login}
	 */
	public FormClient(int port, String firstPage) {
		this.port = port;
		this.firstPage = firstPage;
	}

	/**
	 * GET.
	 * @param path path and query
	 * @return the response
	 * @throws Exception if the request fails
	 */
	public HttpResponse<String> get(String path) throws Exception {
		return remember(
				this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString()));
	}

	/**
	 * POST a form with the CSRF token.
	 * @param path path
	 * @param form url-encoded fields, e.g. {@code phone=139...}
	 * @return the response
	 * @throws Exception if the request fails
	 */
	public HttpResponse<String> post(String path, String form) throws Exception {
		if (this.csrf == null) {
			get(this.firstPage);
		}
		return remember(this.http.send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers
				.ofString(form + "&_csrf=" + URLEncoder.encode(this.csrf, StandardCharsets.UTF_8)))
			.build(), HttpResponse.BodyHandlers.ofString()));
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	private HttpResponse<String> remember(HttpResponse<String> response) {
		Matcher m = CSRF.matcher(response.body());
		if (m.find()) {
			this.csrf = m.group(1);
		}
		return response;
	}

}
