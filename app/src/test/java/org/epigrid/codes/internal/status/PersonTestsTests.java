package org.epigrid.codes.internal.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.epigrid.shared.EpochMicros;
import org.epigrid.shared.health.TestResult;
import org.epigrid.shared.health.TestResultRecorded;
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
	void aFullEventOfPersonsAllOverTheIdsIsSortedAsByComparingThem() {
		// 100,000 results of 60,000 persons in random order (the packed sort), and the
		// same with one person id too large to pack (the compared sort): both as a
		// plain grouping by person gives them
		Random random = new Random(7);
		List<Result> results = new ArrayList<>();
		for (int i = 0; i < TestResultRecorded.MAX; i++) {
			results.add(new Result(1 + random.nextInt(60_000),
					TestResult.values()[random.nextInt(TestResult.values().length)],
					T.plusSeconds(random.nextInt(86_400))));
		}
		assertSameAsGrouped(results);
		results.set(4_242, new Result(Long.MAX_VALUE - 1, TestResult.NEGATIVE, T));
		assertSameAsGrouped(results);
	}

	private static void assertSameAsGrouped(List<Result> results) {
		TreeMap<Long, Long[]> expected = new TreeMap<>();
		for (Result r : results) {
			Long[] row = expected.computeIfAbsent(r.personId(), id -> new Long[4]);
			long at = EpochMicros.of(r.sampledAt());
			int column = switch (r.result()) {
				case NEGATIVE -> 1;
				case POSITIVE -> 2;
				case POOL_POSITIVE -> 3;
			};
			row[0] = (row[0] == null) ? at : Math.max(row[0], at);
			row[column] = (row[column] == null) ? at : Math.max(row[column], at);
		}
		CodeFactWriter.PersonTests tests = CodeFactWriter.PersonTests.of(results);
		assertThat(tests.ids()).containsExactlyElementsOf(expected.keySet());
		assertThat(tests.tested()).containsExactlyElementsOf(expected.values().stream().map(r -> r[0]).toList());
		assertThat(tests.negative()).containsExactlyElementsOf(expected.values().stream().map(r -> r[1]).toList());
		assertThat(tests.positive()).containsExactlyElementsOf(expected.values().stream().map(r -> r[2]).toList());
		assertThat(tests.recalled()).containsExactlyElementsOf(expected.values().stream().map(r -> r[3]).toList());
	}

	@Test
	void nothingGivesNoRows() {
		assertThat(CodeFactWriter.PersonTests.of(List.of()).ids()).isEmpty();
	}

	private static Long micros(long seconds) {
		return EpochMicros.of(T.plusSeconds(seconds));
	}

}
