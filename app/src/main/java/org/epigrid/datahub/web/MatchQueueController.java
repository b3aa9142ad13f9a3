package org.epigrid.datahub.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.datahub.MatchQueue;
import org.epigrid.datahub.MatchQueue.Unmatched;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The manual match queue as a page.
 */
@Controller
@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'EPIDEMIOLOGIST')")
class MatchQueueController {

	private final MatchQueue queue;

	MatchQueueController(MatchQueue queue) {
		this.queue = queue;
	}

	@GetMapping("/datahub/matches")
	String page(@RequestParam(required = false) Long importId, @RequestParam(defaultValue = "0") int page,
			Model model) {
		model.addAttribute("result", this.queue.unmatched(CurrentCaller.get(), importId, new PageRequest(page, 20)));
		return "datahub/matches";
	}

	@PostMapping("/datahub/matches/{recordId}")
	String link(@PathVariable long recordId, @RequestParam long personId, HttpServletRequest request,
			RedirectAttributes redirect) {
		try {
			this.queue.link(CurrentCaller.get(), recordId, personId, request.getRemoteAddr());
			redirect.addFlashAttribute("linked", recordId);
		}
		catch (ConflictException | NotFoundException ex) {
			redirect.addFlashAttribute("problem", ex.getMessage());
		}
		return "redirect:/datahub/matches";
	}

	/**
	 * The queue in the API: {@code GET /api/v1/matches}, {@code POST
	 * /api/v1/matches/{recordId}} with {@code {"personId": …}}.
	 */
	@ApiController
	@PreAuthorize("hasAnyRole('ADMIN', 'DATA_OFFICER', 'EPIDEMIOLOGIST')")
	static class Api {

		private final MatchQueue queue;

		Api(MatchQueue queue) {
			this.queue = queue;
		}

		@GetMapping("/api/v1/matches")
		Slice<Unmatched> unmatched(@RequestParam(required = false) Long importId,
				@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
			return this.queue.unmatched(CurrentCaller.get(), importId, new PageRequest(page, size));
		}

		@PostMapping("/api/v1/matches/{recordId}")
		ResponseEntity<Void> link(@PathVariable long recordId, @RequestBody LinkRequest body,
				HttpServletRequest request) {
			if (body.personId() == null) {
				throw org.epigrid.shared.FieldErrorsException.of("personId", "is required");
			}
			this.queue.link(CurrentCaller.get(), recordId, body.personId(), request.getRemoteAddr());
			return ResponseEntity.noContent().build();
		}

		record LinkRequest(Long personId) {
		}

	}

}
