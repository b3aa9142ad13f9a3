package org.epigrid.shared;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one clock of the platform. Tests replace it to move time; nothing calls
 * {@code now()} without it. Also binds the platform-wide settings
 * ({@link PlatformSettings}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformSettings.class)
class TimeConfiguration {

	/** The platform's default zone: local time of the health authorities. */
	static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.system(ZONE);
	}

}
