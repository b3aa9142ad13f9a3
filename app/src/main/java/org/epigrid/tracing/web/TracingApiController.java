package org.epigrid.tracing.web;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.web.ApiController;
import org.epigrid.tracing.CaseClassification;
import org.epigrid.tracing.CaseManagement;
import org.epigrid.tracing.CaseState;
import org.epigrid.tracing.ClusterManagement;
import org.epigrid.tracing.ClusterManagement.Cluster;
import org.epigrid.tracing.ClusterManagement.ClusterSummary;
import org.epigrid.tracing.ClusterManagement.InfectorChange;
import org.epigrid.tracing.Contact;
import org.epigrid.tracing.ContactManagement;
import org.epigrid.tracing.ContactRun;
import org.epigrid.tracing.NewCase;
import org.epigrid.tracing.InvestigationManagement;
import org.epigrid.tracing.InvestigationManagement.Investigation;
import org.epigrid.tracing.InvestigationManagement.NewEntry;
import org.epigrid.tracing.InvestigationManagement.NewNamedContact;
import org.epigrid.tracing.NamedContact;
import org.epigrid.tracing.Timeliness;
import org.epigrid.tracing.TrajectoryEntry;
import org.epigrid.tracing.TracingCase;
import org.epigrid.tracing.TracingProtocolManagement;
import org.epigrid.tracing.TracingProtocolManagement.Protocol;
import org.epigrid.tracing.TracingProtocolManagement.ProtocolChange;
import org.epigrid.tracing.TrajectoryManagement;
import org.epigrid.tracing.TrajectoryManagement.Overlay;
import org.epigrid.tracing.TrajectoryManagement.Trajectory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Cases, their contacts with evidence, and the contact definitions, for investigators.
 */
@ApiController
@RequestMapping("/api/v1/tracing")
class TracingApiController {

	private final CaseManagement cases;

	private final ContactManagement contacts;

	private final TracingProtocolManagement protocols;

	private final TrajectoryManagement trajectories;

	private final ClusterManagement clusters;

	private final InvestigationManagement investigations;

	TracingApiController(CaseManagement cases, ContactManagement contacts, TracingProtocolManagement protocols,
			TrajectoryManagement trajectories, ClusterManagement clusters, InvestigationManagement investigations) {
		this.investigations = investigations;
		this.clusters = clusters;
		this.cases = cases;
		this.contacts = contacts;
		this.protocols = protocols;
		this.trajectories = trajectories;
	}

	@GetMapping("/cases")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Slice<TracingCase> cases(@RequestParam(required = false) CaseState state,
			@RequestParam(required = false) CaseClassification classification,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			HttpServletRequest request) {
		return this.cases.list(CurrentCaller.get(), state, classification, new PageRequest(page, size), "API",
				request.getRemoteAddr());
	}

	@PostMapping("/cases")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<TracingCase> open(@RequestBody NewCase body, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.cases.open(CurrentCaller.get(), body, "API", request.getRemoteAddr()));
	}

	@GetMapping("/cases/{id}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	TracingCase get(@PathVariable long id, HttpServletRequest request) {
		return this.cases.get(CurrentCaller.get(), id, "API", request.getRemoteAddr());
	}

	@PostMapping("/cases/{id}/contact-runs")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ContactRun run(@PathVariable long id) {
		return this.contacts.run(CurrentCaller.get(), id);
	}

	@PostMapping("/contact-runs")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ContactRun run(@RequestBody RunRequest body) {
		return this.contacts.run(CurrentCaller.get(), (body == null) ? null : body.caseIds());
	}

	@GetMapping("/cases/{id}/contacts")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Slice<Contact> contacts(@PathVariable long id, @RequestParam(required = false) ContactLevel level,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			HttpServletRequest request) {
		return this.contacts.contacts(CurrentCaller.get(), id, level, new PageRequest(page, size), "API",
				request.getRemoteAddr());
	}

	@GetMapping("/cases/{id}/contact-counts")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Map<ContactLevel, Integer> counts(@PathVariable long id) {
		return this.contacts.count(CurrentCaller.get(), id);
	}

	@GetMapping("/cases/{id}/trajectory")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Trajectory trajectory(@PathVariable long id, HttpServletRequest request) {
		return this.trajectories.trajectory(CurrentCaller.get(), id, "API", request.getRemoteAddr());
	}

	@GetMapping("/intersections")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Overlay intersections(@RequestParam(required = false) List<Long> caseIds,
			@RequestParam(defaultValue = "100") int withinMetres, HttpServletRequest request) {
		return this.trajectories.intersections(CurrentCaller.get(), caseIds, withinMetres, "API",
				request.getRemoteAddr());
	}

	@GetMapping("/cases/{id}/investigation")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Investigation investigation(@PathVariable long id, HttpServletRequest request) {
		return this.investigations.investigation(CurrentCaller.get(), id, "API", request.getRemoteAddr());
	}

	@PostMapping("/cases/{id}/trajectory-entries")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<TrajectoryEntry> addEntry(@PathVariable long id, @RequestBody NewEntry body,
			HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.investigations.add(CurrentCaller.get(), id, body, "API", request.getRemoteAddr()));
	}

	@PostMapping("/cases/{id}/named-contacts")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<NamedContact> name(@PathVariable long id, @RequestBody NewNamedContact body,
			HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.investigations.name(CurrentCaller.get(), id, body, "API", request.getRemoteAddr()));
	}

	@PutMapping("/cases/{id}/trajectory-entries/{entryId}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	TrajectoryEntry updateEntry(@PathVariable long id, @PathVariable long entryId, @RequestBody NewEntry body,
			HttpServletRequest request) {
		return this.investigations.update(CurrentCaller.get(), id, entryId, body, "API", request.getRemoteAddr());
	}

	@DeleteMapping("/cases/{id}/trajectory-entries/{entryId}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<Void> removeEntry(@PathVariable long id, @PathVariable long entryId) {
		this.investigations.remove(CurrentCaller.get(), id, entryId);
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/timeliness")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Timeliness timeliness(@RequestParam(defaultValue = "14") int days) {
		return this.cases.timeliness(CurrentCaller.get(), days);
	}

	@GetMapping("/clusters")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	List<ClusterSummary> clusters(@RequestParam(defaultValue = "50") int limit) {
		return this.clusters.clusters(CurrentCaller.get(), limit);
	}

	/**
	 * The cluster of a case: {@code id} is any of its cases in the caller's jurisdiction.
	 */
	@GetMapping("/clusters/{id}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Cluster cluster(@PathVariable long id, HttpServletRequest request) {
		return this.clusters.cluster(CurrentCaller.get(), id, "API", request.getRemoteAddr());
	}

	@PutMapping("/cases/{id}/infector")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Cluster setInfector(@PathVariable long id, @RequestBody InfectorChange body, HttpServletRequest request) {
		return this.clusters.setInfector(CurrentCaller.get(), id, body, "API", request.getRemoteAddr());
	}

	@GetMapping("/protocol")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Protocol protocol() {
		return this.protocols.current();
	}

	@GetMapping("/protocol/versions")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	List<Protocol> versions() {
		return this.protocols.versions();
	}

	@PostMapping("/protocol")
	@PreAuthorize(TracingAuthorities.COMMAND)
	ResponseEntity<Protocol> change(@RequestBody ProtocolChange body, HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.protocols.change(CurrentCaller.get(), body, "API", request.getRemoteAddr()));
	}

	/**
	 * Cases to compute together.
	 *
	 * @param caseIds the cases
	 */
	record RunRequest(List<Long> caseIds) {
	}

}
