package org.epigrid.codes.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.TooManyIdNumbersException;
import org.epigrid.codes.Verdict;
import org.epigrid.codes.VerificationSite;
import org.epigrid.security.Device;
import org.epigrid.security.DeviceTokens;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.web.JsonFastPathFilter;
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
class GateVerificationFilter extends JsonFastPathFilter {

	static final String PATH = "/api/v1/codes/verify";

	/** The largest body read here; anything bigger goes the ordinary way. */
	private static final int MAX_BODY = 16 * 1024;

	private final DeviceTokens devices;

	private final CodeVerification verification;

	private final JsonMapper json;

	GateVerificationFilter(DeviceTokens devices, CodeVerification verification, JsonMapper json) {
		super(MAX_BODY);
		this.devices = devices;
		this.verification = verification;
		this.json = json;
	}

	@Override
	protected boolean serves(HttpServletRequest request) {
		return PATH.equals(request.getRequestURI().substring(request.getContextPath().length()));
	}

	@Override
	protected Answer answer(HttpServletRequest request, String token, byte[] body) {
		Device device = this.devices.authenticate(token).orElse(null);
		if (device == null) {
			return null;
		}
		Verdict verdict = verify(device, body);
		return (verdict != null) ? new Answer(HttpServletResponse.SC_OK, this.json.writeValueAsBytes(verdict)) : null;
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
