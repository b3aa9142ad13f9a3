package org.epigrid.security.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.stereotype.Component;

/**
 * The principals of bearer tokens seen in the last few seconds, so that a gate verifying
 * codes many times a second does not make the database look its token up each time. A
 * revoked token is forgotten at once on this instance; any other change (a user disabled,
 * a role taken away, a revocation on another instance) shows within {@link #TTL_NANOS}.
 * Unknown tokens are not cached.
 */
@Component
class TokenCache {

	static final long TTL_NANOS = 10_000_000_000L;

	static final int MAX_ENTRIES = 100_000;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	Optional<EpiGridPrincipal> get(String tokenHash, Function<String, Optional<EpiGridPrincipal>> loader) {
		long now = System.nanoTime();
		Entry entry = this.entries.get(tokenHash);
		if (entry != null && now - entry.loadedAt() < TTL_NANOS) {
			return Optional.of(entry.principal());
		}
		Optional<EpiGridPrincipal> loaded = loader.apply(tokenHash);
		if (loaded.isPresent()) {
			if (this.entries.size() >= MAX_ENTRIES) {
				this.entries.clear();
			}
			this.entries.put(tokenHash, new Entry(loaded.get(), now));
		}
		else {
			this.entries.remove(tokenHash);
		}
		return loaded;
	}

	void forget(String tokenHash) {
		this.entries.remove(tokenHash);
	}

	void clear() {
		this.entries.clear();
	}

	private record Entry(EpiGridPrincipal principal, long loadedAt) {
	}

}
