package org.epigrid.testing.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;
import org.epigrid.testing.RoundList;
import org.epigrid.testing.SamplingManagement;
import org.epigrid.testing.SamplingManagement.BoxView;
import org.epigrid.testing.SamplingManagement.NewBox;
import org.epigrid.testing.SamplingManagement.NewTube;
import org.epigrid.testing.SamplingManagement.SampleAdded;
import org.epigrid.testing.SamplingManagement.Scan;
import org.epigrid.testing.SamplingManagement.TubeView;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SamplingSiteManagement.StatusReport;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.TestingRoundManagement;
import org.epigrid.testing.TestingRoundManagement.Exemption;
import org.epigrid.testing.TestingRoundManagement.ListedPerson;
import org.epigrid.testing.TestingRoundManagement.NewRound;
import org.epigrid.testing.TestingRoundManagement.Progress;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Sampling sites, rounds, tubes, samples and boxes for staff.
 */
@ApiController
@RequestMapping("/api/v1/testing")
class TestingApiController {

	private final SamplingSiteManagement sites;

	private final TestingRoundManagement rounds;

	private final SamplingManagement sampling;

	TestingApiController(SamplingSiteManagement sites, TestingRoundManagement rounds, SamplingManagement sampling) {
		this.sites = sites;
		this.rounds = rounds;
		this.sampling = sampling;
	}

	@GetMapping("/sites")
	@PreAuthorize(TestingAuthorities.STAFF)
	Slice<SamplingSite> sites(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
		return this.sites.list(CurrentCaller.get(), new PageRequest(page, size));
	}

	@PostMapping("/sites")
	@PreAuthorize(TestingAuthorities.COMMAND)
	ResponseEntity<SamplingSite> register(@RequestBody NewSite body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.sites.register(CurrentCaller.get(), body));
	}

	@GetMapping("/sites/{id}")
	@PreAuthorize(TestingAuthorities.STAFF)
	SamplingSite site(@PathVariable long id) {
		return this.sites.get(CurrentCaller.get(), id);
	}

	@PostMapping("/sites/{id}/status")
	@PreAuthorize(TestingAuthorities.SITE_STATUS)
	SamplingSite status(@PathVariable long id, @RequestBody StatusReport body) {
		return this.sites.report(CurrentCaller.get(), id, body);
	}

	@PutMapping("/sites/{id}/staff/{userId}")
	@PreAuthorize(TestingAuthorities.COMMAND)
	ResponseEntity<Void> addStaff(@PathVariable long id, @PathVariable long userId) {
		this.sites.addStaff(CurrentCaller.get(), id, userId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/rounds")
	@PreAuthorize(TestingAuthorities.STAFF)
	Slice<TestingRound> rounds(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.rounds.list(CurrentCaller.get(), new PageRequest(page, size));
	}

	@PostMapping("/rounds")
	@PreAuthorize(TestingAuthorities.COMMAND)
	ResponseEntity<TestingRound> start(@RequestBody NewRound body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.rounds.start(CurrentCaller.get(), body));
	}

	@GetMapping("/rounds/{id}")
	@PreAuthorize(TestingAuthorities.STAFF)
	TestingRound round(@PathVariable long id) {
		return this.rounds.get(CurrentCaller.get(), id);
	}

	@GetMapping("/rounds/{id}/progress")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	Progress progress(@PathVariable long id, @RequestParam(required = false) Long divisionId) {
		return this.rounds.progress(CurrentCaller.get(), id, divisionId);
	}

	@GetMapping("/rounds/{id}/untested")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	Slice<ListedPerson> untested(@PathVariable long id, @RequestParam(required = false) Long gridId,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			HttpServletRequest request) {
		return this.rounds.list(CurrentCaller.get(), id, RoundList.UNTESTED, gridId, new PageRequest(page, size), "API",
				request.getRemoteAddr());
	}

	@GetMapping("/rounds/{id}/lists/{list}")
	@PreAuthorize(TestingAuthorities.ROUND_READERS)
	Slice<ListedPerson> list(@PathVariable long id, @PathVariable RoundList list,
			@RequestParam(required = false) Long gridId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
		return this.rounds.list(CurrentCaller.get(), id, list, gridId, new PageRequest(page, size), "API",
				request.getRemoteAddr());
	}

	@PutMapping("/rounds/{id}/exemptions/{personId}")
	@PreAuthorize(TestingAuthorities.EXEMPTERS)
	ResponseEntity<Void> exempt(@PathVariable long id, @PathVariable long personId, @RequestBody Exemption body) {
		this.rounds.exempt(CurrentCaller.get(), id, personId, body);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/tubes")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	ResponseEntity<TubeView> openTube(@RequestBody NewTube body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.sampling.openTube(CurrentCaller.get(), body));
	}

	@GetMapping("/tubes/{barcode}")
	@PreAuthorize(TestingAuthorities.STAFF)
	TubeView tube(@PathVariable String barcode) {
		return this.sampling.tube(CurrentCaller.get(), barcode);
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

	@GetMapping("/boxes/{barcode}")
	@PreAuthorize(TestingAuthorities.STAFF)
	BoxView box(@PathVariable String barcode) {
		return this.sampling.box(CurrentCaller.get(), barcode);
	}

	@PostMapping("/boxes/{barcode}/tubes")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	BoxView pack(@PathVariable String barcode, @RequestBody PackRequest body) {
		return this.sampling.pack(CurrentCaller.get(), barcode, body.tube());
	}

	@PostMapping("/boxes/{barcode}/sealing")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	BoxView seal(@PathVariable String barcode) {
		return this.sampling.seal(CurrentCaller.get(), barcode);
	}

	@PostMapping("/boxes/{barcode}/pick-up")
	@PreAuthorize(TestingAuthorities.COURIERS)
	BoxView pickUp(@PathVariable String barcode, @RequestBody(required = false) NoteRequest body) {
		return this.sampling.pickUp(CurrentCaller.get(), barcode, (body == null) ? null : body.note());
	}

	@PostMapping("/boxes/{barcode}/receipt")
	@PreAuthorize("hasAuthority('DEVICE') or hasRole('ADMIN')")
	BoxView receive(@PathVariable String barcode, @RequestBody(required = false) NoteRequest body) {
		String note = (body == null) ? null : body.note();
		return CurrentCaller.device().isPresent() ? this.sampling.receive(CurrentCaller.device().get(), barcode, note)
				: this.sampling.receive(CurrentCaller.get(), barcode, note);
	}

	record PackRequest(String tube) {
	}

	record NoteRequest(String note) {
	}

}
