package org.epigrid.codes.web;

import java.net.URI;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.codes.CodeCardManagement;
import org.epigrid.codes.CodeCardManagement.Card;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.pdf.PdfResponses;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Printed code cards for people without a phone (C4): issue by ID number, print, revoke.
 */
@ApiController
@RequestMapping("/api/v1/codes/cards")
class CardApiController {

	private final CodeCardManagement cards;

	CardApiController(CodeCardManagement cards) {
		this.cards = cards;
	}

	@PostMapping
	@PreAuthorize(CodesApiController.STAFF)
	ResponseEntity<Card> issue(@RequestBody IssueRequest body, HttpServletRequest request) {
		Card card = this.cards.issue(CurrentCaller.get(), body.idNumber(), "API", request.getRemoteAddr());
		return ResponseEntity.created(URI.create("/api/v1/codes/cards/" + card.id())).body(card);
	}

	@GetMapping
	@PreAuthorize(CodesApiController.STAFF)
	List<Card> ofHolder(@RequestParam String idNumber) {
		return this.cards.ofHolder(CurrentCaller.get(), idNumber);
	}

	@GetMapping("/{id}")
	@PreAuthorize(CodesApiController.STAFF)
	Card get(@PathVariable long id) {
		return this.cards.get(CurrentCaller.get(), id);
	}

	@GetMapping("/{id}/card.pdf")
	@PreAuthorize(CodesApiController.STAFF)
	ResponseEntity<byte[]> pdf(@PathVariable long id, HttpServletRequest request) {
		return PdfResponses.pdf("code-card-" + id + ".pdf",
				this.cards.pdf(CurrentCaller.get(), id, "API", request.getRemoteAddr()));
	}

	@PostMapping("/{id}/revocation")
	@PreAuthorize(CodesApiController.STAFF)
	Card revoke(@PathVariable long id, HttpServletRequest request) {
		return this.cards.revoke(CurrentCaller.get(), id, "API", request.getRemoteAddr());
	}

	record IssueRequest(String idNumber) {
	}

}
