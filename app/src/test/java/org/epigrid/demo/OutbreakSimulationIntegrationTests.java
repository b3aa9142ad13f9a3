package org.epigrid.demo;

import java.util.Set;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.support.IntegrationTest;
import org.epigrid.tracing.ContactDefinitions;
import org.epigrid.tracing.TracingProtocolManagement;
import org.epigrid.tracing.TracingProtocolManagement.ProtocolChange;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contact engine measured against an outbreak whose truth is known, on a town of its
 * own (its own context: the outbreak's cases and contacts would colour other tests'
 * persons): at least 95 % of the transmissions the data show are among the infector's
 * computed close contacts.
 */
@IntegrationTest
@TestPropertySource(properties = "epigrid.demo.seed=20221111")
class OutbreakSimulationIntegrationTests {

	private static final Caller ADMIN = new Caller(0, "test", "Test", Set.of(Role.ADMIN), "/");

	@Autowired
	OutbreakSimulation simulation;

	@Autowired
	TracingProtocolManagement protocols;

	@Test
	void closeContactsCatchNearlyEveryTransmissionTheDataShow() {
		// close contacts are measured: secondary contacts are not computed (quicker)
		ContactDefinitions ninth = this.protocols.current().definitions();
		this.protocols.change(ADMIN,
				new ProtocolChange("close only", null, new ContactDefinitions(ninth.lookBackDays(),
						ninth.householdIsClose(), ninth.closeOverlapMinutes(), ninth.generalOverlapMinutes(), false)),
				"API", null);
		OutbreakSimulation.Result result = this.simulation.run(7, OutbreakSimulation.Parameters.defaults());
		System.out.printf("outbreak simulation: %s; recall in data %.3f, share caught %.3f, precision %.4f%n", result,
				result.recallInData(), result.shareCaught(), result.precision());
		assertThat(result.cases()).isGreaterThan(5);
		assertThat(result.inData()).isGreaterThan(20);
		assertThat(result.recallInData()).isGreaterThanOrEqualTo(0.95);
		// exposures without a check-in are missed: the share of all is lower, honestly
		assertThat(result.shareCaught()).isLessThanOrEqualTo(result.recallInData());
		assertThat(result.precision()).isPositive();
	}

}
