package org.epigrid.tracing.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PlatformSettings;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.CaseChange;
import org.epigrid.tracing.CaseClassification;
import org.epigrid.tracing.CaseManagement;
import org.epigrid.tracing.CaseState;
import org.epigrid.tracing.ClusterManagement;
import org.epigrid.tracing.ClusterManagement.Cluster;
import org.epigrid.tracing.ClusterManagement.InfectorChange;
import org.epigrid.tracing.Contact;
import org.epigrid.tracing.ContactManagement;
import org.epigrid.tracing.ContactRun;
import org.epigrid.tracing.InvestigationManagement;
import org.epigrid.tracing.InvestigationManagement.NewEntry;
import org.epigrid.tracing.InvestigationManagement.NewNamedContact;
import org.epigrid.tracing.NewCase;
import org.epigrid.tracing.TracingCase;
import org.epigrid.tracing.TransferManagement;
import org.epigrid.tracing.TransferManagement.NewTransfer;
import org.epigrid.tracing.TransferManagement.StatusReport;
import org.epigrid.tracing.TrajectoryManagement;
import org.epigrid.tracing.TrajectoryManagement.Overlay;
import org.epigrid.tracing.TrajectoryManagement.Trajectory;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The tracing pages for investigators: the case list (filters, paging, opening a case by
 * ID number), a case with its contacts and their evidence and its trajectory on the map,
 * several cases overlaid with their space-time intersections, and transmission clusters
 * as graphs. The services decide jurisdiction and audit each personal view.
 */
@Controller
class TracingPageController {

	private static final int PAGE = 50;

	private final CaseManagement cases;

	private final ContactManagement contacts;

	private final TrajectoryManagement trajectories;

	private final ClusterManagement clusters;

	private final TransferManagement transfers;

	private final InvestigationManagement investigations;

	private final ResidentDirectory residents;

	private final Clock clock;

	private final String tileUrl;

	TracingPageController(CaseManagement cases, ContactManagement contacts, TrajectoryManagement trajectories,
			ClusterManagement clusters, TransferManagement transfers, InvestigationManagement investigations,
			ResidentDirectory residents, Clock clock, PlatformSettings settings) {
		this.investigations = investigations;
		this.clusters = clusters;
		this.transfers = transfers;
		this.cases = cases;
		this.contacts = contacts;
		this.trajectories = trajectories;
		this.residents = residents;
		this.clock = clock;
		this.tileUrl = settings.map().tileUrl();
	}

	@GetMapping("/tracing")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String cases(@RequestParam(required = false) CaseState state,
			@RequestParam(required = false) CaseClassification classification,
			@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		Slice<TracingCase> result = this.cases.list(CurrentCaller.get(), state, classification,
				new PageRequest(page, PAGE), "WEB", request.getRemoteAddr());
		model.addAttribute("result", result);
		model.addAttribute("state", state);
		model.addAttribute("classification", classification);
		model.addAttribute("states", CaseState.values());
		model.addAttribute("classifications", CaseClassification.values());
		model.addAttribute("zone", this.clock.getZone());
		model.addAttribute("today", LocalDate.now(this.clock));
		model.addAttribute("timeliness", this.cases.timeliness(CurrentCaller.get(), 14));
		model.addAttribute("durations", new Durations());
		return "tracing/cases";
	}

