package org.epigrid.population.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.population.DivisionLevel;
import org.epigrid.population.DivisionManagement;
import org.epigrid.population.LoginPhoneManagement;
import org.epigrid.population.PersonManagement;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.security.CurrentCaller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.PlatformSettings;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Pages of the population base: the grid map with its drill-down, person search and
 * person detail.
 */
@Controller
class PopulationPageController {

	static final String DEFAULT_PURPOSE = "routine";

	private final DivisionManagement divisions;

	private final PersonManagement persons;

	private final String tileUrl;

	private final LoginPhoneManagement loginPhones;

	PopulationPageController(DivisionManagement divisions, PersonManagement persons, LoginPhoneManagement loginPhones,
			PlatformSettings settings) {
		this.divisions = divisions;
		this.persons = persons;
		this.loginPhones = loginPhones;
		this.tileUrl = settings.map().tileUrl();
	}

	@GetMapping("/")
	String home() {
		return "redirect:/population/map";
	}

	@GetMapping("/population/map")
	String map(Model model) {
		model.addAttribute("top", this.divisions.top(CurrentCaller.get()));
		model.addAttribute("tileUrl", this.tileUrl);
		return "population/map";
	}

	@GetMapping("/population/tree")
	String tree(@RequestParam(required = false) Long parentId, Model model) {
		model.addAttribute("nodes", this.divisions.children(CurrentCaller.get(), parentId));
		return "population/fragments :: tree";
	}

	@GetMapping(path = "/population/map/areas", produces = "application/geo+json")
	@ResponseBody
	String areas(@RequestParam(defaultValue = "GRID") DivisionLevel level,
			@RequestParam(required = false) Long divisionId) {
		return this.divisions.geoJson(CurrentCaller.get(), level, divisionId);
	}

	@GetMapping(path = "/population/map/buildings", produces = "application/geo+json")
	@ResponseBody
	String buildings(@RequestParam long divisionId) {
		return this.divisions.buildingsGeoJson(CurrentCaller.get(), divisionId);
	}

	@GetMapping("/population/buildings/{id}")
	String building(@PathVariable long id, Model model) {
		model.addAttribute("building", this.divisions.building(CurrentCaller.get(), id));
		return "population/fragments :: building";
	}

	@GetMapping("/population/households/{id}")
	String household(@PathVariable long id, HttpServletRequest request, Model model) {
		model.addAttribute("household", this.persons.household(CurrentCaller.get(), id,
				new Access("map drill-down", "WEB", request.getRemoteAddr())));
		return "population/fragments :: household";
	}

	@GetMapping("/population/persons")
	String search(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = DEFAULT_PURPOSE) String purpose,
			@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
		model.addAttribute("q", q == null ? "" : q);
		model.addAttribute("purpose", purpose);
		model.addAttribute("result", this.persons.search(CurrentCaller.get(), q, new PageRequest(page, 20)));
		return (htmx != null) ? "population/persons :: results" : "population/persons";
	}

	@GetMapping("/population/persons/{id}")
	String person(@PathVariable long id, @RequestParam(defaultValue = DEFAULT_PURPOSE) String purpose,
			HttpServletRequest request, Model model) {
		model.addAttribute("person",
				this.persons.view(CurrentCaller.get(), id, new Access(purpose, "WEB", request.getRemoteAddr())));
		model.addAttribute("purpose", purpose);
		var roles = CurrentCaller.get().roles();
		model.addAttribute("mayConfirmPhone", roles.contains(Role.ADMIN) || roles.contains(Role.GRID_WORKER));
		return "population/person";
	}

	/**
	 * Staff register or confirm a person's login phone after checking their identity
	 * card; a wrong number shows the page again with the reason.
	 */
	@PostMapping("/population/persons/{id}/login-phone")
	@PreAuthorize("hasAnyRole('ADMIN', 'GRID_WORKER')")
	String loginPhone(@PathVariable long id, @RequestParam(defaultValue = "") String phone, HttpServletRequest request,
			Model model, RedirectAttributes redirect) {
		try {
			this.loginPhones.register(CurrentCaller.get(), id, phone, "WEB", request.getRemoteAddr());
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("phoneError", true);
			redirect.addFlashAttribute("phoneTyped", phone);
			return "redirect:/population/persons/" + id + "?purpose=verification";
		}
		redirect.addFlashAttribute("phoneSaved", true);
		return "redirect:/population/persons/" + id + "?purpose=verification";
	}

}
