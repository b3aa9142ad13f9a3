package org.epigrid.codes.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The dynamic tokens this instance signed and that have not expired yet, by a SHA-256 of
 * their exact bytes. A public-key signature check costs a third of a millisecond of CPU
 * (ES256 in the JDK; SM2 more); a token that is byte for byte one we signed a few seconds
 * ago needs none, so the platform's own gates skip it. Anything else — one changed bit, a
 * token of another instance, one from before a restart — has its signature checked in
 * full. Offline verifiers always check signatures. Bounded: past
 * {@code epigrid.codes.issued-token-memory} entries nothing more is remembered (and
 * verification falls back to signatures).
 */
@Component
public class IssuedTokens {

	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	});

	private final Map<Digest, Long> issued = new ConcurrentHashMap<>();

	private final int maxEntries;

	private final boolean enabled;

	private final Clock clock;

	IssuedTokens(@Value("${epigrid.codes.issued-token-memory:2000000}") int maxEntries,
			@Value("${epigrid.codes.verify-from-database:false}") boolean fromDatabase, Clock clock) {
		this.maxEntries = maxEntries;
		this.enabled = !fromDatabase && maxEntries > 0;
		this.clock = clock;
	}

	/**
	 * Remembers a token just signed.
	 * @param cose its bytes
	 * @param expiresAt its expiry (epoch seconds)
	 */
	void remember(byte[] cose, long expiresAt) {
		if (this.enabled && this.issued.size() < this.maxEntries) {
			this.issued.put(digest(cose), expiresAt);
		}
	}

	/**
	 * Whether these exact bytes are a token signed here that has not expired.
	 * @param cose the bytes
	 * @return {@code true} if so (its signature need not be checked again)
	 */
	boolean signedHere(byte[] cose) {
		if (!this.enabled || this.issued.isEmpty()) {
			return false;
		}
		Long expiresAt = this.issued.get(digest(cose));
		return expiresAt != null && expiresAt > this.clock.instant().getEpochSecond();
	}

	/**
	 * @return how many tokens are remembered
	 */
	public int size() {
		return this.issued.size();
	}

	/** Forgets tokens that have expired. */
	@Scheduled(fixedDelay = 10_000)
	public void purge() {
		long now = this.clock.instant().getEpochSecond();
		this.issued.values().removeIf(expiresAt -> expiresAt <= now);
	}

	private static Digest digest(byte[] bytes) {
		MessageDigest sha = SHA256.get();
		ByteBuffer hash = ByteBuffer.wrap(sha.digest(bytes));
		return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
	}

	private record Digest(long a, long b, long c, long d) {
	}

}
