package org.epigrid.codes.internal.token;

import org.epigrid.codes.internal.CodesProperties;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The dynamic tokens this instance signed, by token id ({@code cti}), with a SHA-256 of
 * their exact bytes, until a few minutes after they expire. A public-key signature check
 * costs a third of a millisecond of CPU (ES256 in the JDK; SM2 more); a token that is
 * byte for byte one we signed needs none, so the platform's own gates skip it, and one
 * that carries the id of a token we signed but differs from it in any byte (a changed
 * colour, name or signature) is known to be altered without one either. Anything else — a
 * token of another instance, one from before a restart, an unknown id — has its signature
 * checked in full. Offline verifiers always check signatures. Bounded: past
 * {@code epigrid.codes.issued-token-memory} entries nothing more is remembered (and
 * verification falls back to signatures).
 */
@Component
public class IssuedTokens {

	/** How long after its expiry a token is remembered (to tell "expired" cheaply). */
	static final long GRACE_SECONDS = 300;

	private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	});

	private final Map<Long, Issued> issued = new ConcurrentHashMap<>();

	private final int maxEntries;

	private final boolean enabled;

	private final Clock clock;

	@Autowired
	IssuedTokens(CodesProperties properties, Clock clock) {
		this(properties.issuedTokenMemory(), properties.verifyFromDatabase(), clock);
	}

	IssuedTokens(int maxEntries, boolean fromDatabase, Clock clock) {
		this.maxEntries = maxEntries;
		this.enabled = !fromDatabase && maxEntries > 0;
		this.clock = clock;
	}

	/**
	 * Remembers a token just signed.
	 * @param tokenId its id
	 * @param cose its bytes
	 * @param expiresAt its expiry (epoch seconds)
	 */
	void remember(long tokenId, byte[] cose, long expiresAt) {
		if (this.enabled && this.issued.size() < this.maxEntries) {
			this.issued.put(tokenId, new Issued(digest(cose), expiresAt));
		}
	}

	/**
	 * What is known of a token with this id and these bytes.
	 * @param tokenId the id it carries
	 * @param cose its bytes
	 * @return {@link Recall#SIGNED_HERE} for exactly the bytes signed here,
	 * {@link Recall#ALTERED} for other bytes with the id of a token signed here,
	 * {@link Recall#UNKNOWN} otherwise
	 */
	Recall recall(long tokenId, byte[] cose) {
		if (!this.enabled || this.issued.isEmpty()) {
			return Recall.UNKNOWN;
		}
		Issued known = this.issued.get(tokenId);
		if (known == null) {
			return Recall.UNKNOWN;
		}
		return known.digest().equals(digest(cose)) ? Recall.SIGNED_HERE : Recall.ALTERED;
	}

	/**
	 * @return how many tokens are remembered
	 */
	public int size() {
		return this.issued.size();
	}

	/** Forgets tokens that expired more than a few minutes ago. */
	@Scheduled(fixedDelay = 10_000)
	public void purge() {
		long now = this.clock.instant().getEpochSecond();
		this.issued.values().removeIf(token -> token.expiresAt() + GRACE_SECONDS <= now);
	}

	private static Digest digest(byte[] bytes) {
		MessageDigest sha = SHA256.get();
		ByteBuffer hash = ByteBuffer.wrap(sha.digest(bytes));
		return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
	}

	/** What is known of a token read. */
	enum Recall {

		/** Exactly a token signed here: no signature check needed. */
		SIGNED_HERE,
		/** The id of a token signed here, other bytes: altered. */
		ALTERED,
		/** Not known here: check the signature. */
		UNKNOWN

	}

	private record Issued(Digest digest, long expiresAt) {
	}

	private record Digest(long a, long b, long c, long d) {
	}

}
