package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The event as the publication registry stores it: in columns, read back the same, and an
 * event stored by an earlier version (one object per result) still read.
 */
class TestResultRecordedTests {

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	@Test
	void storedInColumnsAndReadBackTheSame() {
		TestResultRecorded event = new TestResultRecorded(List.of(
				new TestResultRecorded.Result(17, TestResult.NEGATIVE, Instant.parse("2026-12-07T01:02:03.123456Z")),
				new TestResultRecorded.Result(18, TestResult.POOL_POSITIVE, Instant.parse("1969-12-31T23:59:59.5Z")),
				new TestResultRecorded.Result(19, TestResult.POSITIVE, Instant.parse("2026-12-07T00:00:00Z"))));

		String stored = this.json.writeValueAsString(event);

		assertThat(stored).isEqualTo(
				"{\"personIds\":[17,18,19],\"outcomes\":\"NRP\",\"sampledAtMicros\":[1796605323123456,-500000,1796601600000000]}");
		assertThat(this.json.readValue(stored, TestResultRecorded.class)).isEqualTo(event);
	}

	@Test
	void anEventStoredByAnEarlierVersionIsStillRead() {
		String stored = "{\"results\":[{\"personId\":5,\"result\":\"POOL_POSITIVE\",\"sampledAt\":\"2026-12-01T08:00:00Z\"}]}";

		assertThat(this.json.readValue(stored, TestResultRecorded.class).results()).containsExactly(
				new TestResultRecorded.Result(5, TestResult.POOL_POSITIVE, Instant.parse("2026-12-01T08:00:00Z")));
	}

	@Test
	void columnsOfDifferentLengthsAreRefused() {
		assertThatThrownBy(() -> this.json
			.readValue("{\"personIds\":[1,2],\"outcomes\":\"N\",\"sampledAtMicros\":[0,0]}", TestResultRecorded.class))
			.hasMessageContaining("same length");
	}

}
