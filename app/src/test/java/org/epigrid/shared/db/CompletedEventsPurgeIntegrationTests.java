package org.epigrid.shared.db;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.epigrid.support.AdminApiTest;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox deletes its completed events after {@code epigrid.db.keep-completed-events}
 * (7 days), by the platform's clock, and never an event a listener has not handled yet.
 */
@IntegrationTest
class CompletedEventsPurgeIntegrationTests extends AdminApiTest {

	@Autowired
	CompletedEventsPurge purge;

	@Test
	void completedEventsOlderThanAWeekAreDeletedOthersKept() {
		Instant now = this.clock.instant();
		this.tx.executeWithoutResult(status -> {
			UUID old = publication(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(8)));
			UUID recent = publication(now.minus(Duration.ofDays(9)), now.minus(Duration.ofDays(6)));
			UUID unhandled = publication(now.minus(Duration.ofDays(30)), null);

			this.purge.purge();

			List<UUID> left = this.jdbc.sql("SELECT id FROM event_publication WHERE listener_id = 'purge-test'")
				.query(UUID.class)
				.list();
			assertThat(left).containsExactlyInAnyOrder(recent, unhandled).doesNotContain(old);
			// the test's rows and any other deletion are undone
			status.setRollbackOnly();
		});
	}

	private UUID publication(Instant published, Instant completed) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,
				                               completion_date, status)
				VALUES (:id, 'purge-test', 'purge-test', '{}', :published, :completed, :status)""")
			.param("id", id)
			.param("published", Timestamp.from(published))
			.param("completed", (completed == null) ? null : Timestamp.from(completed))
			.param("status", (completed == null) ? "PUBLISHED" : "COMPLETED")
			.update();
		return id;
	}

}
