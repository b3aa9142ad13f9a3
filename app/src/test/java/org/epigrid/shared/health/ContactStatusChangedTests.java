package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contact status travels in batches: stored and read back the same, an event of an
 * earlier version (one person) still read, and no batch above the limit.
 */
class ContactStatusChangedTests {

	private final JsonMapper json = JsonMapper.builder().findAndAddModules().build();

	@Test
	void aBatchIsStoredAndReadBackTheSame() {
		ContactStatusChanged event = new ContactStatusChanged(List.of(3L, 5L, 8L), ContactLevel.CLOSE,
				Instant.parse("2026-12-07T01:02:03Z"));
		String stored = this.json.writeValueAsString(event);
		assertThat(stored).contains("\"personIds\":[3,5,8]");
		assertThat(this.json.readValue(stored, ContactStatusChanged.class)).isEqualTo(event);
	}

	@Test
	void anEventOfOnePersonStoredByAnEarlierVersionIsStillRead() {
		ContactStatusChanged read = this.json.readValue(
				"{\"personId\":42,\"level\":\"SECONDARY\",\"at\":\"2026-12-01T08:00:00Z\"}",
				ContactStatusChanged.class);
		assertThat(read)
			.isEqualTo(ContactStatusChanged.of(42, ContactLevel.SECONDARY, Instant.parse("2026-12-01T08:00:00Z")));
		// a release: no level
		assertThat(this.json
			.readValue("{\"personId\":42,\"level\":null,\"at\":\"2026-12-01T08:00:00Z\"}", ContactStatusChanged.class)
			.level()).isNull();
	}

	@Test
	void noBatchIsLargerThanTheLimit() {
		List<Long> many = LongStream.range(0, ContactStatusChanged.MAX + 1).boxed().toList();
		assertThatThrownBy(() -> new ContactStatusChanged(many, ContactLevel.CLOSE, Instant.EPOCH))
			.isInstanceOf(IllegalArgumentException.class);
		assertThat(
				new ContactStatusChanged(many.subList(0, ContactStatusChanged.MAX), ContactLevel.CLOSE, Instant.EPOCH)
					.personIds())
			.hasSize(ContactStatusChanged.MAX);
	}

}
