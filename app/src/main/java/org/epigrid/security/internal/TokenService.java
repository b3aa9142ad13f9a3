package org.epigrid.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues opaque bearer tokens (256 random bits) and stores only their SHA-256, so that a
 * copy of the database gives nobody a usable token. Tokens are revocable by deleting the
 * row.
 */
@Component
public class TokenService {

	private final SecureRandom random = new SecureRandom();

	private final ApiTokenRepository apiTokens;

	private final Clock clock;

	private final Duration lifetime;

	private final TokenCacheHolder cache;

	TokenService(ApiTokenRepository apiTokens, Clock clock, SecuritySettings settings, TokenCacheHolder cache) {
		this.apiTokens = apiTokens;
		this.cache = cache;
		this.clock = clock;
		this.lifetime = settings.tokenLifetime();
	}

	/**
	 * A new random token (256 bits).
	 * @return the token, as given to its holder
	 */
	public String newToken() {
		byte[] bytes = new byte[32];
		this.random.nextBytes(bytes);
		return "egt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	@Transactional
	IssuedToken issue(long userId) {
		String token = newToken();
		Instant now = this.clock.instant();
		Instant expires = now.plus(this.lifetime);
		this.apiTokens.insert(hash(token), userId, now, expires);
		return new IssuedToken(token, expires);
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void deleteExpired() {
		this.apiTokens.deleteExpired(this.clock.instant());
	}

	/**
	 * Forgets what was cached of a token (after it was revoked).
	 * @param tokenHash the token's hash
	 */
	public void forget(String tokenHash) {
		this.cache.principals().evict(java.util.List.of(tokenHash));
	}

	/**
	 * What is stored of a token.
	 * @param token the token
	 * @return its SHA-256, hex
	 */
	public static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	record IssuedToken(String token, Instant expiresAt) {
	}

}
