package org.epigrid.venues.internal;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Writes check-ins with {@code COPY}, many requests at a time (group commit): each caller
 * hands its rows over and waits until they are committed, so an answer "checked in"
 * always means the row is stored, while one writer turns thousands of concurrent
 * check-ins into a few {@code COPY} statements a second. If the database refuses, every
 * waiting caller gets the error: nothing is acknowledged and then lost.
 */
@Component
public class CheckInWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CheckInWriter.class);

	/** The most rows one {@code COPY} takes. */
	static final int BATCH = 20_000;

	private static final long WAIT_SECONDS = 30;

	private final DataSource dataSource;

	private final PresencePartitionWriter partitions;

	private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(200_000);

	private volatile boolean running;

	private Thread thread;

	CheckInWriter(DataSource dataSource, PresencePartitionWriter partitions) {
		this.dataSource = dataSource;
		this.partitions = partitions;
	}

	/**
	 * Stores check-ins and returns once they are committed.
	 * @param rows the check-ins
	 * @throws IllegalStateException if they could not be stored
	 */
	public void write(List<Row> rows) {
		if (rows.isEmpty()) {
			return;
		}
		if (!this.running) {
			copy(rows);
			return;
		}
		Pending pending = new Pending(rows, new CompletableFuture<>());
		try {
			if (!this.queue.offer(pending, WAIT_SECONDS, TimeUnit.SECONDS)) {
				throw new IllegalStateException("check-ins are arriving faster than they can be stored");
			}
			pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while storing check-ins", ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException("check-ins could not be stored: " + ex.getCause().getMessage(),
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("check-ins were not stored within " + WAIT_SECONDS + " s", ex);
		}
	}

	private void run() {
		List<Pending> batch = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				int rows = first.rows().size();
				while (rows < BATCH) {
					Pending next = this.queue.poll();
					if (next == null) {
						break;
					}
					batch.add(next);
					rows += next.rows().size();
				}
				List<Row> all = new ArrayList<>(rows);
				for (Pending pending : batch) {
					all.addAll(pending.rows());
				}
				try {
					copy(all);
					batch.forEach(p -> p.done().complete(null));
				}
				catch (RuntimeException ex) {
					log.warn("Storing {} check-ins failed: {}", all.size(), ex.getMessage());
					batch.forEach(p -> p.done().completeExceptionally(ex));
				}
				batch.clear();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/** One {@code COPY} of rows into {@code check_in}, committed. */
	private void copy(List<Row> rows) {
		this.partitions.ensure(rows.stream().map(Row::at).distinct().toList());
		StringBuilder csv = new StringBuilder(rows.size() * 48);
		for (Row row : rows) {
			// microseconds, as PostgreSQL keeps them (it would round the nanoseconds)
			csv.append(row.at().truncatedTo(java.time.temporal.ChronoUnit.MICROS))
				.append(',')
				.append(row.venueId())
				.append(',')
				.append(row.personId())
				.append(',')
				.append(row.colour())
				.append(',')
				.append(row.star() ? 't' : 'f')
				.append(',')
				.append(row.allowed() ? 't' : 'f')
				.append(',')
				.append(row.via())
				.append('\n');
		}
		byte[] bytes = csv.toString().getBytes(StandardCharsets.US_ASCII);
		// a connection of its own (auto-commit), never a caller's transaction
		try (Connection connection = this.dataSource.getConnection()) {
			CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
			copy.copyIn("COPY check_in (checked_at, venue_id, person_id, colour, star, allowed, via) FROM STDIN"
					+ " WITH (FORMAT csv)", new java.io.ByteArrayInputStream(bytes));
			if (!connection.getAutoCommit()) {
				connection.commit();
			}
		}
		catch (SQLException | java.io.IOException ex) {
			throw new IllegalStateException(ex.getMessage(), ex);
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("check-in-writer").daemon().start(this::run);
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A check-in to store.
	 *
	 * @param at when
	 * @param venueId where
	 * @param personId who
	 * @param colour the colour then (0 green, 1 yellow, 2 red)
	 * @param star the star then
	 * @param allowed whether let in
	 * @param via {@code SELF}, {@code PROXY} or {@code GATE}
	 */
	public record Row(Instant at, long venueId, long personId, int colour, boolean star, boolean allowed, String via) {
	}

	private record Pending(List<Row> rows, CompletableFuture<Void> done) {
	}

}
