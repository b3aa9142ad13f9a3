package org.epigrid.codes.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.function.LongFunction;

import org.epigrid.codes.CodeStatus;
import org.epigrid.shared.ShortLivedCache;

import org.springframework.stereotype.Component;

/**
 * Statuses read recently, so that gates verifying codes a hundred times a second do not
 * each ask the database. Every change this instance computes evicts the persons concerned
 * (a full recompute clears it); entries expire after 5 seconds, so a second instance's
 * change shows here soon.
 */
@Component
public class StatusCache {

	private final ShortLivedCache<Long, CodeStatus> cache = new ShortLivedCache<>(Duration.ofSeconds(5), 500_000);

	/**
	 * A status from the cache or loaded.
	 * @param personId the person
	 * @param loader loads the status when it is not cached
	 * @return the status
	 */
	public CodeStatus get(long personId, LongFunction<CodeStatus> loader) {
		return this.cache.get(personId, loader::apply);
	}

	/**
	 * Forgets some persons.
	 * @param personIds the persons
	 */
	public void evict(Collection<Long> personIds) {
		this.cache.evict(personIds);
	}

	/** Forgets everybody. */
	public void clear() {
		this.cache.clear();
	}

}
