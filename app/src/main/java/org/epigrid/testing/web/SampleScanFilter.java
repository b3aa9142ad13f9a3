package org.epigrid.testing.web;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserTokens;
import org.epigrid.shared.web.JsonFastPathFilter;
import org.epigrid.testing.SamplingManagement;
import org.epigrid.testing.SamplingManagement.NewTube;
import org.epigrid.testing.SamplingManagement.Scan;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sampling scans' fast path for {@code POST /api/v1/testing/tubes/{barcode}/samples}
 * and for opening a tube ({@code POST /api/v1/testing/tubes}, one request in eleven at
 * 10-in-1, in one statement when everything is in order): a city's sampling points scan
 * thousands of persons a second, and the general request pipeline (security filter chain
 * with its observations, argument resolution, message converters) costs several times
 * what a scan written in a batch does. This filter answers a well-formed scan by a
 * sampler, site leader or admin itself: the same user token authentication (from the same
 * cache), the same strict JSON, the same {@link SamplingManagement#sample} and the same
 * answer (201 and the tube). Anything else — no token or another kind, another role, a
 * body it cannot read — goes on, body intact, to the ordinary pipeline
 * ({@code TestingApiController}), which answers as before (401, 403, problem details
 * naming the field). A scan that is refused (unknown tube, not the caller's site, a full
 * tube, the same person twice…) wrote nothing, so it goes on too and the pipeline, doing
 * it again, refuses it with its problem details: every refusal has one source and both
 * paths answer alike.
 */
class SampleScanFilter extends JsonFastPathFilter {

	/** The paths it serves, as a servlet URL pattern. */
	static final String PATTERN = "/api/v1/testing/tubes/*";

	private static final Pattern PATH = Pattern.compile("/api/v1/testing/tubes/([A-Za-z0-9_-]{1,64})/samples");

	/** Opening a tube: one in ten requests of a site's samplers at 10-in-1. */
	private static final String TUBES = "/api/v1/testing/tubes";

	/** The largest body read here; anything bigger goes the ordinary way. */
	private static final int MAX_BODY = 4 * 1024;

	private final UserTokens tokens;

	private final SamplingManagement sampling;

	private final JsonMapper json;

	SampleScanFilter(UserTokens tokens, SamplingManagement sampling, JsonMapper json) {
		super(MAX_BODY);
		this.tokens = tokens;
		this.sampling = sampling;
		this.json = json;
	}

	@Override
	protected boolean serves(HttpServletRequest request) {
		String path = path(request);
		return TUBES.equals(path) || PATH.matcher(path).matches();
	}

	@Override
	protected Answer answer(HttpServletRequest request, String token, byte[] body) {
		Caller caller = this.tokens.authenticate(token).orElse(null);
		if (caller == null || !(caller.has(Role.SAMPLER) || caller.has(Role.SITE_LEADER) || caller.has(Role.ADMIN))) {
			return null;
		}
		String path = path(request);
		if (TUBES.equals(path)) {
			return created(body, NewTube.class, tube -> this.sampling.openTubeIfInOrder(caller, tube).orElse(null));
		}
		Matcher scan = PATH.matcher(path);
		return scan.matches() ? created(body, Scan.class, s -> this.sampling.sample(caller, scan.group(1), s)) : null;
	}

	/**
	 * Reads the body strictly and does what it asks: 201 with what that gives, or
	 * {@code null} for the ordinary pipeline to answer — a body it cannot read, or a
	 * refusal (nothing was written: the pipeline does it again and says what is wrong).
	 */
	private <T> Answer created(byte[] body, Class<T> type, Function<T, Object> call) {
		T request;
		try {
			request = this.json.readValue(body, type);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (request == null) {
			return null;
		}
		Object done;
		try {
			done = call.apply(request);
		}
		catch (RuntimeException refused) {
			return null;
		}
		return (done != null) ? new Answer(HttpServletResponse.SC_CREATED, this.json.writeValueAsBytes(done)) : null;
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}

}
