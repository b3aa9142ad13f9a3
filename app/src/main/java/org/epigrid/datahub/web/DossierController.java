package org.epigrid.datahub.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.datahub.DossierManagement;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.security.CurrentCaller;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The person dossier page. Anyone who may see the person may see their dossier; every
 * view is audited.
 */
@Controller
class DossierController {

	private final DossierManagement dossiers;

	private final Clock clock;

	DossierController(DossierManagement dossiers, Clock clock) {
		this.dossiers = dossiers;
		this.clock = clock;
	}

	@GetMapping("/datahub/dossier/{id}")
	String page(@PathVariable long id, @RequestParam(defaultValue = "routine") String purpose,
			HttpServletRequest request, Model model) {
		model.addAttribute("dossier",
				this.dossiers.dossier(CurrentCaller.get(), id, new Access(purpose, "WEB", request.getRemoteAddr())));
		model.addAttribute("purpose", purpose);
		model.addAttribute("zone", this.clock.getZone());
		return "datahub/dossier";
	}

}
