package org.epigrid.security.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.security.Caller;
import org.epigrid.security.JurisdictionCatalog;
import org.epigrid.security.internal.EpiGridPrincipal;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every page the logged-in user and the name of their jurisdiction for the header.
 */
@ControllerAdvice(annotations = Controller.class)
class LayoutAdvice {

	private final JurisdictionCatalog jurisdictions;

	LayoutAdvice(JurisdictionCatalog jurisdictions) {
		this.jurisdictions = jurisdictions;
	}

	@ModelAttribute("me")
	Me me(HttpServletRequest request) {
		if (request.getRequestURI().startsWith("/api/")) {
			// the API renders no page: no header to fill (and no query per gate scan)
			return null;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof EpiGridPrincipal principal) {
			Caller caller = principal.caller();
			String jurisdiction = "/".equals(caller.jurisdictionPath()) ? null
					: this.jurisdictions.nameOf(caller.jurisdictionPath()).orElse(caller.jurisdictionPath());
			return new Me(caller, jurisdiction);
		}
		return null;
	}

	/**
	 * The user shown in the page header.
	 *
	 * @param caller the caller
	 * @param jurisdictionName their jurisdiction's name, {@code null} for everything
	 */
	public record Me(Caller caller, String jurisdictionName) {

		public boolean admin() {
			return this.caller.has(org.epigrid.security.Role.ADMIN);
		}

		public boolean dataOfficer() {
			return admin() || this.caller.has(org.epigrid.security.Role.DATA_OFFICER);
		}

		public boolean investigator() {
			return admin() || this.caller.has(org.epigrid.security.Role.COMMANDER)
					|| this.caller.has(org.epigrid.security.Role.EPIDEMIOLOGIST);
		}

		public boolean taskWorker() {
			return admin() || this.caller.has(org.epigrid.security.Role.COMMANDER)
					|| this.caller.has(org.epigrid.security.Role.GRID_WORKER);
		}

		public boolean gridWorkerOnly() {
			return this.caller.has(org.epigrid.security.Role.GRID_WORKER) && !investigator();
		}

		public boolean screening() {
			return dataOfficer() || this.caller.has(org.epigrid.security.Role.COMMANDER)
					|| this.caller.has(org.epigrid.security.Role.EPIDEMIOLOGIST);
		}

	}

}
