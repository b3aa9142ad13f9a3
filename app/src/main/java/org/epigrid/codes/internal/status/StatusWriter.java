package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeChanged;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of the {@link StatusEngine}: the rules compiled to SQL
 * ({@link RuleSet#colourSql()} …) evaluated over {@code code_fact}, real changes written
 * to {@code code_status} and {@code code_status_history} in one set-based statement. A
 * person whose status is what the rules give for no facts, with no time condition to
 * watch, gets no row (a round's negative results are millions of such persons: a row each
 * was most of the time it took them to reach the codes); readers give such a person the
 * default with the facts' test time.
 */
@Repository
public class StatusWriter {

	private final JdbcClient jdbc;

	StatusWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return the highest id of a person with facts, {@code null} if nobody has any
	 */
	public Long lastPersonWithFacts() {
		return this.jdbc.sql("SELECT max(person_id) FROM code_fact").query(Long.class).single();
	}

	/**
	 * Computes the statuses of some persons and writes the real changes (and moved
	 * expiries) with their history.
	 * @param rules the rules in force
	 * @param version their version
	 * @param none what the rules give for no facts (a person without a stored status has
	 * it)
	 * @param persons whose
	 * @param cause what changed, for the history
	 * @param now when
	 * @return the changes of colour, star or reasons
	 */
	List<HealthCodeChanged> write(RuleSet rules, int version, StatusEngine.Default none, Persons persons, String cause,
			Instant now) {
		String sql = COMPUTE_AND_WRITE.formatted(rules.colourSql(), rules.starSql(), rules.reasonsSql(),
				rules.validUntilSql(), persons.filter);
		var statement = this.jdbc.sql(sql)
			.param("now", Timestamp.from(now))
			.param("dc", none.colour())
			.param("ds", none.star())
			.param("dr", none.reasons())
			.param("version", version)
			.param("cause", cause);
		if (persons.ids != null) {
			statement = statement.param("ids", persons.ids);
		}
		if (persons.filter.contains(":from")) {
			statement = statement.param("from", persons.from).param("to", persons.to);
		}
		return statement
			.query((rs, i) -> new HealthCodeChanged(rs.getLong(1), Colour.ofRank(rs.getInt(2)), rs.getBoolean(3)))
			.list();
	}

	/**
	 * Evaluates rules for one person from their facts, storing nothing.
	 * @param rules the rules
	 * @param version their version
	 * @param personId the person
	 * @param now when
	 * @return colour rank, star and reason codes; empty if the person has no facts
	 */
	Optional<StatusEngine.Default> evaluate(RuleSet rules, int version, long personId, Instant now) {
		return this.jdbc.sql(
				"WITH p AS (SELECT CAST(:now AS timestamptz) AS now) SELECT %s, %s, %s FROM code_fact f CROSS JOIN p WHERE f.person_id = :id"
					.formatted(rules.colourSql(), rules.starSql(), rules.reasonsSql()))
			.param("now", Timestamp.from(now))
			.param("id", personId)
			.query((rs, i) -> new StatusEngine.Default(version, rs.getInt(1), rs.getBoolean(2),
					(String[]) rs.getArray(3).getArray()))
			.optional();
	}

	/**
	 * Evaluates rules for a person without facts.
	 * @param rules the rules
	 * @param version their version
	 * @param now when
	 * @return colour rank, star, reason codes
	 */
	StatusEngine.Default evaluateWithoutFacts(RuleSet rules, int version, Instant now) {
		StringJoiner nulls = new StringJoiner(", ");
		for (Fact fact : Fact.values()) {
			String type = switch (fact.type()) {
				case TIME -> "timestamptz";
				case NUMBER -> "smallint";
				default -> "text";
			};
			nulls.add("CAST(NULL AS " + type + ") AS " + fact.column());
		}
		return this.jdbc
			.sql("WITH p AS (SELECT CAST(:now AS timestamptz) AS now) SELECT %s, %s, %s FROM (SELECT %s) f CROSS JOIN p"
				.formatted(rules.colourSql(), rules.starSql(), rules.reasonsSql(), nulls))
			.param("now", Timestamp.from(now))
			.query((rs, i) -> new StatusEngine.Default(version, rs.getInt(1), rs.getBoolean(2),
					(String[]) rs.getArray(3).getArray()))
			.single();
	}

	private static final String COMPUTE_AND_WRITE = """
			WITH p AS (SELECT CAST(:now AS timestamptz) AS now),
			c AS (
			  SELECT f.person_id, %s AS colour, %s AS star, %s AS reasons, %s AS valid_until
			  FROM code_fact f CROSS JOIN p WHERE %s
			),
			d AS (
			  SELECT c.*,
			    CASE WHEN s.person_id IS NULL
			      THEN c.colour <> :dc OR c.star <> :ds OR c.reasons <> CAST(:dr AS text[])
			      ELSE c.colour <> s.colour OR c.star <> s.star OR c.reasons <> s.reasons END AS changed,
			    CASE WHEN s.person_id IS NULL THEN c.colour <> :dc OR c.star <> :ds OR c.reasons <> CAST(:dr AS text[])
			                                      OR c.valid_until IS NOT NULL
			      ELSE s.valid_until IS DISTINCT FROM c.valid_until END AS moved
			  FROM c LEFT JOIN code_status s ON s.person_id = c.person_id
			),
			u AS (
			  INSERT INTO code_status AS s (person_id, colour, star, reasons, protocol_version, changed_at, valid_until)
			  SELECT person_id, colour, star, reasons, :version, CAST(:now AS timestamptz), valid_until
			  FROM d WHERE changed OR moved ORDER BY person_id
			  ON CONFLICT (person_id) DO UPDATE SET colour = EXCLUDED.colour, star = EXCLUDED.star,
			    reasons = EXCLUDED.reasons, valid_until = EXCLUDED.valid_until,
			    protocol_version = CASE WHEN s.colour = EXCLUDED.colour AND s.star = EXCLUDED.star
			      AND s.reasons = EXCLUDED.reasons THEN s.protocol_version ELSE EXCLUDED.protocol_version END,
			    changed_at = CASE WHEN s.colour = EXCLUDED.colour AND s.star = EXCLUDED.star
			      AND s.reasons = EXCLUDED.reasons THEN s.changed_at ELSE EXCLUDED.changed_at END
			),
			h AS (
			  INSERT INTO code_status_history (person_id, at, colour, star, reasons, protocol_version, cause)
			  SELECT person_id, CAST(:now AS timestamptz), colour, star, reasons, :version, :cause FROM d WHERE changed
			)
			SELECT person_id, colour, star FROM d WHERE changed
			""";

	/** Which persons a computation covers (a condition on {@code code_fact f}). */
	static final class Persons {

		private final String filter;

		private final Long[] ids;

		private final long from;

		private final long to;

		private Persons(String filter, Long[] ids, long from, long to) {
			this.filter = filter;
			this.ids = ids;
			this.from = from;
			this.to = to;
		}

		/** Some persons. */
		static Persons of(Long[] ids) {
			return new Persons("f.person_id = ANY(:ids)", ids, 0, 0);
		}

		/** The persons of a range of ids, {@code to} excluded. */
		static Persons range(long from, long to) {
			return new Persons("f.person_id >= :from AND f.person_id < :to", null, from, to);
		}

		/** The persons whose stored status's time conditions have flipped by now. */
		static Persons expired() {
			return new Persons(
					"f.person_id IN (SELECT person_id FROM code_status WHERE valid_until <= CAST(:now AS timestamptz))",
					null, 0, 0);
		}

	}

}
