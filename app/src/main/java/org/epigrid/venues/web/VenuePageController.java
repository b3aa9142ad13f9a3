package org.epigrid.venues.web;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.venues.CheckInManagement;
import org.epigrid.venues.Venue;
import org.epigrid.venues.VenueManagement;
import org.epigrid.venues.VenuePolicyManagement;

import org.epigrid.shared.web.PublicUrl;

import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Venues for staff: the registry of their jurisdiction with the policies per crowd class;
 * a venue's page with today's counts (never who), its poster, and registering a visitor
 * without a phone by ID number (C4).
 */
@Controller
@PreAuthorize(VenueAuthorities.STAFF)
class VenuePageController {

	private final VenueManagement venues;

	private final VenuePolicyManagement policies;

	private final CheckInManagement checkIns;

	private final Clock clock;

	private final String publicUrl;

	private final MessageSource texts;

	VenuePageController(VenueManagement venues, VenuePolicyManagement policies, CheckInManagement checkIns, Clock clock,
			PublicUrl publicUrl, MessageSource texts) {
		this.texts = texts;
		this.venues = venues;
		this.policies = policies;
		this.checkIns = checkIns;
		this.clock = clock;
		this.publicUrl = publicUrl.publicUrl();
	}

	@GetMapping("/codes/venues")
	String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("q", q);
		model.addAttribute("result", this.venues.list(CurrentCaller.get(), q, new PageRequest(page, 50)));
		model.addAttribute("policies", this.policies.all());
		return "codes/venues";
	}

	@GetMapping("/codes/venues/{id}")
	String venue(@PathVariable long id, @RequestParam(required = false) LocalDate day, Model model) {
		Venue venue = this.venues.get(CurrentCaller.get(), id);
		LocalDate shown = (day == null) ? LocalDate.now(this.clock) : day;
		VenueManagement.Counts counts = this.venues.counts(venue.id(), shown);
		model.addAttribute("venue", venue);
		model.addAttribute("counts", counts);
		model.addAttribute("maxHour", Math.max(1, Collections.max(counts.hourly())));
		model.addAttribute("requirement", VenueManagement.requirement(this.policies.of(venue.crowdClass())));
		model.addAttribute("codeUrl", this.venues.codeUrl(venue, baseUrl()));
		return "codes/venue";
	}

	@PostMapping("/codes/venues/{id}/check-ins")
	String proxy(@PathVariable long id, @RequestParam(defaultValue = "") String idNumber, Model model,
			HttpServletRequest request, Locale locale) {
		try {
			model.addAttribute("checkedIn",
					this.checkIns.proxy(CurrentCaller.get(), id, idNumber, "WEB", request.getRemoteAddr()));
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", ex.errors());
			model.addAttribute("idNumber", idNumber);
		}
		catch (NotFoundException ex) {
			// nobody with this number in the caller's jurisdiction (registered elsewhere
			// or
			// nowhere: one answer); a venue not theirs is a 404 page from venue() below
			model.addAttribute("errors", List.of(new FieldError("idNumber",
					this.texts.getMessage("venues.checkIn.nobodyHere", null, ex.getMessage(), locale))));
			model.addAttribute("idNumber", idNumber);
		}
		return venue(id, null, model);
	}

	@GetMapping("/codes/venues/{id}/poster.pdf")
	ResponseEntity<byte[]> poster(@PathVariable long id) {
		byte[] pdf = this.venues.poster(CurrentCaller.get(), id, baseUrl());
		return PosterResponses.pdf(id, pdf);
	}

	private String baseUrl() {
		return this.publicUrl;
	}

}
