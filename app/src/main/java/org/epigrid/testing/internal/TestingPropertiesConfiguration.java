package org.epigrid.testing.internal;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds the testing module's settings ({@link TestingProperties}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TestingProperties.class)
class TestingPropertiesConfiguration {

}
