package org.epigrid.testing.web;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.testing.SamplingManagement;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.TestingRoundManagement;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The sampler's phone page (D7): pick the site and the round, then scan with a hand-held
 * scanner (keyboard wedge) or the phone's camera: a tube's barcode, then each person's
 * health code or ID number; closed tubes go into a transport box. The page talks to
 * {@link SamplerPageController} with the session (the API takes bearer tokens only).
 */
@Controller
class SamplerController {

	private final SamplingSiteManagement sites;

	private final TestingRoundManagement rounds;

	private final Clock clock;

	SamplerController(SamplingSiteManagement sites, TestingRoundManagement rounds, Clock clock) {
		this.sites = sites;
		this.rounds = rounds;
		this.clock = clock;
	}

	@GetMapping("/testing/sampler")
	@PreAuthorize(TestingAuthorities.SAMPLERS)
	String sampler(Model model) {
		Caller caller = CurrentCaller.get();
		Instant now = this.clock.instant();
		List<SamplingSite> mine = this.sites.list(caller, new PageRequest(0, PageRequest.MAX_SIZE)).items();
		// rounds taking samples now, and those whose recalled persons may still be
		// retested
		List<TestingRound> open = this.rounds.list(caller, new PageRequest(0, 50))
			.items()
			.stream()
			.filter(r -> !now.isBefore(r.startsAt()) && now.isBefore(r.endsAt().plus(SamplingManagement.RETEST_WINDOW)))
			.toList();
		model.addAttribute("sites", mine);
		model.addAttribute("rounds", open);
		model.addAttribute("now", now);
		model.addAttribute("zone", this.clock.getZone());
		return "testing/sampler";
	}

}
