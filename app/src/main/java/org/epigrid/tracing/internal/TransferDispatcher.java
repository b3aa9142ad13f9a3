package org.epigrid.tracing.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.epigrid.population.IdentityLookup;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.shared.PathPrefix;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.TransferRepository.Attempt;
import org.epigrid.tracing.internal.TransferRepository.Endpoint;
import org.epigrid.tracing.internal.TransferRepository.TransferRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends transfer requests to 120 dispatch: a JSON webhook signed with HMAC-SHA256
 * ({@code X-EpiGrid-Signature: sha256=<hex of HMAC(secret, timestamp + "." + body)>},
 * {@code X-EpiGrid-Timestamp}: seconds since the epoch, {@code X-EpiGrid-Delivery}:
 * transfer and attempt), retried with doubling waits until delivered or given up, every
 * attempt logged. Requests are claimed with a lease, so several instances never send one
 * twice at once and a crash mid-send retries after the lease.
 */
@Component
public class TransferDispatcher {

	private static final Logger log = LoggerFactory.getLogger(TransferDispatcher.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int BATCH = 50;

	private final TransferRepository transfers;

	private final CaseRepository cases;

	private final IdentityLookup identities;

	private final ResidentDirectory residents;

	private final TracingProperties settings;

	private final TransactionTemplate transactions;

	private final TaskScheduler scheduler;

	private final Clock clock;

	private final HttpClient http;

	private volatile ScheduledFuture<?> polling;

	TransferDispatcher(TransferRepository transfers, CaseRepository cases, IdentityLookup identities,
			ResidentDirectory residents, TracingProperties settings, TransactionTemplate transactions,
			TaskScheduler scheduler, Clock clock) {
		this.transfers = transfers;
		this.cases = cases;
		this.identities = identities;
		this.residents = residents;
		this.settings = settings;
		this.transactions = transactions;
		this.scheduler = scheduler;
		this.clock = clock;
		this.http = HttpClient.newBuilder()
			.connectTimeout(settings.dispatchTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	@EventListener(ApplicationReadyEvent.class)
	void start() {
		this.polling = this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				deliverDue();
			}
			catch (RuntimeException ex) {
				log.warn("Sending transfer requests to 120 dispatch failed: {}",
						NestedExceptionUtils.getMostSpecificCause(ex).toString());
			}
		}, this.settings.dispatchPoll());
	}

	@EventListener(ContextClosedEvent.class)
	void stop() {
		ScheduledFuture<?> running = this.polling;
		if (running != null) {
			running.cancel(false);
		}
	}

	/**
	 * Sends the requests due now, if an endpoint is configured.
	 * @return how many were attempted
	 */
	public int deliverDue() {
		Optional<Endpoint> endpoint = this.transfers.endpoint();
		if (endpoint.isEmpty()) {
			return 0;
		}
		Instant now = this.clock.instant();
		Instant lease = now.plus(this.settings.dispatchTimeout()).plus(Duration.ofSeconds(30));
		List<TransferRow> due = this.transactions.execute(status -> this.transfers.claimDue(now, lease, BATCH));
		if (due == null || due.isEmpty()) {
			return 0;
		}
		for (TransferRow transfer : due) {
			send(endpoint.get(), transfer);
		}
		return due.size();
	}

	private void send(Endpoint endpoint, TransferRow transfer) {
		int attempt = transfer.attempts() + 1;
		Instant at = this.clock.instant();
		long started = System.nanoTime();
		Integer status = null;
		String error = null;
		try {
			String body = JSON.writeValueAsString(payload(transfer));
			String timestamp = Long.toString(at.getEpochSecond());
			HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.url()))
				.timeout(this.settings.dispatchTimeout())
				.header("Content-Type", "application/json; charset=utf-8")
				.header("X-EpiGrid-Event", "TRANSFER_REQUESTED")
				.header("X-EpiGrid-Delivery", transfer.id() + "-" + attempt)
				.header("X-EpiGrid-Timestamp", timestamp)
				.header("X-EpiGrid-Signature", "sha256=" + sign(endpoint.secret(), timestamp + "." + body))
				.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
				.build();
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
			if (status / 100 != 2) {
				error = "answered " + status;
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			error = ex.getClass().getSimpleName() + ((ex.getMessage() == null) ? "" : ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		int took = (int) Math.min(Integer.MAX_VALUE, Duration.ofNanos(System.nanoTime() - started).toMillis());
		String delivery;
		Instant next = null;
		if (error == null) {
			delivery = "DELIVERED";
		}
		else if (attempt >= this.settings.dispatchMaxAttempts()) {
			delivery = "FAILED";
			log.warn("Transfer {} of case {}: 120 dispatch not reached after {} attempts ({}): given up", transfer.id(),
					transfer.caseId(), attempt, error);
		}
		else {
			delivery = "PENDING";
			next = this.clock.instant().plus(backoff(attempt));
		}
		Attempt logged = new Attempt(transfer.id(), attempt, at, endpoint.url(), status,
				(error == null) ? null : (error.length() > 500) ? error.substring(0, 500) : error, took);
		String outcome = delivery;
		Instant retry = next;
		this.transactions.executeWithoutResult(tx -> this.transfers.recordAttempt(logged, outcome, retry));
	}

	/** The wait after the n-th refused attempt: the base, doubled each time, capped. */
	Duration backoff(int attempt) {
		Duration wait = this.settings.dispatchRetryBase();
		for (int i = 1; i < attempt && wait.compareTo(this.settings.dispatchRetryMax()) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.settings.dispatchRetryMax()) > 0) ? this.settings.dispatchRetryMax() : wait;
	}

	private Map<String, Object> payload(TransferRow transfer) {
		CaseRow row = this.cases.byIds(List.of(transfer.caseId())).get(0);
		IdentityLookup.Place place = this.identities.places(List.of(row.personId()), PathPrefix.of("/"))
			.get(row.personId());
		ResidentDirectory.Resident resident = this.residents.byIds(List.of(row.personId())).get(row.personId());
		Map<String, Object> patient = new LinkedHashMap<>();
		patient.put("caseId", row.id());
		patient.put("name", (resident == null) ? null : resident.maskedName());
		patient.put("phone", (place == null) ? null : place.phone());
		patient.put("grid", (place == null) ? null : place.gridName());
		patient.put("classification", (row.classification() == null) ? null : row.classification().name());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("event", "TRANSFER_REQUESTED");
		body.put("transferId", transfer.id());
		body.put("requestedAt", transfer.requestedAt().toString());
		body.put("pickupDueAt", transfer.pickupDueAt().toString());
		body.put("pickupAddress", transfer.pickupAddress());
		body.put("destination", transfer.destination());
		body.put("note", transfer.note());
		body.put("patient", patient);
		body.put("statusCallback", "/api/v1/tracing/transfers/" + transfer.id() + "/status");
		return body;
	}

	/**
	 * The HMAC-SHA256 of a message, in lower-case hex.
	 * @param secret the secret
	 * @param message the message
	 * @return the signature
	 */
	public static String sign(String secret, String message) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
