package org.epigrid.testing.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.codes.ResidentPrincipal;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.pdf.PdfResponses;
import org.epigrid.shared.web.PublicUrl;
import org.epigrid.testing.TestCertificates;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * Residents' test pages, for a phone, in the residents' session of {@code codes}: the
 * shown person's samples and results, and a sealed certificate for a sample with a
 * result. Another person's sample and a missing one answer the same 404.
 */
@Controller
class ResidentTestController {

	private final TestCertificates certificates;

	private final String publicUrl;

	private final Clock clock;

	ResidentTestController(TestCertificates certificates, PublicUrl publicUrl, Clock clock) {
		this.certificates = certificates;
		this.publicUrl = publicUrl.publicUrl();
		this.clock = clock;
	}

	@GetMapping("/r/tests")
	String tests(@RequestParam(required = false) Long person, Model model) {
		ResidentPrincipal me = ResidentPrincipal.current();
		ResidentPrincipal.Person shown = me.shown(person);
		model.addAttribute("resident", me);
		model.addAttribute("shown", shown);
		model.addAttribute("zone", this.clock.getZone());
		model.addAttribute("samples", this.certificates.samples(shown.personId()));
		return "testing/resident-tests";
	}

	@GetMapping("/r/tests/{sampleId}/certificate.pdf")
	ResponseEntity<byte[]> certificate(@PathVariable long sampleId, @RequestParam(required = false) Long person) {
		ResidentPrincipal.Person shown = ResidentPrincipal.current().shown(person);
		return PdfResponses.pdf("certificate-" + sampleId + ".pdf",
				this.certificates.certificate(shown.personId(), sampleId, this.publicUrl));
	}

	/** A sample without a result (yet): said in words, on the resident's page. */
	@ExceptionHandler(ConflictException.class)
	@ResponseStatus(HttpStatus.CONFLICT)
	String refused(ConflictException ex, HttpServletRequest request, Model model) {
		ResidentPrincipal me = ResidentPrincipal.current();
		String person = request.getParameter("person");
		ResidentPrincipal.Person shown = me
			.shown((person == null || !person.matches("\\d{1,18}")) ? null : Long.valueOf(person));
		model.addAttribute("resident", me);
		model.addAttribute("shown", shown);
		model.addAttribute("zone", this.clock.getZone());
		model.addAttribute("samples", this.certificates.samples(shown.personId()));
		model.addAttribute("refused", true);
		return "testing/resident-tests";
	}

}
