package org.epigrid.support;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletRequest;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * Calls a fast-path servlet filter directly with a JSON POST and a bearer token, and
 * tells whether it answered itself or passed the request on to the ordinary pipeline.
 */
public final class FilterCall {

	private FilterCall() {
	}

	/**
	 * Posts JSON through a filter.
	 * @param filter the filter
	 * @param path the request's path
	 * @param token the bearer token
	 * @param body the JSON body
	 * @return what the filter did
	 * @throws Exception if the filter throws
	 */
	public static Passed post(Filter filter, String path, String token, String body) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
		request.addHeader("Authorization", "Bearer " + token);
		request.setContentType("application/json");
		request.setContent(body.getBytes(StandardCharsets.UTF_8));
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicReference<ServletRequest> passedOn = new AtomicReference<>();
		filter.doFilter(request, response, (req, res) -> passedOn.set(req));
		return new Passed(passedOn.get(), response);
	}

	/**
	 * What a filter did with a request.
	 *
	 * @param request the request it passed on, {@code null} if it answered itself
	 * @param response its answer
	 */
	public record Passed(ServletRequest request, MockHttpServletResponse response) {
	}

}
