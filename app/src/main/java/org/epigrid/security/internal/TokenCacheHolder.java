package org.epigrid.security.internal;

import java.time.Duration;

import org.epigrid.shared.ShortLivedCache;

import org.springframework.stereotype.Component;

/**
 * The principals of bearer tokens seen in the last 10 seconds, so that a gate verifying
 * codes many times a second does not make the database look its token up each time. A
 * revoked token is forgotten at once on this instance; any other change (a user disabled,
 * a revocation on another instance) shows within the 10 seconds. Unknown tokens are not
 * kept.
 */
@Component
class TokenCacheHolder {

	private final ShortLivedCache<String, EpiGridPrincipal> principals = new ShortLivedCache<>(Duration.ofSeconds(10),
			100_000);

	ShortLivedCache<String, EpiGridPrincipal> principals() {
		return this.principals;
	}

}
