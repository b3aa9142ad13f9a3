package org.epigrid.codes.internal.status;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import java.util.function.LongFunction;

import javax.sql.DataSource;

import org.epigrid.codes.CodeStatus;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Statuses held in memory for the gates: a gate scan must not ask the database.
 * <p>
 * Two things are kept. An index of the persons who have code facts at all (a bit per
 * person id): everybody else has the status the rules give for no facts, known without a
 * query — most of a city. And the statuses of persons with facts, once read. Both are
 * kept right by the database itself: triggers on {@code code_fact} and
 * {@code code_status} send a {@code NOTIFY} naming the persons (V22), delivered to every
 * instance when the writing transaction commits, which this class listens to on a
 * connection of its own. Changes this instance makes are also applied at once, without
 * waiting for the notification.
 * <p>
 * While not listening (starting, or the connection lost), the index is not used and read
 * statuses are kept 5 seconds only, as a plain short-lived cache; on reconnecting
 * everything is read afresh, since notifications sent meanwhile are lost.
 */
@Component
public class StatusCache implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(StatusCache.class);

	static final String CHANNEL = "epigrid_codes";

	/** How long a status is kept while notifications are not being received. */
	private static final long UNSURE_NANOS = TimeUnit.SECONDS.toNanos(5);

	/** How long a status is kept at most even while listening (a safety net). */
	private static final long SURE_NANOS = TimeUnit.MINUTES.toNanos(10);

	private static final int MAX_ENTRIES = 500_000;

	private static final int PAGE_BITS = 16;

	private final DataSource dataSource;

	private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * Counts evictions: a status read while one happened may be older than the eviction,
	 * so it is kept only briefly.
	 */
	private final AtomicLong evictions = new AtomicLong();

	/** Persons with facts: pages of 65,536 bits by person id. */
	private volatile Map<Long, AtomicLongArray> withFacts = new ConcurrentHashMap<>();

	/**
	 * Since when notifications are received and the index is complete
	 * ({@link System#nanoTime()}), or {@link Long#MAX_VALUE} while not.
	 */
	private volatile long sureSince = Long.MAX_VALUE;

	private volatile boolean running;

	private Thread thread;

	private volatile Connection connection;

	StatusCache(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * A person's status from memory or loaded.
	 * @param personId the person
	 * @param withoutFacts the status of a person without facts (no query)
	 * @param loader loads the status from the database
	 * @return the status
	 */
	public CodeStatus get(long personId, LongFunction<CodeStatus> withoutFacts, LongFunction<CodeStatus> loader) {
		long now = System.nanoTime();
		CodeStatus known = known(personId, now, withoutFacts);
		if (known != null) {
			return known;
		}
		long before = this.evictions.get();
		CodeStatus status = loader.apply(personId);
		keep(personId, status, now, before);
		return status;
	}

	/**
	 * Several persons' statuses from memory, the others loaded together.
	 * @param personIds the persons
	 * @param withoutFacts the status of a person without facts (no query)
	 * @param loader loads the statuses of those not in memory, in one go
	 * @return the status of each person
	 */
	public Map<Long, CodeStatus> getAll(Collection<Long> personIds, LongFunction<CodeStatus> withoutFacts,
			Function<List<Long>, Map<Long, CodeStatus>> loader) {
		long now = System.nanoTime();
		Map<Long, CodeStatus> statuses = new HashMap<>();
		Set<Long> missing = new LinkedHashSet<>();
		for (Long id : personIds) {
			CodeStatus known = known(id, now, withoutFacts);
			if (known != null) {
				statuses.put(id, known);
			}
			else {
				missing.add(id);
			}
		}
		if (!missing.isEmpty()) {
			long before = this.evictions.get();
			Map<Long, CodeStatus> loaded = loader.apply(List.copyOf(missing));
			loaded.forEach((id, status) -> keep(id, status, now, before));
			statuses.putAll(loaded);
		}
		return statuses;
	}

	/** A status known without the database, or {@code null}. */
	private CodeStatus known(long personId, long now, LongFunction<CodeStatus> withoutFacts) {
		long sure = this.sureSince;
		boolean listening = sure != Long.MAX_VALUE;
		if (listening && !hasFacts(personId)) {
			return withoutFacts.apply(personId);
		}
		Entry entry = this.entries.get(personId);
		if (entry != null) {
			long age = now - entry.loadedAt();
			if ((listening && entry.sure() && entry.loadedAt() >= sure) ? age < SURE_NANOS : age < UNSURE_NANOS) {
				return entry.status();
			}
		}
		return null;
	}

	/**
	 * Keeps a status loaded at {@code now}, surely current if nothing was evicted since.
	 */
	private void keep(long personId, CodeStatus status, long now, long evictionsBefore) {
		if (status != null) {
			if (this.entries.size() >= MAX_ENTRIES) {
				this.entries.clear();
			}
			this.entries.put(personId, new Entry(status, now, this.evictions.get() == evictionsBefore));
		}
	}

	/**
	 * Persons whose facts were written (they are in the index from now on) and whose
	 * statuses are to be read again.
	 * @param personIds the persons
	 */
	public void factsChanged(Collection<Long> personIds) {
		this.evictions.incrementAndGet();
		for (Long id : personIds) {
			mark(this.withFacts, id);
			this.entries.remove(id);
		}
	}

	/**
	 * Forgets some persons' statuses.
	 * @param personIds the persons
	 */
	public void evict(Collection<Long> personIds) {
		this.evictions.incrementAndGet();
		personIds.forEach(this.entries::remove);
	}

	/** Forgets every status read. */
	public void clear() {
		this.evictions.incrementAndGet();
		this.entries.clear();
	}

	/**
	 * Whether statuses are kept right by notifications (the index of persons with facts
	 * is complete).
	 * @return whether listening
	 */
	public boolean listening() {
		return this.sureSince != Long.MAX_VALUE;
	}

	private boolean hasFacts(long personId) {
		AtomicLongArray page = this.withFacts.get(personId >>> PAGE_BITS);
		if (page == null) {
			return false;
		}
		int bit = (int) (personId & ((1 << PAGE_BITS) - 1));
		return (page.get(bit >>> 6) & (1L << bit)) != 0;
	}

	private static void mark(Map<Long, AtomicLongArray> index, long personId) {
		AtomicLongArray page = index.computeIfAbsent(personId >>> PAGE_BITS,
				k -> new AtomicLongArray((1 << PAGE_BITS) / 64));
		int bit = (int) (personId & ((1 << PAGE_BITS) - 1));
		long mask = 1L << bit;
		page.getAndAccumulate(bit >>> 6, mask, (a, b) -> a | b);
	}

	private void listen() {
		while (this.running) {
			try (Connection c = this.dataSource.getConnection()) {
				this.connection = c;
				try {
					receive(c);
				}
				catch (SQLException | RuntimeException ex) {
					discard(c);
					throw ex;
				}
			}
			catch (SQLException | RuntimeException ex) {
				this.sureSince = Long.MAX_VALUE;
				if (this.running) {
					log.warn("Not receiving health-code changes ({}); trying again in 5 s", ex.getMessage());
					sleep(5000);
				}
			}
			finally {
				this.connection = null;
			}
		}
	}

	private void receive(Connection c) throws SQLException {
		c.setAutoCommit(true);
		try (Statement statement = c.createStatement()) {
			statement.execute("LISTEN " + CHANNEL);
		}
		PGConnection pg = c.unwrap(PGConnection.class);
		// listening first, then reading: nothing committed meanwhile is missed
		reload(c);
		long lastCheck = System.nanoTime();
		while (this.running) {
			PGNotification[] notifications = pg.getNotifications(500);
			if (notifications != null) {
				for (PGNotification notification : notifications) {
					apply(notification.getParameter(), c);
				}
			}
			if (System.nanoTime() - lastCheck > TimeUnit.SECONDS.toNanos(5)) {
				// a connection the network dropped stays silent: ask it something, so
				// that a
				// dead one fails here (and everything is read afresh on a new one)
				try (Statement statement = c.createStatement()) {
					statement.setQueryTimeout(5);
					statement.execute("SELECT 1");
				}
				lastCheck = System.nanoTime();
			}
		}
		this.sureSince = Long.MAX_VALUE;
		try (Statement statement = c.createStatement()) {
			statement.execute("UNLISTEN *");
		}
	}

	private void apply(String payload, Connection c) throws SQLException {
		boolean facts = payload.startsWith("f:");
		String ids = payload.substring(2);
		this.evictions.incrementAndGet();
		if (ids.equals("*")) {
			if (facts) {
				reload(c);
			}
			else {
				this.entries.clear();
			}
			return;
		}
		int start = 0;
		while (start < ids.length()) {
			int end = ids.indexOf(',', start);
			if (end < 0) {
				end = ids.length();
			}
			long id = Long.parseLong(ids, start, end, 10);
			if (facts) {
				mark(this.withFacts, id);
			}
			this.entries.remove(id);
			start = end + 1;
		}
	}

	/** Reads the index of persons with facts afresh and forgets every status read. */
	private void reload(Connection c) throws SQLException {
		this.sureSince = Long.MAX_VALUE;
		Map<Long, AtomicLongArray> index = new ConcurrentHashMap<>();
		long count = 0;
		try (Statement statement = c.createStatement()) {
			statement.setFetchSize(50_000);
			c.setAutoCommit(false);
			try (var rs = statement.executeQuery("SELECT person_id FROM code_fact")) {
				while (rs.next()) {
					mark(index, rs.getLong(1));
					count++;
				}
			}
			c.commit();
		}
		finally {
			c.setAutoCommit(true);
		}
		this.withFacts = index;
		this.evictions.incrementAndGet();
		this.entries.clear();
		this.sureSince = System.nanoTime();
		log.debug("Health-code index: {} persons with facts", count);
	}

	/**
	 * A connection that failed goes back to the pool not listening (if it still works).
	 */
	private static void discard(Connection c) {
		if (c != null) {
			try (Statement statement = c.createStatement()) {
				statement.setQueryTimeout(2);
				statement.execute("UNLISTEN *");
			}
			catch (SQLException | RuntimeException ignored) {
				// the connection is gone: the pool drops it
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void start() {
		this.running = true;
		this.thread = Thread.ofPlatform().name("code-status-listener").daemon().start(this::listen);
	}

	@Override
	public void stop() {
		this.running = false;
		this.sureSince = Long.MAX_VALUE;
		try {
			this.thread.join(TimeUnit.SECONDS.toMillis(5));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private record Entry(CodeStatus status, long loadedAt, boolean sure) {
	}

}
