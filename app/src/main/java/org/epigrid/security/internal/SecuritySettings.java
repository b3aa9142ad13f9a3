package org.epigrid.security.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The security module's settings ({@code epigrid.security.*}), each default written here
 * once. Who sees identifiers unmasked is a policy of its own ({@code epigrid.privacy.*},
 * {@link org.epigrid.security.PrivacyPolicy}).
 *
 * @param tokenLifetime how long a staff bearer token from {@code POST /api/v1/auth/token}
 * lives
 * @param login login throttling ({@code epigrid.security.login.*})
 */
@ConfigurationProperties("epigrid.security")
public record SecuritySettings(@DefaultValue("8h") Duration tokenLifetime, @DefaultValue LoginSettings login) {

	/**
	 * Checks the settings.
	 * @param tokenLifetime token lifetime
	 * @param login login throttling
	 */
	public SecuritySettings {
		if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
			throw new IllegalArgumentException("epigrid.security.token-lifetime must be positive");
		}
	}

}
