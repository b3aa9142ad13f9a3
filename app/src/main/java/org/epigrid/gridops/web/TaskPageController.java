package org.epigrid.gridops.web;

import java.time.Clock;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.gridops.TaskKind;
import org.epigrid.gridops.TaskManagement;
import org.epigrid.gridops.TaskManagement.Outcome;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The grid worker's phone page: today's tasks, most urgent first, with one-tap outcomes.
 */
@Controller
class TaskPageController {

	private static final String WORKERS = "hasAnyRole('GRID_WORKER', 'ADMIN', 'COMMANDER')";

	/** The outcomes a worker picks from, by kind. */
	private static final java.util.Map<TaskKind, java.util.List<String>> OUTCOMES = java.util.Map.of(TaskKind.UNTESTED,
			java.util.List.of("TESTED_AT_SITE", "AWAY", "REFUSES"), TaskKind.CLOSE_CONTACT,
			java.util.List.of("INFORMED", "AWAY", "REFUSES"), TaskKind.INBOUND_TRAVELLER,
			java.util.List.of("VERIFIED", "NOT_ARRIVED", "AWAY"));

	private final TaskManagement tasks;

	private final Clock clock;

	TaskPageController(TaskManagement tasks, Clock clock) {
		this.tasks = tasks;
		this.clock = clock;
	}

	@GetMapping("/gridops/tasks")
	@PreAuthorize(WORKERS)
	String tasks(@RequestParam(defaultValue = "false") boolean mine, @RequestParam(defaultValue = "0") int page,
			HttpServletRequest request, Model model) {
		model.addAttribute("tasks", this.tasks.tasks(CurrentCaller.get(), mine, true, new PageRequest(page, 30), "WEB",
				request.getRemoteAddr()));
		model.addAttribute("mine", mine);
		model.addAttribute("outcomes", OUTCOMES);
		model.addAttribute("zone", this.clock.getZone());
		return "gridops/tasks";
	}

	@PostMapping("/gridops/tasks/{id}/outcome")
	@PreAuthorize(WORKERS)
	String outcome(@PathVariable long id, @RequestParam(defaultValue = "") String status,
			@RequestParam(defaultValue = "") String outcome, @RequestParam(defaultValue = "") String note,
			@RequestParam(defaultValue = "false") boolean mine, RedirectAttributes redirect) {
		try {
			this.tasks.outcome(CurrentCaller.get(), id, new Outcome(status, outcome, note));
			redirect.addFlashAttribute("recorded", id);
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("errors", ex.errors());
		}
		catch (NotFoundException ex) {
			redirect.addFlashAttribute("errors",
					java.util.List.of(new FieldErrorsException.FieldError("task", "not yours, or gone")));
		}
		return "redirect:/gridops/tasks?mine=" + mine;
	}

}
