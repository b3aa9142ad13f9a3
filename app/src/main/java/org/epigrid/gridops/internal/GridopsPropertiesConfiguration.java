package org.epigrid.gridops.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the module's settings record.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GridopsProperties.class)
class GridopsPropertiesConfiguration {

}
