package org.epigrid.tracing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Transfers of cases to hospital by 120 dispatch ({@code tracing_transfer}), the delivery
 * attempts of their requests and the status reports that came back, and where requests go
 * ({@code tracing_dispatch_endpoint}).
 */
@Repository
public class TransferRepository {

	private static final String COLUMNS = """
			t.id, t.case_id, t.path, t.status, t.pickup_address, t.destination, t.note, t.requested_at, t.requested_by,
			t.pickup_due_at, t.dispatched_at, t.picked_up_at, t.arrived_at, t.cancelled_at, t.vehicle, t.delivery,
			t.attempts, t.next_attempt_at, t.delivered_at""";

	private final JdbcClient jdbc;

	TransferRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Where transfer requests go.
	 * @return the endpoint, empty if none is configured
	 */
	public Optional<Endpoint> endpoint() {
		return this.jdbc.sql("SELECT url, secret, changed_at, changed_by FROM tracing_dispatch_endpoint WHERE id = 1")
			.query((rs, i) -> new Endpoint(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getString(4)))
			.optional();
	}

	/**
	 * Sets where transfer requests go, with a new secret.
	 * @param url the dispatch system's webhook
	 * @param secret the HMAC secret
	 * @param by who
	 * @param now when
	 */
	public void setEndpoint(String url, String secret, String by, Instant now) {
		this.jdbc
			.sql("""
					INSERT INTO tracing_dispatch_endpoint (id, url, secret, changed_at, changed_by) VALUES (1, :url, :secret, :now, :by)
					ON CONFLICT (id) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, changed_at = EXCLUDED.changed_at,
					                               changed_by = EXCLUDED.changed_by""")
			.param("url", url)
			.param("secret", secret)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.update();
	}

	/**
	 * Requests a transfer, unless the case has one under way.
	 * @param row the transfer (id and delivery fields ignored)
	 * @return its id, empty if one is under way
	 */
	public Optional<Long> insert(TransferRow row) {
		return this.jdbc.sql("""
				INSERT INTO tracing_transfer (case_id, path, status, pickup_address, destination, note, requested_at,
				                              requested_by, pickup_due_at, delivery, attempts, next_attempt_at)
				VALUES (:case, :path, 'REQUESTED', :address, :destination, :note, :now, :by, :due, 'PENDING', 0, :now)
				ON CONFLICT (case_id) WHERE status NOT IN ('ARRIVED', 'CANCELLED') DO NOTHING
				RETURNING id""")
			.param("case", row.caseId())
			.param("path", row.path())
			.param("address", row.pickupAddress())
			.param("destination", row.destination())
			.param("note", row.note())
			.param("now", Timestamp.from(row.requestedAt()))
			.param("by", row.requestedBy())
			.param("due", Timestamp.from(row.pickupDueAt()))
			.query(Long.class)
			.optional();
	}

