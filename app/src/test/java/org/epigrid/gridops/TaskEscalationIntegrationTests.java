package org.epigrid.gridops;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.epigrid.gridops.internal.TaskEscalation;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An overdue task climbs the service chain one level a check — micro-grid informant, grid
 * worker, village or community, township, and no higher — due again after the grace each
 * time, and the staff receiving it get a text message. Time is passed to the escalation,
 * not read from the wall clock.
 */
@IntegrationTest
class TaskEscalationIntegrationTests extends AdminApiTest {

	@Autowired
	TaskEscalation escalation;

	@Test
	void anOverdueTaskClimbsTheChainUpToTheTownshipAndTheStaffAreTold() {
		Object[] micro = this.jdbc.sql("""
				SELECT m.path, g.path, v.path, t.path FROM division m
				  JOIN division g ON g.id = m.parent_id JOIN division v ON v.id = g.parent_id
				  JOIN division t ON t.id = v.parent_id
				 WHERE m.level = 'MICRO_GRID' AND g.level = 'GRID' AND t.level = 'TOWNSHIP'
				 ORDER BY m.id LIMIT 1 OFFSET 3""")
			.query((rs, i) -> new Object[] { rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4) })
			.single();
		String managerPhone = this.jdbc.sql("""
				SELECT s.phone FROM grid_staff s JOIN division d ON d.id = s.division_id
				 WHERE d.path = :g AND s.role = 'GRID_MANAGER' AND s.phone IS NOT NULL LIMIT 1""")
			.param("g", micro[1])
			.query(String.class)
			.single();
		long person = this.jdbc
			.sql("""
					INSERT INTO person (name, document_type, document_number, sex, path, population_type, created_at, updated_at)
					VALUES ('升级测试', 'RESIDENT_ID', :n, 'UNKNOWN', :path, 'RESIDENT', now(), now()) RETURNING id""")
			.param("n", TestIds.valid())
			.param("path", micro[0])
			.query(Long.class)
			.single();
		try {
			Instant now = this.clock.instant();
			publish(new ContactStatusChanged(List.of(person), ContactLevel.CLOSE, now));
			await().atMost(Duration.ofSeconds(10)).until(() -> assignee(person) != null);
			assertThat(assignee(person)).isEqualTo(micro[0]);

			// three hours on: the two hours to tell a close contact are past
			Instant later = now.plus(Duration.ofHours(3));
			assertThat(this.escalation.escalateDue(later)).isPositive();
			assertThat(assignee(person)).isEqualTo(micro[1]);
			assertThat(status(person)).isEqualTo("ESCALATED/1");
			assertThat(due(person)).isCloseTo(later.plus(Duration.ofHours(2)),
					org.assertj.core.api.Assertions.within(1, java.time.temporal.ChronoUnit.MILLIS));
			assertThat(this.jdbc.sql("""
					SELECT count(*) FROM message_outbox WHERE recipient = :p AND purpose = 'TASK_ESCALATED'""")
				.param("p", managerPhone)
				.query(Long.class)
				.single()).isPositive();
			// not yet due again: it stays
			this.escalation.escalateDue(later.plus(Duration.ofHours(1)));
			assertThat(assignee(person)).isEqualTo(micro[1]);
			// overdue again and again: the village or community, then the township, no
			// higher
			this.escalation.escalateDue(later.plus(Duration.ofHours(3)));
			assertThat(assignee(person)).isEqualTo(micro[2]);
			this.escalation.escalateDue(later.plus(Duration.ofHours(6)));
			assertThat(assignee(person)).isEqualTo(micro[3]);
			this.escalation.escalateDue(later.plus(Duration.ofHours(9)));
			assertThat(assignee(person)).isEqualTo(micro[3]);
			assertThat(status(person)).isEqualTo("ESCALATED/3");
		}
		finally {
			// the person leaves the grid again: other tests take "the grid's last
			// persons"
			this.jdbc.sql("DELETE FROM gridops_task WHERE person_id = :p").param("p", person).update();
			this.jdbc.sql("DELETE FROM person WHERE id = :p").param("p", person).update();
		}
	}

	private String assignee(long person) {
		return this.jdbc.sql("SELECT assignee_path FROM gridops_task WHERE person_id = :p AND kind = 'CLOSE_CONTACT'")
			.param("p", person)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	private String status(long person) {
		return this.jdbc.sql(
				"SELECT status || '/' || escalations FROM gridops_task WHERE person_id = :p AND kind = 'CLOSE_CONTACT'")
			.param("p", person)
			.query(String.class)
			.single();
	}

	private Instant due(long person) {
		return this.jdbc.sql("SELECT due_at FROM gridops_task WHERE person_id = :p AND kind = 'CLOSE_CONTACT'")
			.param("p", person)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

}
