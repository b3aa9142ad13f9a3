package org.epigrid.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test of the whole platform over HTTP on 127.0.0.1 against a real embedded PostgreSQL
 * with a small demo town (6 grids) and a known admin password ({@link #ADMIN_PASSWORD});
 * no scheduled backups (a test asks for them), so that no test depends on the hour it
 * runs at.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "server.address=127.0.0.1",
		"EPIGRID_ADMIN_PASSWORD=" + IntegrationTest.ADMIN_PASSWORD, "epigrid.demo.enabled=true", "epigrid.demo.grids=6",
		// the demo's testing rounds give nearly every person test facts; the
		// code tests start from persons without (TestingDemoIntegrationTests
		// loads them)
		"epigrid.demo.testing=false", "epigrid.demo.tracing=false", "epigrid.db.embedded-shared-buffers=64MB",
		"epigrid.db.pool-size=6", "epigrid.backup.enabled=false",
		// transfer requests to 120 dispatch retried within a test's patience
		"epigrid.tracing.dispatch-poll=PT0.2S", "epigrid.tracing.dispatch-retry-base=PT0.3S",
		"epigrid.tracing.dispatch-retry-max=PT1S", "epigrid.tracing.dispatch-max-attempts=4",
		// a city no test data names by chance (TravelFactsIntegrationTests)
		"epigrid.datahub.risk-cities=" + IntegrationTest.RISK_CITY,
		// every test's client is 127.0.0.1: limits per client address are tested
		// in
		// LoginThrottleIntegrationTests
		"epigrid.security.login.client-free-failures=10000", "epigrid.security.login.client-lock-after=20000",
		"epigrid.security.login.code-sends-per-client=10000", "epigrid.security.login.lookup-misses-per-client=10000" })
@ContextConfiguration(initializers = FreshDataFolder.class)
public @interface IntegrationTest {

	/** The admin password of test contexts. */
	String ADMIN_PASSWORD = "admin-password-for-tests";

	/** The one risk city of test contexts ({@code epigrid.datahub.risk-cities}). */
	String RISK_CITY = "测风险市";

}
