package org.epigrid.venues.web;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.security.CurrentCaller;
import org.epigrid.security.Device;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;
import org.epigrid.venues.CheckInManagement;
import org.epigrid.venues.CheckInManagement.CheckedIn;
import org.epigrid.venues.CrowdClass;
import org.epigrid.venues.Venue;
import org.epigrid.venues.VenueManagement;
import org.epigrid.venues.VenueManagement.Counts;
import org.epigrid.venues.VenueManagement.NewVenue;
import org.epigrid.venues.VenuePolicyManagement;
import org.epigrid.venues.VenuePolicyManagement.Policy;

import org.epigrid.shared.web.PublicUrl;

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
 * Venues for staff (registry, posters, counts, registering visitors by ID number), venue
 * policies, and a venue device's own counts.
 */
@ApiController
@RequestMapping("/api/v1/codes")
class VenueApiController {

	private final VenueManagement venues;

	private final VenuePolicyManagement policies;

	private final CheckInManagement checkIns;

	private final String publicUrl;

	private final java.time.Clock clock;

	VenueApiController(VenueManagement venues, VenuePolicyManagement policies, CheckInManagement checkIns,
			java.time.Clock clock, PublicUrl publicUrl) {
		this.clock = clock;
		this.venues = venues;
		this.policies = policies;
		this.checkIns = checkIns;
		this.publicUrl = publicUrl.publicUrl();
	}

	@GetMapping("/venues")
	@PreAuthorize(VenueAuthorities.STAFF)
	Slice<Venue> list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.venues.list(CurrentCaller.get(), q, new PageRequest(page, size));
	}

	@PostMapping("/venues")
	@PreAuthorize(VenueAuthorities.VENUE_REGISTRARS)
	ResponseEntity<Venue> register(@RequestBody NewVenue body) {
		return ResponseEntity.status(HttpStatus.CREATED).body(this.venues.register(CurrentCaller.get(), body));
	}

	@GetMapping("/venues/{id}")
	@PreAuthorize(VenueAuthorities.STAFF)
	Venue venue(@PathVariable long id) {
		return this.venues.get(CurrentCaller.get(), id);
	}

	@GetMapping("/venues/{id}/code")
	@PreAuthorize(VenueAuthorities.STAFF)
	Map<String, Object> code(@PathVariable long id) {
		Venue venue = this.venues.get(CurrentCaller.get(), id);
		return Map.of("url", this.venues.codeUrl(venue, baseUrl()), "serial", venue.codeSerial());
	}

	@PostMapping("/venues/{id}/code-renewal")
	@PreAuthorize(VenueAuthorities.VENUE_REGISTRARS)
	Venue renew(@PathVariable long id) {
		return this.venues.renewCode(CurrentCaller.get(), id);
	}

	@GetMapping("/venues/{id}/poster.pdf")
	@PreAuthorize(VenueAuthorities.STAFF)
	ResponseEntity<byte[]> poster(@PathVariable long id) {
		byte[] pdf = this.venues.poster(CurrentCaller.get(), id, baseUrl());
		return PosterResponses.pdf(id, pdf);
	}

	@GetMapping("/venues/{id}/counts")
	@PreAuthorize(VenueAuthorities.STAFF)
	Counts counts(@PathVariable long id, @RequestParam(required = false) LocalDate day) {
		Venue venue = this.venues.get(CurrentCaller.get(), id);
		return this.venues.counts(venue.id(), (day == null) ? LocalDate.now(this.clock) : day);
	}

	@PostMapping("/venues/{id}/check-ins")
	@PreAuthorize(VenueAuthorities.STAFF)
	CheckedIn proxyCheckIn(@PathVariable long id, @RequestBody ProxyRequest body, HttpServletRequest request) {
		return this.checkIns.proxy(CurrentCaller.get(), id, body.idNumber(), "API", request.getRemoteAddr());
	}

	@GetMapping("/venue-policies")
	@PreAuthorize(VenueAuthorities.STAFF)
	List<Policy> policies() {
		return this.policies.all();
	}

	@PutMapping("/venue-policies/{crowdClass}")
	@PreAuthorize(VenueAuthorities.ADMIN)
	Policy changePolicy(@PathVariable CrowdClass crowdClass, @RequestBody VenuePolicyManagement.Change body,
			HttpServletRequest request) {
		return this.policies.change(CurrentCaller.get(), crowdClass, body, "API", request.getRemoteAddr());
	}

	/** A venue's device: its own venue's counts, nothing else. */
	@GetMapping("/venue-counts")
	@PreAuthorize("hasAuthority('DEVICE')")
	Counts deviceCounts(@RequestParam(required = false) LocalDate day) {
		Device device = CurrentCaller.device().orElseThrow();
		if (device.kind() != Device.Kind.VENUE || device.ref() == null) {
			throw new ForbiddenException("device", "only a venue's device has venue counts");
		}
		Venue venue = this.venues.find(device.ref());
		if (venue == null) {
			throw FieldErrorsException.of("device", "the device's venue " + device.ref() + " does not exist");
		}
		return this.venues.counts(venue.id(), (day == null) ? LocalDate.now(this.clock) : day);
	}

	private String baseUrl() {
		return this.publicUrl;
	}

	record ProxyRequest(String idNumber) {
	}

}
