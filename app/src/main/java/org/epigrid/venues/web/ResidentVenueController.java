package org.epigrid.venues.web;

import java.time.Clock;

import org.epigrid.codes.ResidentPrincipal;
import org.epigrid.venues.CheckInManagement;
import org.epigrid.venues.CheckInManagement.VenueCode;
import org.epigrid.venues.VenueManagement;
import org.epigrid.venues.VenuePolicyManagement;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Residents' venue pages, for a phone, in the residents' session of {@code codes}: a
 * venue's poster scanned and the check-in, the verdict, the resident's own check-ins.
 */
@Controller
class ResidentVenueController {

	private final CheckInManagement checkIns;

	private final VenuePolicyManagement policies;

	private final Clock clock;

	ResidentVenueController(CheckInManagement checkIns, VenuePolicyManagement policies, Clock clock) {
		this.checkIns = checkIns;
		this.policies = policies;
		this.clock = clock;
	}

	/** A venue's poster, scanned: who checks in, and the venue's requirement. */
	@GetMapping(VenueManagement.CHECK_IN_PATH + "{token}")
	String venue(@PathVariable String token, Model model) {
		ResidentPrincipal me = ResidentPrincipal.current();
		VenueCode code = this.checkIns.readVenueCode(token);
		model.addAttribute("resident", me);
		model.addAttribute("token", token);
		model.addAttribute("state", code.state().name());
		model.addAttribute("retentionDays", this.checkIns.retention().toDays());
		model.addAttribute("venue", code.venue());
		if (code.venue() != null) {
			model.addAttribute("requirement", VenueManagement.requirement(this.policies.of(code.venue().crowdClass())));
		}
		return "codes/resident-venue";
	}

	@PostMapping(VenueManagement.CHECK_IN_PATH + "{token}")
	String checkIn(@PathVariable String token, @RequestParam long person, RedirectAttributes redirect, Model model) {
		ResidentPrincipal.Person who = ResidentPrincipal.current().shown(person);
		VenueCode code = this.checkIns.readVenueCode(token);
		if (code.state() != VenueCode.State.VALID) {
			return venue(token, model);
		}
		redirect.addFlashAttribute("checkedIn",
				this.checkIns.checkIn(code.venue(), who.personId(), who.maskedName(), CheckInManagement.Via.SELF));
		return "redirect:/r/checked-in";
	}

	/** The verdict just given (after the redirect; a reload goes to the list). */
	@GetMapping("/r/checked-in")
	String checkedIn(Model model) {
		if (!model.containsAttribute("checkedIn")) {
			return "redirect:/r/check-ins";
		}
		model.addAttribute("serverTime", this.clock.millis());
		model.addAttribute("zone", this.clock.getZone());
		return "codes/resident-verdict";
	}

	@GetMapping("/r/check-ins")
	String checkIns(@RequestParam(required = false) Long person, Model model) {
		ResidentPrincipal.Person shown = shown(person, model);
		model.addAttribute("checkIns", this.checkIns.ofPerson(shown.personId()));
		model.addAttribute("retentionDays", this.checkIns.retention().toDays());
		return "codes/resident-check-ins";
	}

	/**
	 * The resident of the session and which of their persons a page shows (the first
	 * unless one is named), both put into the model with the display zone.
	 */
	private ResidentPrincipal.Person shown(Long person, Model model) {
		ResidentPrincipal me = ResidentPrincipal.current();
		ResidentPrincipal.Person shown = me.shown(person);
		model.addAttribute("resident", me);
		model.addAttribute("shown", shown);
		model.addAttribute("zone", this.clock.getZone());
		return shown;
	}

}
