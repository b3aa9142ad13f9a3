package org.epigrid.datahub.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.datahub.Dossier;
import org.epigrid.datahub.DossierManagement;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.web.ApiController;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code GET /api/v1/persons/{id}/dossier}: the person dossier, audited, 404 outside the
 * caller's jurisdiction.
 */
@ApiController
class DossierApiController {

	private final DossierManagement dossiers;

	DossierApiController(DossierManagement dossiers) {
		this.dossiers = dossiers;
	}

	@GetMapping("/api/v1/persons/{id}/dossier")
	Dossier dossier(@PathVariable long id, @RequestParam(required = false) String purpose, HttpServletRequest request) {
		return this.dossiers.dossier(CurrentCaller.get(), id, new Access(purpose, "API", request.getRemoteAddr()));
	}

}
