package org.epigrid.demo.internal;

import java.time.Clock;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import org.epigrid.demo.DemoTownParameters;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the loader wants to load: {@code auto} only with the embedded database.
 */
class DemoLoaderTests {

	@Test
	void autoLoadsOnlyIntoTheEmbeddedDatabase() {
		assertThat(loader(DemoProperties.Mode.AUTO, "").wanted()).isTrue();
		assertThat(loader(DemoProperties.Mode.AUTO, null).wanted()).isTrue();
		assertThat(loader(DemoProperties.Mode.AUTO, "jdbc:postgresql://db/epigrid").wanted()).isFalse();
	}

	@Test
	void trueAndFalseOverrideTheDatabaseKind() {
		assertThat(loader(DemoProperties.Mode.TRUE, "jdbc:postgresql://db/epigrid").wanted()).isTrue();
		assertThat(loader(DemoProperties.Mode.FALSE, "").wanted()).isFalse();
	}

	@Test
	void sizesDefaultToTheStandardTown() {
		DemoProperties properties = new DemoProperties(DemoProperties.Mode.AUTO, null, null, null, null, null, true,
				true);
		assertThat(properties.parameters(LocalDate.of(2026, 3, 1)))
			.isEqualTo(DemoTownParameters.standard().withAsOf(LocalDate.of(2026, 3, 1)));
		DemoProperties small = new DemoProperties(DemoProperties.Mode.AUTO, 9L, null, null, 6, 10, true, true);
		assertThat(small.parameters(LocalDate.of(2026, 3, 1)).grids()).isEqualTo(6);
		assertThat(small.parameters(LocalDate.of(2026, 3, 1)).householdsPerMicroGrid()).isEqualTo(10);
		assertThat(small.parameters(LocalDate.of(2026, 3, 1)).seed()).isEqualTo(9L);
	}

	private static DemoLoader loader(DemoProperties.Mode mode, String url) {
		MockEnvironment environment = new MockEnvironment();
		if (url != null) {
			environment.setProperty("epigrid.db.url", url);
		}
		DemoProperties properties = new DemoProperties(mode, null, null, null, null, null, true, true);
		return new DemoLoader(null, null, null, null, Clock.systemUTC(), properties, environment, null);
	}

}
