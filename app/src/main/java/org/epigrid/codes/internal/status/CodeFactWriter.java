package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

import org.epigrid.shared.EpochMicros;
import org.epigrid.shared.health.TestResultRecorded;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The facts codes are computed from ({@code code_fact}): those other modules report
 * (through {@link FactListener}, set-based for batches of persons) and the corrections a
 * reviewer makes on an appeal. Times only move forward: an older fact arriving late does
 * not undo a newer one. Batches are written in person order: two batches over the same
 * persons (two rounds' results, handled by two listeners at once) lock them in the same
 * order, so one waits for the other instead of both deadlocking.
 */
@Repository
public class CodeFactWriter {

	private final JdbcClient jdbc;

	CodeFactWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Sets a status fact (last decision wins) for some persons.
	 * @param personIds the persons
	 * @param fact one of the status facts (case, contact, quarantine, zone)
	 * @param value the value, {@code null} to clear
	 * @param now when
	 */
	void setStatus(List<Long> personIds, Fact fact, String value, Instant now) {
		this.jdbc.sql("""
				INSERT INTO code_fact (person_id, %1$s, updated_at)
				SELECT id, CAST(:v AS text), :now FROM unnest(CAST(:ids AS bigint[])) AS id ORDER BY id
				ON CONFLICT (person_id) DO UPDATE SET %1$s = EXCLUDED.%1$s, updated_at = EXCLUDED.updated_at
				""".formatted(fact.column()))
			.param("v", value)
			.param("now", Timestamp.from(now))
			.param("ids", personIds.toArray(Long[]::new))
			.update();
	}

	/**
	 * Records test results of a batch of persons in one statement: the latest sampling,
	 * the latest negative, positive and pooled-positive (recall) one; and says whose
	 * codes must be computed again.
	 * @param results the results, a person possibly more than once
	 * @param indifferent facts the rules in force do not care about in a person who has
	 * no others ({@link RuleSet#indifferentTo}; empty: everyone is computed again)
	 * @param now when
	 * @return the persons to compute again, in id order: all of them, or with
	 * {@code indifferent} only those with other facts or a stored status — a round's
	 * negatives are millions of persons whose facts are test times alone
	 */
	List<Long> tests(List<TestResultRecorded.Result> results, Set<Fact> indifferent, Instant now) {
		StringJoiner settled = new StringJoiner(" AND ");
		for (Fact fact : Fact.values()) {
			if (!indifferent.contains(fact)) {
				settled.add("code_fact." + fact.column() + " IS NULL");
			}
		}
		String recompute = indifferent.isEmpty() ? "TRUE" : "NOT (" + settled
				+ ") OR EXISTS (SELECT 1 FROM code_status s WHERE s.person_id = code_fact.person_id)";
		PersonTests tests = PersonTests.of(results);
		// one row per person, in person order (the locks' order), as unnest gives them:
		// grouping and sorting 100,000 rows in the statement cost a quarter of it
		return this.jdbc
			.sql("""
					WITH u AS (
					  INSERT INTO code_fact (person_id, tested_at, negative_test_at, positive_test_at, recalled_at, updated_at)
					  SELECT t.id, TIMESTAMPTZ 'epoch' + t.tested * INTERVAL '1 microsecond',
					    TIMESTAMPTZ 'epoch' + t.negative * INTERVAL '1 microsecond',
					    TIMESTAMPTZ 'epoch' + t.positive * INTERVAL '1 microsecond',
					    TIMESTAMPTZ 'epoch' + t.recalled * INTERVAL '1 microsecond', CAST(:now AS timestamptz)
					  FROM unnest(CAST(:ids AS bigint[]), CAST(:tested AS bigint[]), CAST(:negative AS bigint[]),
					              CAST(:positive AS bigint[]), CAST(:recalled AS bigint[])) AS t(id, tested, negative, positive, recalled)
					  ON CONFLICT (person_id) DO UPDATE SET
					    tested_at = GREATEST(code_fact.tested_at, EXCLUDED.tested_at),
					    negative_test_at = GREATEST(code_fact.negative_test_at, EXCLUDED.negative_test_at),
					    positive_test_at = GREATEST(code_fact.positive_test_at, EXCLUDED.positive_test_at),
					    recalled_at = GREATEST(code_fact.recalled_at, EXCLUDED.recalled_at),
					    updated_at = EXCLUDED.updated_at
					  RETURNING person_id, %s AS recompute
					)
					SELECT person_id FROM u WHERE recompute ORDER BY person_id
					"""
				.formatted(recompute))
			.param("ids", tests.ids)
			// times as microseconds: 100,000 timestamps written and parsed as text cost
			// more than the rest of the statement's input
			.param("tested", tests.tested)
			.param("negative", tests.negative)
			.param("positive", tests.positive)
			.param("recalled", tests.recalled)
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.list();
	}

	/**
	 * A batch's test results per person, in person order: the latest sampling, the latest
	 * of each outcome ({@code null} where none), in microseconds.
	 */
	record PersonTests(Long[] ids, Long[] tested, Long[] negative, Long[] positive, Long[] recalled) {

		/**
		 * Bits of a result's index in a sort key: at least
		 * {@link TestResultRecorded#MAX}.
		 */
		private static final int INDEX_BITS = 20;

		static PersonTests of(List<TestResultRecorded.Result> results) {
			int n = results.size();
			int[] order = byPerson(results);
			Long[] ids = new Long[n];
			Long[] tested = new Long[n];
			Long[] negative = new Long[n];
			Long[] positive = new Long[n];
			Long[] recalled = new Long[n];
			int persons = 0;
			long last = 0;
			for (int k = 0; k < n; k++) {
				TestResultRecorded.Result result = results.get(order[k]);
				long at = EpochMicros.of(result.sampledAt());
				if (persons == 0 || last != result.personId()) {
					last = result.personId();
					ids[persons] = last;
					tested[persons] = at;
					persons++;
				}
				else {
					tested[persons - 1] = Math.max(tested[persons - 1], at);
				}
				Long[] latest = switch (result.result()) {
					case NEGATIVE -> negative;
					case POSITIVE -> positive;
					case POOL_POSITIVE -> recalled;
				};
				Long known = latest[persons - 1];
				latest[persons - 1] = (known == null) ? at : Math.max(known, at);
			}
			return new PersonTests(Arrays.copyOf(ids, persons), Arrays.copyOf(tested, persons),
					Arrays.copyOf(negative, persons), Arrays.copyOf(positive, persons),
					Arrays.copyOf(recalled, persons));
		}

		/**
		 * The results' positions in person order: person and position packed in one
		 * {@code long} and sorted as numbers (a comparator over boxed positions took a
		 * tenth of the platform's own CPU time in a city's results), else compared.
		 */
		private static int[] byPerson(List<TestResultRecorded.Result> results) {
			int n = results.size();
			int[] order = new int[n];
			long[] keys = new long[n];
			boolean packable = n <= (1 << INDEX_BITS);
			for (int i = 0; i < n && packable; i++) {
				long id = results.get(i).personId();
				packable = id >= 0 && id < (1L << (63 - INDEX_BITS));
				keys[i] = (id << INDEX_BITS) | i;
			}
			if (packable) {
				Arrays.sort(keys);
				for (int k = 0; k < n; k++) {
					order[k] = (int) (keys[k] & ((1 << INDEX_BITS) - 1));
				}
				return order;
			}
			Integer[] boxed = new Integer[n];
			for (int i = 0; i < n; i++) {
				boxed[i] = i;
			}
			Arrays.sort(boxed, Comparator.comparingLong(i -> results.get(i).personId()));
			for (int k = 0; k < n; k++) {
				order[k] = boxed[k];
			}
			return order;
		}

	}

	/**
	 * Records a testing round missed (the latest deadline) for a batch of persons in one
	 * statement.
	 * @param personIds the persons
	 * @param deadline the round's deadline
	 * @param now when
	 */
	void missedRound(List<Long> personIds, Instant deadline, Instant now) {
		this.jdbc
			.sql("""
					INSERT INTO code_fact (person_id, missed_round_at, updated_at)
					SELECT DISTINCT id, CAST(:t AS timestamptz), CAST(:now AS timestamptz) FROM unnest(CAST(:ids AS bigint[])) AS id ORDER BY id
					ON CONFLICT (person_id) DO UPDATE SET
					  missed_round_at = GREATEST(code_fact.missed_round_at, EXCLUDED.missed_round_at),
					  updated_at = EXCLUDED.updated_at
					""")
			.param("ids", personIds.toArray(Long[]::new))
			.param("t", Timestamp.from(deadline))
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Records a vaccination (the most doses, the latest date).
	 * @param personId the person
	 * @param at when vaccinated
	 * @param doses doses so far
	 * @param now when
	 */
	void vaccination(long personId, Instant at, int doses, Instant now) {
		upsert(personId, """
				vaccine_doses = GREATEST(code_fact.vaccine_doses, EXCLUDED.vaccine_doses),
				vaccinated_at = GREATEST(code_fact.vaccinated_at, EXCLUDED.vaccinated_at)""",
				"vaccinated_at, vaccine_doses", "CAST(:t AS timestamptz), CAST(:n AS smallint)", Timestamp.from(at),
				(short) doses, now);
	}

	// one person's facts; columns, values and update clauses are the fixed ones above
	private void upsert(long personId, String update, String columns, String values, Object t, Object n, Instant now) {
		this.jdbc.sql("""
				INSERT INTO code_fact (person_id, %s, updated_at) VALUES (:id, %s, :now)
				ON CONFLICT (person_id) DO UPDATE SET %s, updated_at = EXCLUDED.updated_at
				""".formatted(columns, values, update))
			.param("id", personId)
			.param("t", t)
			.param("n", n)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Sets a travel fact (the latest time and its city) for a batch of persons in one
	 * statement; a person's latest entry of the batch wins.
	 * @param trip which travel fact
	 * @param travels the persons' travels, not empty
	 * @param now when
	 */
	void travel(Trip trip, List<Travel> travels, Instant now) {
		// one row per person: ON CONFLICT may touch a row once
		this.jdbc.sql("""
				INSERT INTO code_fact (person_id, %1$s, %2$s, updated_at)
				SELECT DISTINCT ON (t.id) t.id, CAST(t.at AS timestamptz), t.city, :now
				FROM unnest(CAST(:ids AS bigint[]), CAST(:ats AS text[]), CAST(:cities AS text[])) AS t(id, at, city)
				ORDER BY t.id, CAST(t.at AS timestamptz) DESC
				ON CONFLICT (person_id) DO UPDATE SET
				  %2$s = CASE WHEN code_fact.%1$s > EXCLUDED.%1$s THEN code_fact.%2$s ELSE EXCLUDED.%2$s END,
				  %1$s = GREATEST(code_fact.%1$s, EXCLUDED.%1$s), updated_at = EXCLUDED.updated_at
				""".formatted(trip.atColumn, trip.cityColumn))
			.param("ids", travels.stream().map(Travel::personId).toArray(Long[]::new))
			.param("ats", travels.stream().map(t -> t.at().toString()).toArray(String[]::new))
			.param("cities", travels.stream().map(Travel::city).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/** The travel facts: each a time and its city. */
	enum Trip {

		/** Arrived from a city with risk areas. */
		INBOUND(Fact.INBOUND_AT, Fact.INBOUND_CITY),
		/** Was in a city with risk areas. */
		RISK_CITY(Fact.RISK_TRIP_AT, Fact.RISK_TRIP_CITY);

		private final String atColumn;

		private final String cityColumn;

		Trip(Fact at, Fact city) {
			this.atColumn = at.column();
			this.cityColumn = city.column();
		}

	}

	/**
	 * A person in a city at a time.
	 *
	 * @param personId the person
	 * @param city the city
	 * @param at when
	 */
	record Travel(long personId, String city, Instant at) {
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
