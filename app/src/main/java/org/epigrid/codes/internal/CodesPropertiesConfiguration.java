package org.epigrid.codes.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the module's settings records.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CodesProperties.class)
class CodesPropertiesConfiguration {

}
