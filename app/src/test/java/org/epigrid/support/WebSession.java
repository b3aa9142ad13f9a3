package org.epigrid.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cookie-keeping client for staff pages over real HTTP: follows no redirects, sends the
 * CSRF token of the last page with each form.
 */
public final class WebSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	private final CookieManager cookies = new CookieManager();

	private final HttpClient http = HttpClient.newBuilder()
		.cookieHandler(this.cookies)
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	private String csrf;

	/**
	 * A new session without cookies.
	 * @param port the server's port on 127.0.0.1
	 */
	public WebSession(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * Posts the login form.
	 * @param username the user
	 * @param password the password
	 * @return the answer (a redirect)
	 */
	public HttpResponse<String> logIn(String username, String password) {
		get("/login");
		return post("/login", "username=" + encode(username) + "&password=" + encode(password));
	}

	/**
	 * GET.
	 * @param path path and query
	 * @return the answer
	 */
	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).GET().build());
	}

	/**
	 * POST a form with the CSRF token of the last page.
	 * @param path path
	 * @param form the form, URL-encoded
	 * @return the answer
	 */
	public HttpResponse<String> post(String path, String form) {
		String body = (this.csrf != null) ? form + "&_csrf=" + encode(this.csrf) : form;
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	/**
	 * The cookies kept.
	 * @return the cookies
	 */
	public List<HttpCookie> cookies() {
		return this.cookies.getCookieStore().getCookies();
	}

	/**
	 * URL-encodes a form value.
	 * @param value the value
	 * @return the encoded value
	 */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			Matcher m = CSRF.matcher(response.body());
			if (m.find()) {
				this.csrf = m.group(1);
			}
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
