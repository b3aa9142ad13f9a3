package org.epigrid.testing.web;

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
import org.epigrid.testing.SamplingManagement.SampleAdded;
import org.epigrid.testing.SamplingManagement.Scan;
import org.epigrid.testing.SamplingManagement.TubeView;
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
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return TUBES.equals(path) || PATH.matcher(path).matches();
	}

	@Override
	protected Answer answer(HttpServletRequest request, String token, byte[] body) {
		Caller caller = this.tokens.authenticate(token).orElse(null);
		if (caller == null || !(caller.has(Role.SAMPLER) || caller.has(Role.SITE_LEADER) || caller.has(Role.ADMIN))) {
			return null;
		}
		String uri = request.getRequestURI().substring(request.getContextPath().length());
		if (TUBES.equals(uri)) {
			TubeView opened = open(caller, body);
			return (opened != null) ? new Answer(HttpServletResponse.SC_CREATED, this.json.writeValueAsBytes(opened))
					: null;
		}
		Matcher path = PATH.matcher(uri);
		SampleAdded added = path.matches() ? sample(caller, path.group(1), body) : null;
		return (added != null) ? new Answer(HttpServletResponse.SC_CREATED, this.json.writeValueAsBytes(added)) : null;
	}

	/** The tube opened, or {@code null} if the ordinary pipeline is to answer. */
	private TubeView open(Caller caller, byte[] body) {
		NewTube tube;
		try {
			tube = this.json.readValue(body, NewTube.class);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (tube == null) {
			return null;
		}
		try {
			return this.sampling.openTubeIfInOrder(caller, tube).orElse(null);
		}
		catch (RuntimeException ex) {
			// nothing written: the pipeline does it again and says what is wrong
			return null;
		}
	}

	/** The scan written, or {@code null} if the ordinary pipeline is to answer. */
	private SampleAdded sample(Caller caller, String barcode, byte[] body) {
		Scan scan;
		try {
			scan = this.json.readValue(body, Scan.class);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (scan == null) {
			return null;
		}
		try {
			return this.sampling.sample(caller, barcode, scan);
		}
		catch (RuntimeException refused) {
			// refused whole, nothing written: the pipeline refuses it again, as it
			// refuses everything
			return null;
		}
	}

}
