package org.epigrid.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PathPrefixTests {

	@Test
	void upperBoundFollowsEveryPathBelowThePrefix() {
		PathPrefix range = PathPrefix.of("/32/3205/");
		assertThat(range.upper()).isEqualTo("/32/32050");
		assertThat("/32/3205/320507/".compareTo(range.upper())).isNegative();
		assertThat("/32/32051/".compareTo(range.upper())).isPositive();
		assertThat(range.contains("/32/3205/320507/")).isTrue();
		assertThat(range.contains("/32/32051/")).isFalse();
	}

	@Test
	void worksForChineseNamePrefixes() {
		PathPrefix range = PathPrefix.of("张");
		assertThat("张三".compareTo(range.lower())).isPositive();
		assertThat("张三".compareTo(range.upper())).isNegative();
		assertThat("章三".compareTo(range.upper())).isPositive();
	}

}
