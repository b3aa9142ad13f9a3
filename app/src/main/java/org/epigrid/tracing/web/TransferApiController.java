package org.epigrid.tracing.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.web.ApiController;
import org.epigrid.tracing.CaseChange;
import org.epigrid.tracing.CaseManagement;
import org.epigrid.tracing.TracingCase;
import org.epigrid.tracing.TransferManagement;
import org.epigrid.tracing.TransferManagement.EndpointSecret;
import org.epigrid.tracing.TransferManagement.EndpointView;
import org.epigrid.tracing.TransferManagement.NewTransfer;
import org.epigrid.tracing.TransferManagement.StatusReport;
import org.epigrid.tracing.TransferManagement.Transfer;
import org.epigrid.tracing.TransferManagement.TransferDetail;
import org.epigrid.tracing.TransferManagement.TransferReceipt;

import org.springframework.http.HttpStatus;
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
 * A case's state and its hand-off to 120 ambulance dispatch: transfer requests, the
 * dispatch system's status reports (its own device token), and where requests go.
 */
@ApiController
@RequestMapping("/api/v1/tracing")
class TransferApiController {

	private final CaseManagement cases;

	private final TransferManagement transfers;

	TransferApiController(CaseManagement cases, TransferManagement transfers) {
		this.cases = cases;
		this.transfers = transfers;
	}

	@PostMapping("/cases/{id}/changes")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	TracingCase change(@PathVariable long id, @RequestBody CaseChange body, HttpServletRequest request) {
		return this.cases.change(CurrentCaller.get(), id, body, "API", request.getRemoteAddr());
	}

	@PostMapping("/cases/{id}/transfers")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	ResponseEntity<Transfer> request(@PathVariable long id, @RequestBody(required = false) NewTransfer body,
			HttpServletRequest request) {
		return ResponseEntity.status(HttpStatus.CREATED)
			.body(this.transfers.request(CurrentCaller.get(), id, body, "API", request.getRemoteAddr()));
	}

	@GetMapping("/cases/{id}/transfers")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	List<TransferDetail> ofCase(@PathVariable long id) {
		return this.transfers.ofCase(CurrentCaller.get(), id);
	}

	@GetMapping("/transfers")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Slice<Transfer> list(@RequestParam(defaultValue = "false") boolean late, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return this.transfers.list(CurrentCaller.get(), late, new PageRequest(page, size));
	}

	@GetMapping("/transfers/{id}")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	TransferDetail get(@PathVariable long id) {
		return this.transfers.get(CurrentCaller.get(), id);
	}

	/**
	 * The 120 dispatch system's callback (its device token), or an investigator's entry.
	 */
	@PostMapping("/transfers/{id}/status")
	@PreAuthorize("hasAuthority('DEVICE') or " + TracingAuthorities.INVESTIGATORS)
	TransferReceipt status(@PathVariable long id, @RequestBody StatusReport body) {
		return this.transfers.report(CurrentCaller.get(), CurrentCaller.device().orElse(null), id, body);
	}

	@PostMapping("/transfers/{id}/cancel")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	Transfer cancel(@PathVariable long id, @RequestBody(required = false) CancelRequest body,
			HttpServletRequest request) {
		return this.transfers.cancel(CurrentCaller.get(), id, (body == null) ? null : body.reason(), "API",
				request.getRemoteAddr());
	}

	@GetMapping("/dispatch-endpoint")
	@PreAuthorize(TracingAuthorities.INVESTIGATORS)
	EndpointView endpoint() {
		return this.transfers.endpoint(CurrentCaller.get());
	}

	@PutMapping("/dispatch-endpoint")
	@PreAuthorize("hasRole('ADMIN')")
	EndpointSecret configure(@RequestBody EndpointRequest body) {
		return this.transfers.configure(CurrentCaller.get(), (body == null) ? null : body.url());
	}

	/**
	 * Why a transfer is cancelled.
	 *
	 * @param reason at most 500 characters
	 */
	record CancelRequest(String reason) {
	}

	/**
	 * Where transfer requests go.
	 *
	 * @param url the dispatch system's webhook
	 */
	record EndpointRequest(String url) {
	}

}
