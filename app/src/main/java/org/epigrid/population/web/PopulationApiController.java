package org.epigrid.population.web;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.population.Division;
import org.epigrid.population.DivisionManagement;
import org.epigrid.population.HouseholdView;
import org.epigrid.population.LoginPhoneManagement;
import org.epigrid.population.LoginPhoneManagement.LoginPhone;
import org.epigrid.population.NewPerson;
import org.epigrid.population.PersonDetail;
import org.epigrid.population.PersonManagement;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.population.PersonSummary;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;

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
 * REST API of the population base. Everything is limited to the caller's jurisdiction;
 * identifiers in lists are masked; detail views are audited.
 */
@ApiController
@RequestMapping("/api/v1")
class PopulationApiController {

	private final DivisionManagement divisions;

	private final PersonManagement persons;

	private final LoginPhoneManagement loginPhones;

	PopulationApiController(DivisionManagement divisions, PersonManagement persons, LoginPhoneManagement loginPhones) {
		this.divisions = divisions;
		this.persons = persons;
		this.loginPhones = loginPhones;
	}

	/**
	 * Children of a division, or the top of the caller's tree without {@code parentId}.
	 */
	@GetMapping("/divisions")
	List<Division> divisions(@RequestParam(required = false) Long parentId) {
		return this.divisions.children(CurrentCaller.get(), parentId);
	}

	@GetMapping("/divisions/{id}")
	Division division(@PathVariable long id) {
		return this.divisions.find(CurrentCaller.get(), id);
	}

	/**
	 * Grids, paged, optionally below a division.
	 */
	@GetMapping("/grids")
	Slice<Division> grids(@RequestParam(required = false) Long divisionId, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.divisions.grids(CurrentCaller.get(), divisionId, new PageRequest(page, size));
	}

	/**
	 * Persons by full ID number, mobile number or name prefix; masked.
	 */
	@GetMapping("/persons")
	Slice<PersonSummary> persons(@RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "20") int size) {
		return this.persons.search(CurrentCaller.get(), q, new PageRequest(page, size));
	}

	/**
	 * A person's detail; audited with the given purpose.
	 */
	@GetMapping("/persons/{id}")
	PersonDetail person(@PathVariable long id, @RequestParam(required = false) String purpose,
			HttpServletRequest request) {
		return this.persons.view(CurrentCaller.get(), id, new Access(purpose, "API", request.getRemoteAddr()));
	}

	/**
	 * Registers a person: 201 with the detail, 400 naming each invalid field, 409 for a
	 * document number that is already registered.
	 */
	@PostMapping("/persons")
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'GRID_WORKER', 'EPIDEMIOLOGIST')")
	ResponseEntity<PersonDetail> register(@RequestBody NewPerson person, HttpServletRequest request) {
		var caller = CurrentCaller.get();
		long id = this.persons.register(caller, person);
		PersonDetail detail = this.persons.view(caller, id, new Access("registration", "API", request.getRemoteAddr()));
		return ResponseEntity.created(URI.create("/api/v1/persons/" + id)).body(detail);
	}

	/**
	 * Registers or confirms the phone a resident logs in with, after the caller checked
	 * the person's identity card: {@code {"phone": "13912345678"}}. Audited; a replaced
	 * login phone is told. 404 for a person outside the jurisdiction, 400 naming
	 * {@code phone}.
	 */
	@PutMapping("/persons/{id}/login-phone")
	@PreAuthorize("hasAnyRole('ADMIN', 'GRID_WORKER')")
	LoginPhone loginPhone(@PathVariable long id, @RequestBody LoginPhoneRequest body, HttpServletRequest request) {
		return this.loginPhones.register(CurrentCaller.get(), id, body.phone(), "API", request.getRemoteAddr());
	}

	record LoginPhoneRequest(String phone) {
	}

	@GetMapping("/households/{id}")
	HouseholdView household(@PathVariable long id, @RequestParam(required = false) String purpose,
			HttpServletRequest request) {
		return this.persons.household(CurrentCaller.get(), id, new Access(purpose, "API", request.getRemoteAddr()));
	}

}
