package org.epigrid.testing.web;

import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.web.ApiController;
import org.epigrid.testing.SamplingManagement;
import org.epigrid.testing.SamplingManagement.BoxView;
import org.epigrid.testing.SamplingManagement.NewBox;
import org.epigrid.testing.SamplingManagement.NewTube;
import org.epigrid.testing.SamplingManagement.SampleAdded;
import org.epigrid.testing.SamplingManagement.Scan;
import org.epigrid.testing.SamplingManagement.TubeView;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The sampler's page's scans, in the login session (with its CSRF token): the same
 * services and JSON as {@code /api/v1/testing/tubes} and {@code /boxes}, whose chain
 * takes bearer tokens only. Refusals are problem details naming the field.
 */
@ApiController
@RequestMapping("/testing/sampler")
class SamplerPageController {

	private final SamplingManagement sampling;

	SamplerPageController(SamplingManagement sampling) {
		this.sampling = sampling;
	}

	@PostMapping("/tubes")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	ResponseEntity<TubeView> openTube(@RequestBody NewTube body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.sampling.openTube(CurrentCaller.get(), body));
	}

	@PostMapping("/tubes/{barcode}/samples")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	ResponseEntity<SampleAdded> sample(@PathVariable String barcode, @RequestBody Scan body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.sampling.sample(CurrentCaller.get(), barcode, body));
	}

	@PostMapping("/tubes/{barcode}/closing")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	TubeView closeTube(@PathVariable String barcode) {
		return this.sampling.closeTube(CurrentCaller.get(), barcode);
	}

	@PostMapping("/boxes")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	ResponseEntity<BoxView> openBox(@RequestBody NewBox body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.sampling.openBox(CurrentCaller.get(), body));
	}

	@PostMapping("/boxes/{barcode}/tubes")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	BoxView pack(@PathVariable String barcode, @RequestBody TestingApiController.PackRequest body) {
		return this.sampling.pack(CurrentCaller.get(), barcode, body.tube());
	}

	@PostMapping("/boxes/{barcode}/sealing")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	BoxView seal(@PathVariable String barcode) {
		return this.sampling.seal(CurrentCaller.get(), barcode);
	}

}
