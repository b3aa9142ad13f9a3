package org.epigrid.tracing.web;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.population.DivisionManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.tracing.TopicManagement;
import org.epigrid.tracing.TopicManagement.ListReceipt;
import org.epigrid.tracing.TopicManagement.ListRow;
import org.epigrid.tracing.TopicManagement.NewTopic;
import org.epigrid.tracing.TopicManagement.Outcome;
import org.epigrid.tracing.TopicManagement.Topic;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The screening topic pages: the list (and a new topic, for investigators), and a topic
 * with its progress per grid and its persons, where the grid worker records who was
 * reached.
 */
@Controller
class TopicPageController {

	private static final int PAGE = 50;

	private final TopicManagement topics;

	private final DivisionManagement divisions;

	private final Clock clock;

	TopicPageController(TopicManagement topics, DivisionManagement divisions, Clock clock) {
		this.topics = topics;
		this.divisions = divisions;
		this.clock = clock;
	}

	@GetMapping("/tracing/topics")
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	String list(Model model) {
		Caller caller = CurrentCaller.get();
		model.addAttribute("topics", this.topics.topics(caller));
		model.addAttribute("investigator", isInvestigator(caller));
		model.addAttribute("grids", this.divisions.grids(caller, null, new PageRequest(0, 200)).items());
		model.addAttribute("zone", this.clock.getZone());
		return "tracing/topics";
	}

	@PostMapping("/tracing/topics")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String create(@RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String venueIds,
			@RequestParam(required = false) Long areaDivisionId, @RequestParam(defaultValue = "") String from,
			@RequestParam(defaultValue = "") String to, @RequestParam(defaultValue = "") String note, Model model) {
		List<FieldError> errors = new ArrayList<>();
		List<Long> venues = new ArrayList<>();
		for (String part : venueIds.split("[,，\\s]+")) {
			if (!part.isBlank()) {
				try {
					venues.add(Long.valueOf(part.strip()));
				}
				catch (NumberFormatException ex) {
					errors.add(new FieldError("venueIds", "\"" + part + "\" is not a venue number"));
				}
			}
		}
		Instant start = time("from", from, errors);
		Instant end = time("to", to, errors);
		if (errors.isEmpty()) {
			try {
				Topic topic = this.topics.create(CurrentCaller.get(),
						new NewTopic(name, venues, areaDivisionId, start, end, note));
				return "redirect:/tracing/topics/" + topic.id();
			}
			catch (FieldErrorsException ex) {
				errors.addAll(ex.errors());
			}
			catch (NotFoundException ex) {
				errors.add(new FieldError("areaDivisionId", "not in your jurisdiction"));
			}
		}
		model.addAttribute("errors", errors);
		return list(model);
	}

	@GetMapping("/tracing/topics/{id}")
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	String topic(@PathVariable long id, @RequestParam(required = false) String status,
			@RequestParam(defaultValue = "0") int page, HttpServletRequest request, Model model) {
		Caller caller = CurrentCaller.get();
		model.addAttribute("topic", this.topics.topic(caller, id));
		model.addAttribute("items", this.topics.items(caller, id, (status == null || status.isBlank()) ? null : status,
				new PageRequest(page, PAGE), "WEB", request.getRemoteAddr()));
		model.addAttribute("status", status);
		model.addAttribute("investigator", isInvestigator(caller));
		model.addAttribute("zone", this.clock.getZone());
		return "tracing/topic";
	}

	@PostMapping("/tracing/topics/{id}/items/{personId}/outcome")
	@PreAuthorize(TracingAuthorities.VERIFIERS)
	String outcome(@PathVariable long id, @PathVariable long personId, @RequestParam(defaultValue = "") String outcome,
			@RequestParam(defaultValue = "") String note, @RequestParam(defaultValue = "") String status,
			RedirectAttributes redirect) {
		try {
			this.topics.outcome(CurrentCaller.get(), id, personId, new Outcome(outcome, note));
			redirect.addFlashAttribute("recorded", personId);
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("errors", ex.errors());
		}
		return "redirect:/tracing/topics/" + id + (status.isBlank() ? "" : "?status=" + status);
	}

	@PostMapping("/tracing/topics/{id}/lists")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	String addList(@PathVariable long id, @RequestParam(defaultValue = "") String rows, RedirectAttributes redirect) {
		List<ListRow> parsed = new ArrayList<>();
		for (String line : rows.split("\\R")) {
			if (line.isBlank()) {
				continue;
			}
			List<String> cells = new ArrayList<>(Arrays.asList(line.split("[,，\\t]", -1)));
			while (cells.size() < 3) {
				cells.add("");
			}
			parsed.add(new ListRow(cells.get(0).strip(), cells.get(1).strip(), cells.get(2).strip()));
		}
		try {
			ListReceipt receipt = this.topics.addList(CurrentCaller.get(), id, parsed);
			redirect.addFlashAttribute("receipt", receipt);
		}
		catch (FieldErrorsException ex) {
			redirect.addFlashAttribute("errors", ex.errors());
		}
		return "redirect:/tracing/topics/" + id;
	}

	@GetMapping("/tracing/topics/{id}/assistance.csv")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<byte[]> assistance(@PathVariable long id) {
		return ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"assistance-topic-" + id + ".csv\"")
			.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
			.body(this.topics.assistanceLetter(CurrentCaller.get(), id)
				.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	private Instant time(String field, String text, List<FieldError> errors) {
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

	private static boolean isInvestigator(Caller caller) {
		return caller.has(org.epigrid.security.Role.ADMIN) || caller.has(org.epigrid.security.Role.COMMANDER)
				|| caller.has(org.epigrid.security.Role.EPIDEMIOLOGIST);
	}

}
