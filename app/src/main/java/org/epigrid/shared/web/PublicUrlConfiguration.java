package org.epigrid.shared.web;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Checks {@code epigrid.public-url} at start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublicUrl.class)
class PublicUrlConfiguration {

}
