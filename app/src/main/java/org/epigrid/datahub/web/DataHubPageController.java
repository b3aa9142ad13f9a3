package org.epigrid.datahub.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.epigrid.datahub.DataSourceManagement;
import org.epigrid.datahub.ImportJob;
import org.epigrid.datahub.ImportManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pages of the data hub for data officers: sources and mappings, uploads with live
 * progress, rejected rows to download, correct and import again.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER')")
class DataHubPageController {

	private final DataSourceManagement sources;

	private final ImportManagement imports;

	private final TaskScheduler scheduler;

	DataHubPageController(DataSourceManagement sources, ImportManagement imports, TaskScheduler scheduler) {
		this.sources = sources;
		this.imports = imports;
		this.scheduler = scheduler;
	}

	@GetMapping("/datahub/imports")
	String imports(Model model) {
		model.addAttribute("sources", this.sources.list());
		model.addAttribute("jobs", this.imports.recent(CurrentCaller.get(), new PageRequest(0, 50)).items());
		return "datahub/imports";
	}

	@PostMapping("/datahub/imports")
	String upload(@RequestParam(defaultValue = "") String source, @RequestParam(required = false) MultipartFile file,
			Model model) {
		try {
			if (file == null || file.isEmpty()) {
				throw FieldErrorsException.of("file", "choose a file to import");
			}
			ImportJob job = this.imports.submit(CurrentCaller.get(), source, file.getOriginalFilename(),
					file.getInputStream());
			return "redirect:/datahub/imports/" + job.id();
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", ex.errors());
		}
		catch (ConflictException ex) {
			model.addAttribute("errors", List.of(new FieldError(ex.field(), ex.getMessage())));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		model.addAttribute("selectedSource", source);
		return imports(model);
	}

	@GetMapping("/datahub/imports/{id}")
	String job(@PathVariable long id, Model model) {
		Caller caller = CurrentCaller.get();
		ImportJob job = this.imports.find(caller, id);
		model.addAttribute("job", job);
		if (job.finished()) {
			model.addAttribute("records", this.imports.records(caller, id, new PageRequest(0, 200)));
		}
		return "datahub/import";
	}

	/**
	 * Progress as server-sent events ({@code progress} with the job as JSON) until the
	 * job ends.
	 */
	@GetMapping(path = "/datahub/imports/{id}/progress", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter progress(@PathVariable long id) {
		Caller caller = CurrentCaller.get();
		this.imports.find(caller, id);
		SseEmitter emitter = new SseEmitter(Duration.ofMinutes(30).toMillis());
		AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
		AtomicBoolean done = new AtomicBoolean();
		// the first push may run before the task is stored: stop through the flag as well
		Runnable stop = () -> {
			done.set(true);
			ScheduledFuture<?> scheduled = task.get();
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		};
		Runnable push = () -> {
			if (done.get()) {
				stop.run();
				return;
			}
			try {
				ImportJob job = this.imports.find(caller, id);
				emitter.send(SseEmitter.event().name("progress").data(job, MediaType.APPLICATION_JSON));
				if (job.finished()) {
					stop.run();
					emitter.complete();
				}
			}
			catch (IOException | RuntimeException ex) {
				stop.run();
				emitter.completeWithError(ex);
			}
		};
		emitter.onCompletion(stop);
		emitter.onTimeout(stop);
		emitter.onError(ex -> stop.run());
		task.set(this.scheduler.scheduleAtFixedRate(push, Duration.ofMillis(500)));
		if (done.get()) {
			stop.run();
		}
		return emitter;
	}

	@GetMapping("/datahub/imports/{id}/rejected.xlsx")
	void rejected(@PathVariable long id, HttpServletResponse response) throws IOException {
		Caller caller = CurrentCaller.get();
		ImportJob job = this.imports.find(caller, id);
		response.setContentType(DataHubApiController.XLSX);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"import-" + job.id() + "-rejected.xlsx\"");
		this.imports.writeRejectedRows(caller, job.id(), response.getOutputStream());
	}

	@GetMapping("/datahub/sources")
	String sources(Model model) {
		model.addAttribute("sources", this.sources.list());
		return "datahub/sources";
	}

	@PostMapping("/datahub/sources/{code}/mapping")
	String mapping(@PathVariable String code, @RequestParam String field,
			@RequestParam(defaultValue = "") String headers, Model model) {
		try {
			this.sources.updateMapping(code, field, Arrays.asList(headers.split("[,，\\n]")));
			return "redirect:/datahub/sources#" + code;
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", ex.errors());
			return sources(model);
		}
	}

	/**
	 * The data officer says whether a source's phones are verified (a login phone when
	 * they fill a person's missing phone); audited.
	 */
	@PostMapping("/datahub/sources/{code}/phones-verified")
	String phonesVerified(@PathVariable String code, @RequestParam(defaultValue = "false") boolean verified,
			HttpServletRequest request) {
		this.sources.markPhones(CurrentCaller.get(), code, verified, request.getRemoteAddr());
		return "redirect:/datahub/sources#" + code;
	}

}
