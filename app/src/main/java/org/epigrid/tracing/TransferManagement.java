package org.epigrid.tracing;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.epigrid.population.IdentityLookup;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.TextLimit;
import org.epigrid.tracing.internal.CaseRepository;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.TracingProtocolRepository;
import org.epigrid.tracing.internal.TransferRepository;
import org.epigrid.tracing.internal.TransferRepository.Attempt;
import org.epigrid.tracing.internal.TransferRepository.TransferRow;
import org.epigrid.tracing.internal.TransferRepository.Update;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Hand-off of cases to 120 ambulance dispatch (E6): an investigator requests a transfer;
 * the request goes out as a signed webhook (HMAC-SHA256, retried with back-off, every
 * attempt logged: {@code TransferDispatcher}); the dispatch system reports dispatched,
 * picked up and arrived back with its own device token, each timestamped, and the case
 * moves to transferred and in hospital. A transfer not picked up within the protocol's
 * limit is flagged late.
 */
@Service
public class TransferManagement {

	/** How far ahead of now a reported time may lie (clocks differ). */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private static final List<String> STEPS = List.of("REQUESTED", "DISPATCHED", "PICKED_UP", "ARRIVED");

	private static final SecureRandom RANDOM = new SecureRandom();

	private final TransferRepository transfers;

	private final CaseRepository cases;

	private final CaseManagement caseManagement;

	private final TracingProtocolRepository protocols;

	private final IdentityLookup identities;

	private final AuditManagement audit;

	private final Clock clock;

