package org.epigrid.testing.web;

import java.time.Clock;

import org.epigrid.shared.TooManyRequestsException;
import org.epigrid.testing.TestCertificates;
import org.epigrid.testing.TestCertificates.Verification;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The public verification page of a test certificate (J3), opened from the QR code
 * printed on it, without login: whether the platform issued it, with masked data only,
 * and how to check the PDF's electronic seal. An unknown id and a malformed one answer
 * the same page, 404; a client that asks for too many unknown ids is told to wait (429).
 */
@Controller
class CertificateVerificationController {

	private final TestCertificates certificates;

	private final Clock clock;

	CertificateVerificationController(TestCertificates certificates, Clock clock) {
		this.certificates = certificates;
		this.clock = clock;
	}

	@GetMapping(TestCertificates.VERIFICATION_PATH + "{id}")
	String verify(@PathVariable String id, Model model, HttpServletRequest request, HttpServletResponse response) {
		Verification verification;
		try {
			verification = this.certificates.verify(id, request.getRemoteAddr()).orElse(null);
			if (verification == null) {
				response.setStatus(HttpStatus.NOT_FOUND.value());
			}
		}
		catch (TooManyRequestsException ex) {
			verification = null;
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfter().toSeconds()));
			model.addAttribute("throttled", true);
		}
		model.addAttribute("verification", verification);
		model.addAttribute("zone", this.clock.getZone());
		return "testing/certificate-verification";
	}

}
