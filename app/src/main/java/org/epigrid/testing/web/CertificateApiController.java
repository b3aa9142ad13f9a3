package org.epigrid.testing.web;

import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.web.ApiController;
import org.epigrid.testing.TestCertificates;
import org.epigrid.testing.TestCertificates.Verification;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public verification of a test certificate, for machines: what the certificate
 * certified (masked), the SHA-256 of the PDF as issued and the seal's fingerprint. An
 * unknown id and a malformed one answer the same 404.
 */
@ApiController
class CertificateApiController {

	private final TestCertificates certificates;

	CertificateApiController(TestCertificates certificates) {
		this.certificates = certificates;
	}

	@GetMapping("/api/v1/public/certificates/{id}/verification")
	Verification verification(@PathVariable String id) {
		return this.certificates.verify(id).orElseThrow(() -> new NotFoundException("certificate"));
	}

}
