package org.epigrid.datahub.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the data hub's settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DataHubSettings.class)
class DataHubConfiguration {

}