	/**
	 * A transfer in a jurisdiction.
	 * @param id the transfer
	 * @param range the jurisdiction
	 * @return the transfer, empty if not there or not in the range
	 */
	public Optional<TransferRow> find(long id, PathPrefix range) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM tracing_transfer t WHERE id = :id AND path >= :lo AND path < :hi")
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, i) -> row(rs))
			.optional();
	}

	/**
	 * A transfer, locked for a status change.
	 * @param id the transfer
	 * @param range the jurisdiction
	 * @return the transfer, empty if not there or not in the range
	 */
	public Optional<TransferRow> lock(long id, PathPrefix range) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM tracing_transfer t WHERE id = :id AND path >= :lo AND path < :hi FOR UPDATE")
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, i) -> row(rs))
			.optional();
	}

	/**
	 * A case's transfers, newest first.
	 * @param caseId the case
	 * @return the transfers
	 */
	public List<TransferRow> ofCase(long caseId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tracing_transfer t WHERE case_id = :case ORDER BY id DESC")
			.param("case", caseId)
			.query((rs, i) -> row(rs))
			.list();
	}

	/**
	 * Transfers in a jurisdiction, newest first.
	 * @param range the jurisdiction
	 * @param lateOnly only those not picked up in time (still waiting past the limit, or
	 * picked up after it)
	 * @param now now
	 * @param page the page (one more row read)
	 * @return the rows
	 */
	public List<TransferRow> list(PathPrefix range, boolean lateOnly, Instant now, PageRequest page) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ """
							 FROM tracing_transfer t
							WHERE path >= :lo AND path < :hi
							  AND (NOT :late OR (picked_up_at IS NULL AND status IN ('REQUESTED', 'DISPATCHED') AND pickup_due_at < :now)
							                 OR picked_up_at > pickup_due_at)
							ORDER BY id DESC
							LIMIT :limit OFFSET :offset""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("late", lateOnly)
			.param("now", Timestamp.from(now))
			.param("limit", page.size() + 1)
			.param("offset", page.offset())
			.query((rs, i) -> row(rs))
			.list();
	}

	/**
	 * Claims the requests due for delivery: they are not due again until the lease ends
	 * (a crash while sending retries after it). A case picked up already (told by phone)
	 * needs no request.
	 * @param now now
	 * @param leaseUntil when they are due again if nothing is recorded
	 * @param limit how many
	 * @return the claimed transfers
	 */
	public List<TransferRow> claimDue(Instant now, Instant leaseUntil, int limit) {
		return this.jdbc.sql("""
				UPDATE tracing_transfer t SET next_attempt_at = :lease
				 WHERE id IN (SELECT id FROM tracing_transfer WHERE delivery = 'PENDING' AND next_attempt_at <= :now
				                AND status IN ('REQUESTED', 'DISPATCHED')
				              ORDER BY next_attempt_at, id LIMIT :limit FOR UPDATE SKIP LOCKED)
				RETURNING""" + " " + COLUMNS)
			.param("now", Timestamp.from(now))
			.param("lease", Timestamp.from(leaseUntil))
			.param("limit", limit)
			.query((rs, i) -> row(rs))
			.list();
	}

	/**
	 * Records a delivery attempt and what follows from it.
	 * @param attempt the attempt
	 * @param delivery {@code DELIVERED}, {@code PENDING} (retried at
	 * {@code nextAttemptAt}) or {@code FAILED}
	 * @param nextAttemptAt when to try again, {@code null} unless pending
	 */
	public void recordAttempt(Attempt attempt, String delivery, Instant nextAttemptAt) {
		this.jdbc.sql("""
				INSERT INTO tracing_transfer_attempt (transfer_id, attempt, at, url, http_status, error, took_ms)
				VALUES (:id, :attempt, :at, :url, :status, :error, :took)""")
			.param("id", attempt.transferId())
			.param("attempt", attempt.attempt())
			.param("at", Timestamp.from(attempt.at()))
			.param("url", attempt.url())
			.param("status", attempt.httpStatus())
			.param("error", attempt.error())
			.param("took", attempt.tookMillis())
			.update();
		this.jdbc.sql("""
				UPDATE tracing_transfer SET attempts = :attempt, delivery = :delivery, next_attempt_at = :next,
				       delivered_at = CASE WHEN :delivery = 'DELIVERED' THEN :at ELSE delivered_at END
				 WHERE id = :id AND delivery = 'PENDING'""")
			.param("id", attempt.transferId())
			.param("attempt", attempt.attempt())
			.param("delivery", delivery)
			.param("next", (nextAttemptAt == null) ? null : Timestamp.from(nextAttemptAt))
			.param("at", Timestamp.from(attempt.at()))
			.update();
	}

	/**
	 * A transfer's delivery attempts, in order.
	 * @param id the transfer
	 * @return the attempts
	 */
	public List<Attempt> attempts(long id) {
		return this.jdbc.sql("""
				SELECT transfer_id, attempt, at, url, http_status, error, took_ms FROM tracing_transfer_attempt
				WHERE transfer_id = :id ORDER BY attempt""").param("id", id).query((rs, i) -> {
			Integer answered = rs.getObject(5, Integer.class);
			return new Attempt(rs.getLong(1), rs.getInt(2), rs.getTimestamp(3).toInstant(), rs.getString(4), answered,
					rs.getString(6), rs.getInt(7));
		}).list();
	}

	/**
	 * Applies a status report: the transfer's status and the time of that step, and the
	 * report itself.
	 * @param id the transfer
	 * @param update the report
	 */
	public void applyStatus(long id, Update update) {
		String column = switch (update.status()) {
			case "DISPATCHED" -> "dispatched_at";
			case "PICKED_UP" -> "picked_up_at";
			case "ARRIVED" -> "arrived_at";
			case "CANCELLED" -> "cancelled_at";
			default -> throw new IllegalArgumentException(update.status());
		};
		this.jdbc
			.sql("UPDATE tracing_transfer SET status = :status, " + column
					+ """
							= :at, vehicle = COALESCE(:vehicle, vehicle),
							      delivery = CASE WHEN :status = 'CANCELLED' AND delivery = 'PENDING' THEN 'FAILED' ELSE delivery END,
							      next_attempt_at = CASE WHEN :status = 'CANCELLED' THEN NULL ELSE next_attempt_at END
							WHERE id = :id""")
			.param("id", id)
			.param("status", update.status())
			.param("at", Timestamp.from(update.at()))
			.param("vehicle", update.vehicle())
			.update();
		this.jdbc.sql("""
				INSERT INTO tracing_transfer_update (transfer_id, status, at, received_at, reported_by, vehicle, note)
				VALUES (:id, :status, :at, :received, :by, :vehicle, :note)""")
			.param("id", id)
			.param("status", update.status())
			.param("at", Timestamp.from(update.at()))
			.param("received", Timestamp.from(update.receivedAt()))
			.param("by", update.reportedBy())
			.param("vehicle", update.vehicle())
			.param("note", update.note())
			.update();
	}

	/**
	 * A transfer's status reports, in order.
	 * @param id the transfer
	 * @return the reports
	 */
	public List<Update> updates(long id) {
		return this.jdbc.sql("""
				SELECT status, at, received_at, reported_by, vehicle, note FROM tracing_transfer_update
				WHERE transfer_id = :id ORDER BY id""")
			.param("id", id)
			.query((rs, i) -> new Update(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant(), rs.getString(4), rs.getString(5), rs.getString(6)))
			.list();
	}

	private static TransferRow row(ResultSet rs) throws SQLException {
		return new TransferRow(rs.getLong("id"), rs.getLong("case_id"), rs.getString("path"), rs.getString("status"),
				rs.getString("pickup_address"), rs.getString("destination"), rs.getString("note"),
				instant(rs, "requested_at"), rs.getString("requested_by"), instant(rs, "pickup_due_at"),
				instant(rs, "dispatched_at"), instant(rs, "picked_up_at"), instant(rs, "arrived_at"),
				instant(rs, "cancelled_at"), rs.getString("vehicle"), rs.getString("delivery"), rs.getInt("attempts"),
				instant(rs, "next_attempt_at"), instant(rs, "delivered_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp at = rs.getTimestamp(column);
		return (at == null) ? null : at.toInstant();
	}

	/**
	 * Where transfer requests go.
	 *
	 * @param url the webhook
	 * @param secret the HMAC secret
	 * @param changedAt when set
	 * @param changedBy by whom
	 */
	public record Endpoint(String url, String secret, Instant changedAt, String changedBy) {
	}

	/**
	 * A transfer as stored.
	 *
	 * @param id the transfer
	 * @param caseId the case
	 * @param path where the case lives
	 * @param status {@code REQUESTED}, {@code DISPATCHED}, {@code PICKED_UP},
	 * {@code ARRIVED} or {@code CANCELLED}
	 * @param pickupAddress where to pick up
	 * @param destination where to take the case, may be {@code null}
	 * @param note for the crew, may be {@code null}
	 * @param requestedAt when requested
	 * @param requestedBy by whom
	 * @param pickupDueAt the pick-up limit
	 * @param dispatchedAt when an ambulance was dispatched
	 * @param pickedUpAt when the case was picked up
	 * @param arrivedAt when it arrived
	 * @param cancelledAt when cancelled
	 * @param vehicle the ambulance
	 * @param delivery {@code PENDING}, {@code DELIVERED} or {@code FAILED}
	 * @param attempts delivery attempts so far
	 * @param nextAttemptAt the next attempt, if pending
	 * @param deliveredAt when delivered
	 */
	public record TransferRow(long id, long caseId, String path, String status, String pickupAddress,
			String destination, String note, Instant requestedAt, String requestedBy, Instant pickupDueAt,
			Instant dispatchedAt, Instant pickedUpAt, Instant arrivedAt, Instant cancelledAt, String vehicle,
			String delivery, int attempts, Instant nextAttemptAt, Instant deliveredAt) {
	}

	/**
	 * A delivery attempt.
	 *
	 * @param transferId the transfer
	 * @param attempt 1, 2, ...
	 * @param at when
	 * @param url where to
	 * @param httpStatus the answer's status, {@code null} if none came
	 * @param error what went wrong, {@code null} if delivered
	 * @param tookMillis how long it took
	 */
	public record Attempt(long transferId, int attempt, Instant at, String url, Integer httpStatus, String error,
			int tookMillis) {
	}

	/**
	 * A status report.
	 *
	 * @param status the new status
	 * @param at when it happened
	 * @param receivedAt when it came in
	 * @param reportedBy the device ({@code device:<id>}) or the user
	 * @param vehicle the ambulance, may be {@code null}
	 * @param note a note, may be {@code null}
	 */
	public record Update(String status, Instant at, Instant receivedAt, String reportedBy, String vehicle,
			String note) {
	}

}
