package org.epigrid.codes.internal.status;

import java.time.Instant;
import java.util.List;

import org.epigrid.shared.EpochMicros;
import org.epigrid.shared.health.TestResult;
import org.epigrid.shared.health.TestResultRecorded.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A batch of test results becomes one row per person, in person order (the order the
 * facts are locked in), with the latest sampling and the latest of each outcome.
 */
class PersonTestsTests {

	private static final Instant T = Instant.parse("2026-12-01T08:00:00.123456Z");

	@Test
	void onePersonOnceInPersonOrderWithTheLatestOfEachOutcome() {
		CodeFactWriter.PersonTests tests = CodeFactWriter.PersonTests.of(List.of(
				new Result(30, TestResult.NEGATIVE, T.plusSeconds(60)), new Result(10, TestResult.POOL_POSITIVE, T),
				new Result(30, TestResult.NEGATIVE, T), new Result(20, TestResult.NEGATIVE, T.plusSeconds(5)),
				new Result(10, TestResult.POSITIVE, T.plusSeconds(3600)),
				new Result(10, TestResult.NEGATIVE, T.plusSeconds(7200))));

		assertThat(tests.ids()).containsExactly(10L, 20L, 30L);
		assertThat(tests.tested()).containsExactly(micros(7200), micros(5), micros(60));
		assertThat(tests.negative()).containsExactly(micros(7200), micros(5), micros(60));
		assertThat(tests.positive()).containsExactly(micros(3600), null, null);
		assertThat(tests.recalled()).containsExactly(micros(0), null, null);
	}

	@Test
	void nothingGivesNoRows() {
		assertThat(CodeFactWriter.PersonTests.of(List.of()).ids()).isEmpty();
	}

	private static Long micros(long seconds) {
		return EpochMicros.of(T.plusSeconds(seconds));
	}

}
