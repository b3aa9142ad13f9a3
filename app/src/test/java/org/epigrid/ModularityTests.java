package org.epigrid;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module structure of ARCHITECTURE.md, checked: no cycles, no access to another
 * module's internals. Also writes the module documentation (target/spring-modulith-docs).
 */
class ModularityTests {

	private final ApplicationModules modules = ApplicationModules.of(EpiGridApplication.class);

	@Test
	void modulesRespectTheirBoundaries() {
		this.modules.verify();
	}

	@Test
	void hasTheFoundationModules() {
		assertThat(this.modules.stream().map(m -> m.getIdentifier().toString())).containsExactlyInAnyOrder("shared",
				"population", "security", "datahub", "codes", "venues", "testing", "tracing", "gridops", "demo",
				"backup");
	}

	@Test
	void writesModuleDocumentation() {
		new Documenter(this.modules).writeDocumentation();
	}

}
