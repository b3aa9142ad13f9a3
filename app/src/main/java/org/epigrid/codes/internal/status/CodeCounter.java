package org.epigrid.codes.internal.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Counts code displays and verifications per day (in the platform's zone, the clock's),
 * division and result (C1) in memory — a gate scan must not write a row — and adds them
 * to {@code code_daily_count} every 10 seconds and when the platform stops. A failed
 * write puts the counts back, so nothing counted is lost while the instance lives.
 */
@Component
public class CodeCounter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CodeCounter.class);

	private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

	private final DailyCountRepository repository;

	private final Clock clock;

	private volatile boolean running;

	CodeCounter(DailyCountRepository repository, Clock clock) {
		this.repository = repository;
		this.clock = clock;
	}

	/**
	 * Counts one display or verification.
	 * @param kind {@code DISPLAY} or {@code VERIFY}
	 * @param divisionPath where ({@code /} when unknown)
	 * @param result the colour shown, or the verification's result
	 */
	public void count(String kind, String divisionPath, String result) {
		Key key = new Key(LocalDate.now(this.clock), divisionPath, kind, result);
		this.counts.computeIfAbsent(key, k -> new LongAdder()).increment();
	}

	/** Adds what was counted to the table. */
	@Scheduled(fixedDelay = 10_000, initialDelay = 10_000)
	public synchronized void flush() {
		List<Object[]> rows = new ArrayList<>();
		LocalDate today = LocalDate.now(this.clock);
		for (Map.Entry<Key, LongAdder> entry : this.counts.entrySet()) {
			// each cell is taken atomically: a count made meanwhile stays for the next
			// flush
			long n = entry.getValue().sumThenReset();
			if (n > 0) {
				rows.add(new Object[] { entry.getKey(), n });
			}
			else if (entry.getKey().day().isBefore(today)) {
				this.counts.remove(entry.getKey());
			}
		}
		for (int i = 0; i < rows.size(); i++) {
			Key key = (Key) rows.get(i)[0];
			long n = (long) rows.get(i)[1];
			try {
				this.repository.add(key.day(), key.divisionPath(), key.kind(), key.result(), n);
			}
			catch (RuntimeException ex) {
				// put back what was not written; the next flush tries again
				for (Object[] row : rows.subList(i, rows.size())) {
					this.counts.computeIfAbsent((Key) row[0], k -> new LongAdder()).add((long) row[1]);
				}
				log.warn("Code statistics not written ({}); kept for the next try", ex.getMessage());
				return;
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		flush();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Stopped after the web server (which stops at {@code DEFAULT_PHASE - 2048}), so that
	 * what requests counted while it drained is written too.
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	private record Key(LocalDate day, String divisionPath, String kind, String result) {
	}

}
