package org.epigrid.codes.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.TooManyIdNumbersException;
import org.epigrid.codes.Verdict;
import org.epigrid.codes.VerificationSite;
import org.epigrid.security.Device;
import org.epigrid.security.DeviceTokens;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.web.ReadAgainRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gates' fast path for {@code POST /api/v1/codes/verify}: a province's gates scan
 * tens of thousands of codes a second, and the general request pipeline (security filter
 * chain, observations, argument resolution, message converters) costs several times what
 * the verification itself does. This filter runs first and answers a well-formed request
 * from a device itself: the same device authentication (token hash, expiry, revocation,
 * issuer still an administrator, from the same cache), the same {@link CodeVerification}
 * and the same JSON. Anything else — no or another kind of token, a body it cannot read,
 * a request the verification refuses with a field error (a device naming a venue not its
 * own) or as over the device's limit of ID numbers — goes on, body intact, to the
 * ordinary pipeline ({@code VerificationApiController}), which answers it as before (401,
 * 403, problem details naming the field, 429 with {@code Retry-After}): one source of
 * every refusal, so both paths answer alike.
 */
class GateVerificationFilter extends HttpFilter {

	static final String PATH = "/api/v1/codes/verify";

	/** The largest body read here; anything bigger goes the ordinary way. */
	private static final int MAX_BODY = 16 * 1024;

	private final DeviceTokens devices;

	private final CodeVerification verification;

	private final JsonMapper json;

	GateVerificationFilter(DeviceTokens devices, CodeVerification verification, JsonMapper json) {
		this.devices = devices;
		this.verification = verification;
		this.json = json;
	}

	@Override
	protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		String header = request.getHeader("Authorization");
		String contentType = request.getContentType();
		if (!"POST".equals(request.getMethod()) || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
				|| !PATH.equals(request.getRequestURI().substring(request.getContextPath().length()))
				|| contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")
				|| request.getContentLength() > MAX_BODY) {
			chain.doFilter(request, response);
			return;
		}
		Device device = this.devices.authenticate(header.substring(7).strip()).orElse(null);
		if (device == null) {
			chain.doFilter(request, response);
			return;
		}
		byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
		if (body.length > MAX_BODY) {
			// a long body without a length: what was read, then the rest, to the pipeline
			chain.doFilter(new ReadAgainRequest(request, body, request.getInputStream()), response);
			return;
		}
		Verdict verdict = verify(device, body);
		if (verdict == null) {
			chain.doFilter(new ReadAgainRequest(request, body, null), response);
			return;
		}
		byte[] answer = this.json.writeValueAsBytes(verdict);
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType("application/json");
		response.setContentLength(answer.length);
		// what the security filter chain would add to an API answer
		response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
		response.setHeader("Pragma", "no-cache");
		response.setHeader("Expires", "0");
		response.setHeader("X-Content-Type-Options", "nosniff");
		response.setHeader("X-Frame-Options", "DENY");
		response.setHeader("X-XSS-Protection", "0");
		response.getOutputStream().write(answer);
	}

	/** The verdict, or {@code null} if the ordinary pipeline is to answer. */
	private Verdict verify(Device device, byte[] body) {
		VerifyRequest request;
		try {
			request = this.json.readValue(body, VerifyRequest.class);
		}
		catch (JacksonException ex) {
			return null;
		}
		if (request == null || request.hasCode() == request.hasIdNumber()) {
			return null;
		}
		try {
			VerificationSite venue = this.verification.venueOf(device, request.venueId());
			return request.hasCode() ? this.verification.verifyCode(device, request.code(), venue)
					: this.verification.verifyIdNumber(device, request.idNumber(), venue);
		}
		catch (FieldErrorsException | TooManyIdNumbersException ex) {
			// answered by the pipeline, as it answers these (400 naming the field, 429):
			// nothing was recorded and no allowance taken
			return null;
		}
	}

}
