package org.epigrid.shared.db;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import org.epigrid.support.AdminApiTest;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox stores events as they are: a city's results travel as events of 100,000
 * persons, and compressing each (~100 ms for 2.6 MB) sat inside every lab delivery's
 * transaction (V44).
 */
@IntegrationTest
class EventPublicationStorageIntegrationTests extends AdminApiTest {

	@Test
	void aLargeEventIsStoredUncompressedAndReadBackWhole() {
		// as TestResultRecorded is stored: persons, a letter each, sampling times
		int persons = 20_000;
		StringBuilder json = new StringBuilder("{\"personIds\":[");
		for (int i = 0; i < persons; i++) {
			json.append(i == 0 ? "" : ",").append(1_000_000 + (i * 7_919L) % 9_000_000);
		}
		json.append("],\"outcomes\":\"").append("N".repeat(persons)).append("\",\"sampledAtMicros\":[");
		for (int i = 0; i < persons; i++) {
			json.append(i == 0 ? "" : ",").append(1_796_600_000_000_000L + (i * 104_729L) % 86_400_000_000L);
		}
		String event = json.append("]}").toString();
		this.tx.executeWithoutResult(status -> {
			UUID id = UUID.randomUUID();
			this.jdbc.sql("""
					INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date)
					VALUES (:id, 'storage-test', 'storage-test', :event, :now)""")
				.param("id", id)
				.param("event", event)
				.param("now", Timestamp.from(Instant.parse("2026-12-07T00:00:00Z")))
				.update();
			// stored out of line (the row would not fit a page) and not compressed,
			// though these digits compress well
			assertThat(this.jdbc
				.sql("""
						SELECT pg_column_compression(serialized_event) IS NULL AND pg_column_size(serialized_event) >= :length
						FROM event_publication WHERE id = :id""")
				.param("id", id)
				.param("length", event.length())
				.query(Boolean.class)
				.single()).isTrue();
			assertThat(this.jdbc.sql("SELECT serialized_event FROM event_publication WHERE id = :id")
				.param("id", id)
				.query(String.class)
				.single()).isEqualTo(event);
			status.setRollbackOnly();
		});
	}

}
