package org.epigrid.gridops.web;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.gridops.TaskManagement;
import org.epigrid.gridops.TaskManagement.Outcome;
import org.epigrid.gridops.TaskManagement.Task;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Tasks at the door for grid workers and informants.
 */
@ApiController
@RequestMapping("/api/v1/gridops")
class TaskApiController {

	private static final String WORKERS = "hasAnyRole('GRID_WORKER', 'ADMIN', 'COMMANDER')";

	private final TaskManagement tasks;

	TaskApiController(TaskManagement tasks) {
		this.tasks = tasks;
	}

	/**
	 * The tasks assigned within the caller's jurisdiction; {@code mine=true}: only those
	 * assigned to the caller's own grid or micro-grid; {@code open=false}: finished ones
	 * too.
	 */
	@GetMapping("/tasks")
	@PreAuthorize(WORKERS)
	Slice<Task> tasks(@RequestParam(defaultValue = "false") boolean mine,
			@RequestParam(defaultValue = "true") boolean open, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size, HttpServletRequest request) {
		return this.tasks.tasks(CurrentCaller.get(), mine, open, new PageRequest(page, size), "API",
				request.getRemoteAddr());
	}

	@PostMapping("/tasks/{id}/outcome")
	@PreAuthorize(WORKERS)
	Task outcome(@PathVariable long id, @RequestBody Outcome body) {
		return this.tasks.outcome(CurrentCaller.get(), id, body);
	}

}