	@PostMapping("/tracing/cases")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String open(@RequestParam(defaultValue = "") String idNumber,
			@RequestParam(required = false) CaseClassification classification,
			@RequestParam(defaultValue = "") String onsetDate, @RequestParam(defaultValue = "") String firstPositiveAt,
			@RequestParam(defaultValue = "") String sourceNote, @RequestParam(defaultValue = "") String hospital,
			HttpServletRequest request, Model model) {
		Caller caller = CurrentCaller.get();
		List<FieldError> errors = new ArrayList<>();
		Long personId = null;
		try {
			personId = this.residents.byIdNumber(IdNumber.of("idNumber", idNumber.strip()))
				.filter(r -> caller.jurisdiction().contains(r.path()))
				.map(ResidentDirectory.Resident::personId)
				.orElse(null);
			if (personId == null) {
				errors.add(new FieldError("idNumber", "nobody with this ID number lives in your jurisdiction"));
			}
		}
		catch (FieldErrorsException ex) {
			errors.addAll(ex.errors());
		}
		catch (InvalidValueException ex) {
			errors.add(new FieldError("idNumber", ex.getMessage()));
		}
		LocalDate onset = null;
		Instant positive = null;
		try {
			onset = onsetDate.isBlank() ? null : LocalDate.parse(onsetDate.strip());
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError("onsetDate", "is not a date (yyyy-mm-dd)"));
		}
		try {
			positive = firstPositiveAt.isBlank() ? null
					: LocalDateTime.parse(firstPositiveAt.strip()).atZone(this.clock.getZone()).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError("firstPositiveAt", "is not a date and time"));
		}
		if (errors.isEmpty()) {
			try {
				TracingCase opened = this.cases.open(caller,
						new NewCase(personId, classification, onset, positive, sourceNote, hospital), "WEB",
						request.getRemoteAddr());
				return "redirect:/tracing/cases/" + opened.id();
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
			catch (ConflictException | NotFoundException ex) {
				errors.add(new FieldError("idNumber", ex.getMessage()));
			}
		}
		model.addAttribute("errors", errors);
		model.addAttribute("form",
				new OpenForm(idNumber, classification, onsetDate, firstPositiveAt, sourceNote, hospital));
		return cases(null, null, 0, request, model);
	}

	@GetMapping("/tracing/cases/{id}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String detail(@PathVariable long id, @RequestParam(required = false) ContactLevel level,
			@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		Caller caller = CurrentCaller.get();
		TracingCase found = this.cases.get(caller, id, "WEB", request.getRemoteAddr());
		Slice<Contact> list = this.contacts.contacts(caller, id, level, new PageRequest(page, PAGE), "WEB",
				request.getRemoteAddr());
		model.addAttribute("tracingCase", found);
		Cluster cluster = this.clusters.cluster(caller, id, "WEB", request.getRemoteAddr());
		model.addAttribute("cluster", cluster);
		model.addAttribute("infector",
				cluster.cases()
					.stream()
					.filter(m -> m.caseId() == id && m.infectorCaseId() != null)
					.map(ClusterManagement.ClusterCase::infectorCaseId)
					.findFirst()
					.orElse(null));
		model.addAttribute("transfers", this.transfers.ofCase(caller, id));
		model.addAttribute("investigation",
				this.investigations.investigation(caller, id, "WEB", request.getRemoteAddr()));
		model.addAttribute("states", CaseState.values());
		model.addAttribute("classifications", CaseClassification.values());
		model.addAttribute("counts", this.contacts.count(caller, id));
		model.addAttribute("contacts", list);
		model.addAttribute("level", level);
		model.addAttribute("levels", ContactLevel.values());
		model.addAttribute("zone", this.clock.getZone());
		model.addAttribute("tileUrl", this.tileUrl);
		return "tracing/case";
	}

	@PostMapping("/tracing/cases/{id}/contact-runs")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String run(@PathVariable long id, RedirectAttributes redirect) {
		ContactRun run = this.contacts.run(CurrentCaller.get(), id);
		redirect.addFlashAttribute("run", run);
		return "redirect:/tracing/cases/" + id;
	}

	@GetMapping(path = "/tracing/cases/{id}/trajectory", produces = "application/json")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	@ResponseBody
	Trajectory trajectory(@PathVariable long id, HttpServletRequest request) {
		return this.trajectories.trajectory(CurrentCaller.get(), id, "WEB", request.getRemoteAddr());
	}

	@PostMapping("/tracing/cases/{id}/trajectory-entries")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String addEntry(@PathVariable long id, @RequestParam(defaultValue = "") String kind,
			@RequestParam(defaultValue = "") String address, @RequestParam(defaultValue = "") String number,
			@RequestParam(defaultValue = "") String car, @RequestParam(defaultValue = "") String seat,
			@RequestParam(defaultValue = "") String from, @RequestParam(defaultValue = "") String to,
			@RequestParam(defaultValue = "") String note, HttpServletRequest request, RedirectAttributes redirect) {
		List<FieldError> errors = new ArrayList<>();
		Instant start = localTime("from", from, errors);
		Instant end = localTime("to", to, errors);
		if (errors.isEmpty()) {
			try {
				this.investigations.add(CurrentCaller.get(), id,
						new NewEntry(kind, null, address, null, null, start, end, number, car, seat, note), "WEB",
						request.getRemoteAddr());
				redirect.addFlashAttribute("entryAdded", true);
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
		}
		if (!errors.isEmpty()) {
			redirect.addFlashAttribute("entryErrors", errors);
		}
		return "redirect:/tracing/cases/" + id + "#investigation";
	}

	@PostMapping("/tracing/cases/{id}/named-contacts")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String name(@PathVariable long id, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String idNumber, @RequestParam(defaultValue = "") String phone,
			@RequestParam(defaultValue = "") String relation, @RequestParam(defaultValue = "") String exposedAt,
			@RequestParam(required = false) ContactLevel level, HttpServletRequest request,
			RedirectAttributes redirect) {
		List<FieldError> errors = new ArrayList<>();
		Instant at = localTime("exposedAt", exposedAt, errors);
		if (errors.isEmpty()) {
			try {
				this.investigations.name(CurrentCaller.get(), id,
						new NewNamedContact(name, phone, idNumber, relation, at, level), "WEB",
						request.getRemoteAddr());
				redirect.addFlashAttribute("namedAdded", true);
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
		}
		if (!errors.isEmpty()) {
			redirect.addFlashAttribute("namedErrors", errors);
		}
		return "redirect:/tracing/cases/" + id + "#investigation";
	}

	@PostMapping("/tracing/cases/{id}/trajectory-entries/{entryId}/delete")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String removeEntry(@PathVariable long id, @PathVariable long entryId) {
		this.investigations.remove(CurrentCaller.get(), id, entryId);
		return "redirect:/tracing/cases/" + id + "#investigation";
	}

	private Instant localTime(String field, String text, List<FieldError> errors) {
		if (text.isBlank()) {
			errors.add(new FieldError(field, "is required"));
			return null;
		}
		try {
			return LocalDateTime.parse(text.strip()).atZone(this.clock.getZone()).toInstant();
		}
		catch (DateTimeParseException ex) {
			errors.add(new FieldError(field, "is not a date and time"));
			return null;
		}
	}

	@PostMapping("/tracing/cases/{id}/changes")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String change(@PathVariable long id, @RequestParam(required = false) CaseState state,
			@RequestParam(required = false) CaseClassification classification,
			@RequestParam(defaultValue = "") String hospital, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.cases.change(CurrentCaller.get(), id,
					new CaseChange(state, classification, hospital.isBlank() ? null : hospital), "WEB",
					request.getRemoteAddr());
			redirect.addFlashAttribute("changed", true);
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("handlingErrors", ex.errors());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("handlingErrors", List.of(new FieldError("state", ex.getMessage())));
		}
		return "redirect:/tracing/cases/" + id + "#handling";
	}

	@PostMapping("/tracing/cases/{id}/transfers")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String requestTransfer(@PathVariable long id, @RequestParam(defaultValue = "") String pickupAddress,
			@RequestParam(defaultValue = "") String destination, @RequestParam(defaultValue = "") String note,
			HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.transfers.request(CurrentCaller.get(), id, new NewTransfer(pickupAddress, destination, note), "WEB",
					request.getRemoteAddr());
			redirect.addFlashAttribute("transferRequested", true);
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("handlingErrors", ex.errors());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("handlingErrors", List.of(new FieldError("transfer", ex.getMessage())));
		}
		return "redirect:/tracing/cases/" + id + "#handling";
	}

	@PostMapping("/tracing/transfers/{id}/status")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String reportTransfer(@PathVariable long id, @RequestParam long caseId,
			@RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String vehicle,
			@RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
		try {
			this.transfers.report(CurrentCaller.get(), null, id,
					new StatusReport(status, null, vehicle.isBlank() ? null : vehicle, note.isBlank() ? null : note));
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("handlingErrors", ex.errors());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("handlingErrors", List.of(new FieldError("status", ex.getMessage())));
		}
		return "redirect:/tracing/cases/" + caseId + "#handling";
	}

	@PostMapping("/tracing/transfers/{id}/cancel")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String cancelTransfer(@PathVariable long id, @RequestParam long caseId,
			@RequestParam(defaultValue = "") String reason, HttpServletRequest request, RedirectAttributes redirect) {
		try {
			this.transfers.cancel(CurrentCaller.get(), id, reason, "WEB", request.getRemoteAddr());
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("handlingErrors", ex.errors());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("handlingErrors", List.of(new FieldError("transfer", ex.getMessage())));
		}
		return "redirect:/tracing/cases/" + caseId + "#handling";
	}

	@GetMapping("/tracing/transfers")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String transfers(@RequestParam(defaultValue = "false") boolean late, @RequestParam(defaultValue = "0") int page,
			Model model) {
		Caller caller = CurrentCaller.get();
		model.addAttribute("result", this.transfers.list(caller, late, new PageRequest(page, PAGE)));
		model.addAttribute("late", late);
		model.addAttribute("endpoint", this.transfers.endpoint(caller));
		model.addAttribute("admin", caller.has(org.epigrid.security.Role.ADMIN));
		model.addAttribute("zone", this.clock.getZone());
		return "tracing/transfers";
	}

	@PostMapping("/tracing/dispatch-endpoint")
	@PreAuthorize("hasRole('ADMIN')")
	String configure(@RequestParam(defaultValue = "") String url, RedirectAttributes redirect) {
		try {
			redirect.addFlashAttribute("secret", this.transfers.configure(CurrentCaller.get(), url));
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("errors", ex.errors());
		}
		return "redirect:/tracing/transfers";
	}

	@GetMapping("/tracing/clusters")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String clusters(Model model) {
		model.addAttribute("clusters", this.clusters.clusters(CurrentCaller.get(), 200));
		model.addAttribute("zone", this.clock.getZone());
		return "tracing/clusters";
	}

	@GetMapping("/tracing/clusters/{id}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String cluster(@PathVariable long id, HttpServletRequest request, Model model) {
		model.addAttribute("cluster", this.clusters.cluster(CurrentCaller.get(), id, "WEB", request.getRemoteAddr()));
		model.addAttribute("caseId", id);
		model.addAttribute("zone", this.clock.getZone());
		return "tracing/cluster";
	}

	@GetMapping(path = "/tracing/clusters/{id}.json", produces = "application/json")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	@ResponseBody
	Cluster clusterData(@PathVariable long id, HttpServletRequest request) {
		return this.clusters.cluster(CurrentCaller.get(), id, "WEB", request.getRemoteAddr());
	}

	@PostMapping("/tracing/cases/{id}/infector")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String setInfector(@PathVariable long id, @RequestParam(defaultValue = "") String infectorCaseId,
			@RequestParam(defaultValue = "") String note, HttpServletRequest request, Model model,
			RedirectAttributes redirect) {
		List<FieldError> errors = new ArrayList<>();
		Long infector = null;
		try {
			infector = Long.valueOf(infectorCaseId.strip());
		}
		catch (NumberFormatException ex) {
			errors.add(new FieldError("infectorCaseId", "is not a case number"));
		}
		if (errors.isEmpty()) {
			try {
				this.clusters.setInfector(CurrentCaller.get(), id, new InfectorChange(infector, note), "WEB",
						request.getRemoteAddr());
				redirect.addFlashAttribute("infectorSet", infector);
				return "redirect:/tracing/clusters/" + id;
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
			catch (ConflictException ex) {
				errors.add(new FieldError("infectorCaseId", ex.getMessage()));
			}
			catch (NotFoundException ex) {
				errors.add(new FieldError("infectorCaseId", "no such case in your jurisdiction"));
			}
		}
		model.addAttribute("errors", errors);
		return cluster(id, request, model);
	}

	@GetMapping("/tracing/overlay")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String overlay(@RequestParam(required = false) List<Long> caseIds,
			@RequestParam(defaultValue = "100") int withinMetres, HttpServletRequest request, Model model) {
		Overlay overlay = this.trajectories.intersections(CurrentCaller.get(), caseIds, withinMetres, "WEB",
				request.getRemoteAddr());
		model.addAttribute("overlay", overlay);
		model.addAttribute("caseIds", caseIds);
		model.addAttribute("withinMetres", withinMetres);
		model.addAttribute("zone", this.clock.getZone());
		model.addAttribute("tileUrl", this.tileUrl);
		return "tracing/overlay";
	}

	@GetMapping(path = "/tracing/overlay.json", produces = "application/json")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	@ResponseBody
	Overlay overlayData(@RequestParam(required = false) List<Long> caseIds,
			@RequestParam(defaultValue = "100") int withinMetres, HttpServletRequest request) {
		return this.trajectories.intersections(CurrentCaller.get(), caseIds, withinMetres, "WEB",
				request.getRemoteAddr());
	}

	/**
	 * The open-a-case form as typed, shown again with its errors.
	 *
	 * @param idNumber the ID number
	 * @param classification the classification
	 * @param onsetDate the onset date
	 * @param firstPositiveAt the first positive sampling time
	 * @param sourceNote the source
	 * @param hospital the hospital
	 */
	record OpenForm(String idNumber, CaseClassification classification, String onsetDate, String firstPositiveAt,
			String sourceNote, String hospital) {
	}

}
