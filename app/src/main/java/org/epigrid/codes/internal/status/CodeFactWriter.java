package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Corrections of the facts codes are computed from ({@code code_fact}), as a reviewer
 * makes them on an appeal. (The facts reported by other modules are written by
 * {@link FactListener}.)
 */
@Repository
public class CodeFactWriter {

	private final JdbcClient jdbc;

	CodeFactWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Clears facts of a person found wrong; a time and its city go together.
	 * @param personId the person
	 * @param facts the facts, at least one
	 * @param now when
	 */
	public void clear(long personId, Set<Fact> facts, Instant now) {
		Set<String> sets = new LinkedHashSet<>();
		for (Fact fact : facts) {
			// column names of the enum, never input
			sets.add(fact.column() + " = NULL");
			if (fact == Fact.RISK_TRIP_AT) {
				sets.add(Fact.RISK_TRIP_CITY.column() + " = NULL");
			}
			if (fact == Fact.INBOUND_AT) {
				sets.add(Fact.INBOUND_CITY.column() + " = NULL");
			}
		}
		this.jdbc.sql("UPDATE code_fact SET " + String.join(", ", sets) + ", updated_at = :now WHERE person_id = :p")
			.param("now", Timestamp.from(now))
			.param("p", personId)
			.update();
	}

}