	TransferManagement(TransferRepository transfers, CaseRepository cases, CaseManagement caseManagement,
			TracingProtocolRepository protocols, IdentityLookup identities, AuditManagement audit, Clock clock) {
		this.transfers = transfers;
		this.cases = cases;
		this.caseManagement = caseManagement;
		this.protocols = protocols;
		this.identities = identities;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Sets where transfer requests go, with a new HMAC secret shown this once, audited.
	 * @param caller an administrator
	 * @param url the dispatch system's webhook ({@code http} or {@code https}, at most
	 * 500 characters)
	 * @return the endpoint and its secret
	 * @throws ForbiddenException for other roles
	 * @throws FieldErrorsException naming {@code url}
	 */
	@Transactional
	public EndpointSecret configure(Caller caller, String url) {
		if (!caller.has(Role.ADMIN)) {
			throw new ForbiddenException("role", "only an administrator sets where transfer requests go");
		}
		String given = (url == null) ? "" : url.strip();
		if (given.isEmpty() || given.length() > 500) {
			throw FieldErrorsException.of("url", "is required, at most 500 characters");
		}
		try {
			URI uri = new URI(given);
			if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
				throw FieldErrorsException.of("url", "must be an absolute http or https address");
			}
		}
		catch (URISyntaxException ex) {
			throw FieldErrorsException.of("url", "is not an address: " + ex.getReason());
		}
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		Instant now = this.clock.instant();
		this.transfers.setEndpoint(given, secret, caller.username(), now);
		this.audit.record(caller, new AuditManagement.View("SET_DISPATCH_ENDPOINT", "DISPATCH_ENDPOINT", "1", given,
				"120 dispatch", "API", null));
		return new EndpointSecret(given, secret, now);
	}

	/**
	 * Where transfer requests go (without the secret).
	 * @param caller an investigator
	 * @return the endpoint, {@code null} fields if none is configured
	 */
	@Transactional(readOnly = true)
	public EndpointView endpoint(Caller caller) {
		CaseManagement.requireInvestigator(caller);
		return this.transfers.endpoint()
			.map(e -> new EndpointView(true, e.url(), e.changedAt(), e.changedBy()))
			.orElse(new EndpointView(false, null, null, null));
	}

	/**
	 * Requests a transfer of a case to hospital, audited; the request goes to 120
	 * dispatch within seconds.
	 * @param caller an investigator
	 * @param caseId the case, in the caller's jurisdiction
	 * @param request where from and to; the pick-up address defaults to the case's home
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the transfer
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 * @throws FieldErrorsException naming each field too long, or the address if none is
	 * known
	 * @throws ConflictException if the case has a transfer under way or is in hospital or
	 * closed
	 */
	@Transactional
	public Transfer request(Caller caller, long caseId, NewTransfer request, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		CaseRow row = this.cases.lock(caseId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("case " + caseId));
		List<FieldError> errors = new ArrayList<>();
		NewTransfer given = (request == null) ? new NewTransfer(null, null, null) : request;
		TextLimit.check(errors, "pickupAddress", given.pickupAddress(), TextLimit.ADDRESS);
		TextLimit.check(errors, "destination", given.destination(), TextLimit.LABEL);
		TextLimit.check(errors, "note", given.note(), 500);
		String address = blankToNull(given.pickupAddress());
		if (address == null && errors.isEmpty()) {
			IdentityLookup.Place home = this.identities.places(List.of(row.personId()), PathPrefix.of("/"))
				.get(row.personId());
			address = (home == null) ? null : home.address();
			if (address == null) {
				errors.add(new FieldError("pickupAddress", "is required: the case has no home address on record"));
			}
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (row.state().ordinal() >= CaseState.IN_HOSPITAL.ordinal()) {
			throw new ConflictException("caseId", "the case is " + row.state() + ": nothing to transfer");
		}
		Instant now = this.clock.instant();
		int limit = this.protocols.current().definitions().pickupMinutes();
		String destination = blankToNull(given.destination());
		if (destination == null) {
			destination = row.hospital();
		}
		long id = this.transfers
			.insert(new TransferRow(0, caseId, row.path(), "REQUESTED", address, destination, blankToNull(given.note()),
					now, caller.username(), now.plus(Duration.ofMinutes(limit)), null, null, null, null, null,
					"PENDING", 0, now, null))
			.orElseThrow(() -> new ConflictException("caseId", "the case has a transfer under way"));
		this.audit.record(caller, new AuditManagement.View("REQUEST_TRANSFER", "CASE", String.valueOf(caseId), null,
				"transfer " + id + " to " + destination, channel, clientIp));
		return view(this.transfers.find(id, caller.jurisdiction()).orElseThrow(), now);
	}

	/**
	 * Cancels a transfer whose request has not reached 120 dispatch yet (once it has, the
	 * dispatcher is called), audited.
	 * @param caller an investigator
	 * @param id the transfer
	 * @param reason why, at most 500 characters
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the transfer
	 * @throws NotFoundException if not in the caller's jurisdiction
	 * @throws ConflictException if delivered already or finished
	 */
	@Transactional
	public Transfer cancel(Caller caller, long id, String reason, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		TransferRow row = this.transfers.lock(id, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("transfer " + id));
		List<FieldError> errors = new ArrayList<>();
		TextLimit.check(errors, "reason", reason, 500);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (!"REQUESTED".equals(row.status()) && !"DISPATCHED".equals(row.status())) {
			throw new ConflictException("status", "the transfer is " + row.status());
		}
		if ("DELIVERED".equals(row.delivery())) {
			throw new ConflictException("status",
					"the request has reached 120 dispatch: cancel it with the dispatcher by phone");
		}
		Instant now = this.clock.instant();
		this.transfers.applyStatus(id, new Update("CANCELLED", now, now, caller.username(), null, blankToNull(reason)));
		this.audit.record(caller, new AuditManagement.View("CANCEL_TRANSFER", "CASE", String.valueOf(row.caseId()),
				null, "transfer " + id, channel, clientIp));
		return view(this.transfers.find(id, caller.jurisdiction()).orElseThrow(), now);
	}

	/**
	 * A status report from 120 dispatch (its device token) or typed in by an investigator
	 * who took it by phone. Steps only move forward (requested, dispatched, picked up,
	 * arrived); a report of the step the transfer is at already changes nothing, so the
	 * dispatcher may repeat one. Picked up moves the case to transferred, arrived to in
	 * hospital.
	 * @param caller the dispatch system's device or an investigator
	 * @param id the transfer
	 * @param report the step, when it happened, the ambulance and a note
	 * @return what the transfer now is (nothing personal)
	 * @throws ForbiddenException for another device or role
	 * @throws NotFoundException if there is no such transfer (or not in the
	 * investigator's jurisdiction)
	 * @throws FieldErrorsException naming each field missing or wrong
	 * @throws ConflictException if the step would move back or the transfer is cancelled
	 */
	@Transactional
	public TransferReceipt report(Caller caller, Device device, long id, StatusReport report) {
		String by;
		PathPrefix range;
		if (device != null) {
			if (device.kind() != Device.Kind.DISPATCH) {
				throw new ForbiddenException("device", "only the 120 dispatch system reports transfers");
			}
			by = "device:" + device.tokenId() + " " + device.label();
			range = PathPrefix.of("/");
		}
		else {
			CaseManagement.requireInvestigator(caller);
			by = caller.username();
			range = caller.jurisdiction();
		}
		TransferRow row = this.transfers.lock(id, range).orElseThrow(() -> new NotFoundException("transfer " + id));
		Instant now = this.clock.instant();
		List<FieldError> errors = new ArrayList<>();
		String status = (report == null || report.status() == null) ? null : report.status().strip();
		if (status == null || !STEPS.subList(1, STEPS.size()).contains(status)) {
			errors.add(new FieldError("status", "is required: DISPATCHED, PICKED_UP or ARRIVED"));
		}
		Instant at = (report == null || report.at() == null) ? now : report.at();
		if (at.isAfter(now.plus(CLOCK_SKEW))) {
			errors.add(new FieldError("at", "lies in the future"));
		}
		else if (at.isBefore(row.requestedAt().minus(CLOCK_SKEW))) {
			errors.add(new FieldError("at", "lies before the transfer was requested"));
		}
		if (report != null) {
			TextLimit.check(errors, "vehicle", report.vehicle(), 64);
			TextLimit.check(errors, "note", report.note(), 500);
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if ("CANCELLED".equals(row.status())) {
			throw new ConflictException("status", "the transfer was cancelled");
		}
		int current = STEPS.indexOf(row.status());
		int next = STEPS.indexOf(status);
		if (next < current) {
			throw new ConflictException("status",
					"the transfer is " + row.status() + " already: not back to " + status);
		}
		if (next > current) {
			this.transfers.applyStatus(id,
					new Update(status, at, now, by, blankToNull(report.vehicle()), blankToNull(report.note())));
			if ("PICKED_UP".equals(status)) {
				this.caseManagement.advance(row.caseId(), CaseState.TRANSFERRED, null, now);
			}
			else if ("ARRIVED".equals(status)) {
				this.caseManagement.advance(row.caseId(), CaseState.IN_HOSPITAL, row.destination(), now);
			}
		}
		TransferRow after = this.transfers.find(id, PathPrefix.of("/")).orElseThrow();
		return new TransferReceipt(id, after.status(), at, late(after, now));
	}

	/**
	 * Transfers in the caller's jurisdiction, newest first, audited.
	 * @param caller an investigator
	 * @param lateOnly only those not picked up in time
	 * @param page the page
	 * @return the page
	 */
	@Transactional(readOnly = true)
	public Slice<Transfer> list(Caller caller, boolean lateOnly, PageRequest page) {
		CaseManagement.requireInvestigator(caller);
		Instant now = this.clock.instant();
		return Slice.of(this.transfers.list(caller.jurisdiction(), lateOnly, now, page), page)
			.map(row -> view(row, now));
	}

	/**
	 * A case's transfers, newest first, with their attempts and reports.
	 * @param caller an investigator
	 * @param caseId the case
	 * @return the transfers
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 */
	@Transactional(readOnly = true)
	public List<TransferDetail> ofCase(Caller caller, long caseId) {
		CaseManagement.requireInvestigator(caller);
		this.cases.find(caseId, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + caseId));
		Instant now = this.clock.instant();
		return this.transfers.ofCase(caseId).stream().map(row -> detail(row, now)).toList();
	}

	/**
	 * A transfer with its delivery attempts and status reports.
	 * @param caller an investigator
	 * @param id the transfer
	 * @return the transfer
	 * @throws NotFoundException if not in the caller's jurisdiction
	 */
	@Transactional(readOnly = true)
	public TransferDetail get(Caller caller, long id) {
		CaseManagement.requireInvestigator(caller);
		TransferRow row = this.transfers.find(id, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("transfer " + id));
		return detail(row, this.clock.instant());
	}

	private TransferDetail detail(TransferRow row, Instant now) {
		return new TransferDetail(view(row, now), this.transfers.attempts(row.id())
			.stream()
			.map((Attempt a) -> new DeliveryAttempt(a.attempt(), a.at(), a.httpStatus(), a.error(), a.tookMillis()))
			.toList(),
				this.transfers.updates(row.id())
					.stream()
					.map(u -> new StatusUpdate(u.status(), u.at(), u.receivedAt(), u.reportedBy(), u.vehicle(),
							u.note()))
					.toList());
	}

	/**
	 * Whether a transfer was not picked up in time: still waiting past its limit, or
	 * picked up after it.
	 */
	static boolean late(TransferRow row, Instant now) {
		if (row.pickedUpAt() != null) {
			return row.pickedUpAt().isAfter(row.pickupDueAt());
		}
		return (("REQUESTED".equals(row.status()) || "DISPATCHED".equals(row.status()))
				&& now.isAfter(row.pickupDueAt()));
	}

	private static Transfer view(TransferRow row, Instant now) {
		return new Transfer(row.id(), row.caseId(), row.status(), row.pickupAddress(), row.destination(), row.note(),
				row.requestedAt(), row.requestedBy(), row.pickupDueAt(), row.dispatchedAt(), row.pickedUpAt(),
				row.arrivedAt(), row.cancelledAt(), row.vehicle(), row.delivery(), row.attempts(), row.nextAttemptAt(),
				row.deliveredAt(), late(row, now));
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * A transfer request.
	 *
	 * @param pickupAddress where to pick the case up (at most 300 characters); its home
	 * if left out
	 * @param destination the hospital or isolation point (at most 200); the case's
	 * hospital if left out
	 * @param note for the crew (at most 500), e.g. "wheelchair, 6th floor, no lift"
	 */
	public record NewTransfer(String pickupAddress, String destination, String note) {
	}

	/**
	 * A transfer of a case to hospital.
	 *
	 * @param id the transfer
	 * @param caseId the case
	 * @param status {@code REQUESTED}, {@code DISPATCHED}, {@code PICKED_UP},
	 * {@code ARRIVED} or {@code CANCELLED}
	 * @param pickupAddress where from
	 * @param destination where to
	 * @param note for the crew
	 * @param requestedAt when requested
	 * @param requestedBy by whom
	 * @param pickupDueAt the protocol's pick-up limit
	 * @param dispatchedAt when an ambulance was dispatched
	 * @param pickedUpAt when the case was picked up
	 * @param arrivedAt when it arrived
	 * @param cancelledAt when cancelled
	 * @param vehicle the ambulance
	 * @param delivery whether the request reached 120 dispatch: {@code PENDING},
	 * {@code DELIVERED} or {@code FAILED} (given up: call 120)
	 * @param attempts delivery attempts so far
	 * @param nextAttemptAt the next attempt while pending
	 * @param deliveredAt when delivered
	 * @param late not picked up within the limit
	 */
	public record Transfer(long id, long caseId, String status, String pickupAddress, String destination, String note,
			Instant requestedAt, String requestedBy, Instant pickupDueAt, Instant dispatchedAt, Instant pickedUpAt,
			Instant arrivedAt, Instant cancelledAt, String vehicle, String delivery, int attempts,
			Instant nextAttemptAt, Instant deliveredAt, boolean late) {
	}

	/**
	 * A transfer with its history.
	 *
	 * @param transfer the transfer
	 * @param attempts every delivery attempt of its request
	 * @param updates every status report
	 */
	public record TransferDetail(Transfer transfer, List<DeliveryAttempt> attempts, List<StatusUpdate> updates) {
	}

	/**
	 * A delivery attempt.
	 *
	 * @param attempt 1, 2, ...
	 * @param at when
	 * @param httpStatus the dispatch system's answer, {@code null} if none came
	 * @param error what went wrong, {@code null} if delivered
	 * @param tookMillis how long
	 */
	public record DeliveryAttempt(int attempt, Instant at, Integer httpStatus, String error, int tookMillis) {
	}

	/**
	 * A status report.
	 *
	 * @param status the step
	 * @param at when it happened
	 * @param receivedAt when it came in
	 * @param reportedBy the dispatch system's device or the investigator
	 * @param vehicle the ambulance
	 * @param note a note
	 */
	public record StatusUpdate(String status, Instant at, Instant receivedAt, String reportedBy, String vehicle,
			String note) {
	}

	/**
	 * A status report as sent.
	 *
	 * @param status {@code DISPATCHED}, {@code PICKED_UP} or {@code ARRIVED}
	 * @param at when it happened, now if left out
	 * @param vehicle the ambulance (at most 64 characters)
	 * @param note a note (at most 500)
	 */
	public record StatusReport(String status, Instant at, String vehicle, String note) {
	}

	/**
	 * What a transfer now is, for the dispatch system: nothing personal.
	 *
	 * @param id the transfer
	 * @param status its step
	 * @param at when the reported step happened
	 * @param late not picked up within the limit
	 */
	public record TransferReceipt(long id, String status, Instant at, boolean late) {
	}

	/**
	 * Where transfer requests go.
	 *
	 * @param configured whether one is set
	 * @param url the webhook
	 * @param changedAt when set
	 * @param changedBy by whom
	 */
	public record EndpointView(boolean configured, String url, Instant changedAt, String changedBy) {
	}

	/**
	 * A new endpoint with its secret, shown once: the dispatch system verifies each
	 * request's {@code X-EpiGrid-Signature} with it.
	 *
	 * @param url the webhook
	 * @param secret the HMAC-SHA256 secret
	 * @param changedAt when set
	 */
	public record EndpointSecret(String url, String secret, Instant changedAt) {
	}

}
