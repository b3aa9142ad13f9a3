package org.epigrid.shared;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values read in the last few seconds, for look-ups on hot paths (a gate verifying many
 * codes a second). Whoever changes a value evicts it; entries also expire after their
 * time to live, so a change made elsewhere (another instance) shows soon. Bounded: when
 * full it starts again empty. A {@code null} from the loader is not kept.
 *
 * @param <K> key
 * @param <V> value
 */
public final class ShortLivedCache<K, V> {

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

	private final long ttlNanos;

	private final int maxEntries;

	/**
	 * Creates a cache.
	 * @param ttl how long a value is kept
	 * @param maxEntries how many values at most
	 */
	public ShortLivedCache(java.time.Duration ttl, int maxEntries) {
		this.ttlNanos = ttl.toNanos();
		this.maxEntries = maxEntries;
	}

	/**
	 * A value from the cache, or loaded.
	 * @param key the key
	 * @param loader loads the value, may return {@code null}
	 * @return the value, or {@code null}
	 */
	public V get(K key, Function<K, V> loader) {
		long now = System.nanoTime();
		Entry<V> entry = this.entries.get(key);
		if (entry != null && now - entry.loadedAt() < this.ttlNanos) {
			return entry.value();
		}
		V value = loader.apply(key);
		if (value == null) {
			this.entries.remove(key);
			return null;
		}
		if (this.entries.size() >= this.maxEntries) {
			this.entries.clear();
		}
		this.entries.put(key, new Entry<>(value, now));
		return value;
	}

	/**
	 * Forgets some keys.
	 * @param keys the keys
	 */
	public void evict(Collection<K> keys) {
		keys.forEach(this.entries::remove);
	}

	/** Forgets everything. */
	public void clear() {
		this.entries.clear();
	}

	private record Entry<V>(V value, long loadedAt) {
	}

}
