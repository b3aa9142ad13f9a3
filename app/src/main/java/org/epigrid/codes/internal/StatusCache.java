package org.epigrid.codes.internal;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import org.epigrid.codes.CodeStatus;

import org.springframework.stereotype.Component;

/**
 * Statuses read recently, so that gates verifying codes a hundred times a second do not
 * each ask the database. Every change this instance computes evicts the persons concerned
 * (a full recompute clears it); entries also expire after a few seconds, so a second
 * instance's change shows here soon. Bounded: when full it starts again empty.
 */
@Component
public class StatusCache {

	static final int MAX_ENTRIES = 500_000;

	static final long TTL_NANOS = 5_000_000_000L;

	private final Map<Long, Entry> entries = new ConcurrentHashMap<>();

	/**
	 * A status from the cache or loaded.
	 * @param personId the person
	 * @param loader loads the status when it is not cached
	 * @return the status
	 */
	public CodeStatus get(long personId, LongFunction<CodeStatus> loader) {
		long now = System.nanoTime();
		Entry entry = this.entries.get(personId);
		if (entry != null && now - entry.loadedAt() < TTL_NANOS) {
			return entry.status();
		}
		CodeStatus status = loader.apply(personId);
		if (this.entries.size() >= MAX_ENTRIES) {
			this.entries.clear();
		}
		this.entries.put(personId, new Entry(status, now));
		return status;
	}

	/**
	 * Forgets some persons.
	 * @param personIds the persons
	 */
	public void evict(Collection<Long> personIds) {
		personIds.forEach(this.entries::remove);
	}

	/** Forgets everybody. */
	public void clear() {
		this.entries.clear();
	}

	private record Entry(CodeStatus status, long loadedAt) {
	}

}
