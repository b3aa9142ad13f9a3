package org.epigrid.shared.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A fast path in front of the general request pipeline for one hot JSON endpoint (the
 * gates' verifications, the sampling scans): a {@code POST} with a bearer token and a
 * JSON body of at most {@code maxBody} bytes that the subclass {@linkplain #serves
 * serves} and {@linkplain #answer answers} is answered here, with the headers the
 * security filter chain would add to an API answer; anything else — another method or
 * path, no token, a bigger body, a request the subclass leaves alone — goes on to the
 * ordinary pipeline with its body intact, to be answered as always.
 */
public abstract class JsonFastPathFilter extends HttpFilter {

	private final int maxBody;

	/**
	 * Creates the filter.
	 * @param maxBody the largest body read here
	 */
	protected JsonFastPathFilter(int maxBody) {
		this.maxBody = maxBody;
	}

	@Override
	protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String header = request.getHeader("Authorization");
		String contentType = request.getContentType();
		if (!"POST".equals(request.getMethod()) || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
				|| contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")
				|| request.getContentLength() > this.maxBody || !serves(request)) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(this.maxBody + 1);
		if (body.length > this.maxBody) {
			// a long body without a length: what was read, then the rest, to the pipeline
			chain.doFilter(new ReadAgainRequest(request, body, request.getInputStream()), response);
			return;
		}
		Answer answer = answer(request, header.substring(7).strip(), body);
		if (answer == null) {
			chain.doFilter(new ReadAgainRequest(request, body, null), response);
			return;
		}
		response.setStatus(answer.status());
		response.setContentType("application/json");
		response.setContentLength(answer.json().length);
		// what the security filter chain would add to an API answer
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
		response.setHeader("Pragma", "no-cache");
		response.setHeader("Expires", "0");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("X-XSS-Protection", "0");
		response.getOutputStream().write(answer.json());
	}

	/**
	 * Whether this request's path is the fast path's.
	 * @param request the request
	 * @return {@code true} to read its body and try to answer it
	 */
	protected abstract boolean serves(HttpServletRequest request);

	/**
	 * Answers a request, or leaves it to the ordinary pipeline.
	 * @param request the request
	 * @param token its bearer token
	 * @param body its body
	 * @return the answer, {@code null} for the pipeline to answer (nothing may have been
	 * recorded then)
	 */
	protected abstract Answer answer(HttpServletRequest request, String token, byte[] body);

	/**
	 * A fast path's answer.
	 *
	 * @param status the HTTP status
	 * @param json the JSON body
	 */
	public record Answer(int status, byte[] json) {
	}

}
