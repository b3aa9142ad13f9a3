package org.epigrid.codes.web;

import java.util.List;
import java.util.Map;

import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.Verdict;
import org.epigrid.codes.VerificationSite;
import org.epigrid.codes.internal.token.KeyRing;
import org.epigrid.security.CurrentCaller;
import org.epigrid.security.Device;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Gates, venue scanners and checkpoints verify codes here with their device token; anyone
 * may fetch the public keys to verify signatures offline. Well-formed verifications by
 * devices are answered before they get here, by {@link GateVerificationFilter}; this
 * controller answers the rest (and everything when the fast path is switched off).
 */
@ApiController
@RequestMapping("/api/v1/codes")
class VerificationApiController {

	private final CodeVerification verification;

	private final KeyRing keys;

	VerificationApiController(CodeVerification verification, KeyRing keys) {
		this.verification = verification;
		this.keys = keys;
	}

	@PostMapping("/verify")
	@PreAuthorize("hasAuthority('DEVICE')")
	Verdict verify(@RequestBody VerifyRequest body) {
		Device device = CurrentCaller.device().orElseThrow();
		if (device.kind() == Device.Kind.LAB) {
			throw new ForbiddenException("device", "a lab's device delivers test results; it does not verify codes");
		}
		boolean hasCode = body.hasCode();
		if (hasCode == body.hasIdNumber()) {
			throw FieldErrorsException.of("code", "give either code (the QR text) or idNumber (read from the card)");
		}
		VerificationSite venue = this.verification.venueOf(device, body.venueId());
		return hasCode ? this.verification.verifyCode(device, body.code(), venue)
				: this.verification.verifyIdNumber(device, body.idNumber(), venue);
	}

	@GetMapping("/keys")
	ResponseEntity<Map<String, Object>> keys() {
		List<Map<String, Object>> list = this.keys.all().stream().map(k -> k.jwk()).toList();
		return ResponseEntity.ok()
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofMinutes(10)).cachePublic())
			.body(Map.of("keys", list, "signing", this.keys.signing().kid(), "encoding",
					"COSE_Sign1 (RFC 9052) holding a CWT (RFC 8392), Base45 (RFC 9285) behind the prefix EGC1:"));
	}

}
