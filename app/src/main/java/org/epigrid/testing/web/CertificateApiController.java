package org.epigrid.testing.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.web.ApiController;
import org.epigrid.testing.TestCertificates;
import org.epigrid.testing.TestCertificates.Verification;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public verification of a test certificate, for machines: what the certificate
 * certified (masked), the SHA-256 of the PDF as issued and the seal's fingerprint. An
 * unknown id and a malformed one answer the same 404; a client that asks for too many
 * unknown ids gets 429 for a while.
 */
@ApiController
class CertificateApiController {

	private final TestCertificates certificates;

	CertificateApiController(TestCertificates certificates) {
		this.certificates = certificates;
	}

	@GetMapping("/api/v1/public/certificates/{id}/verification")
	Verification verification(@PathVariable String id, HttpServletRequest request) {
		return this.certificates.verify(id, request.getRemoteAddr())
			.orElseThrow(() -> new NotFoundException("certificate"));
	}

}
