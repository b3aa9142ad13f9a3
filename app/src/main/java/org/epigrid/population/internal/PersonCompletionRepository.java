package org.epigrid.population.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.epigrid.population.PersonCompletion.Completion;
import org.epigrid.population.PersonCompletion.Field;
import org.epigrid.population.PersonCompletion.Fill;
import org.epigrid.population.PersonCompletion;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of information completion ({@code PersonCompletion}): set-based fills of
 * persons' phones, addresses and places, and the provenance of each in
 * {@code person_completion}.
 */
@Repository
public class PersonCompletionRepository {

	/** The fills as a table {@code f}, from the parameters {@link #params} gives. */
	private static final String FILLS = """
			WITH f AS (
				SELECT * FROM unnest(CAST(:persons AS bigint[]), CAST(:values AS text[]), CAST(:sources AS text[]),
				                     CAST(:refs AS text[]), CAST(:times AS timestamptz[]),
				                     CAST(:verified AS boolean[]))
				       AS f(person_id, value, source, reference, recorded_at, verified)
			)
			""";

	private final JdbcClient jdbc;

	private final Clock clock;

	PersonCompletionRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Fills fields of persons.
	 * @param fills what records say, at most one per person and field (the newest)
	 * @return how many fields were filled
	 */
	public int fill(List<Fill> fills) {
		List<Fill> phones = fills.stream().filter(f -> f.field() == Field.PHONE).toList();
		List<Fill> addresses = fills.stream().filter(f -> f.field() == Field.ADDRESS).toList();
		Timestamp now = Timestamp.from(this.clock.instant());
		int filled = 0;
		if (!phones.isEmpty()) {
			filled += this.jdbc
				.sql(FILLS + ","
						+ """
								updated AS (
									UPDATE person p SET phone = f.value, phone_verified = f.verified, phone_source = left(f.source, 64),
									                    updated_at = :now FROM f
									WHERE p.id = f.person_id AND p.phone IS NULL AND p.merged_into IS NULL
									RETURNING p.id
								)
								INSERT INTO person_completion (person_id, field, value, source, reference, method, recorded_at, filled_at)
								SELECT f.person_id, 'phone', f.value, f.source, f.reference, 'SOURCE_RECORD', f.recorded_at, :now
								FROM f JOIN updated u ON u.id = f.person_id
								""")
				.params(params(phones))
				.param("now", now)
				.update();
		}
		if (!addresses.isEmpty()) {
			filled += this.jdbc
				.sql(FILLS
						+ """
								INSERT INTO person_completion (person_id, field, value, source, reference, method, recorded_at, filled_at)
								SELECT f.person_id, 'address', f.value, f.source, f.reference, 'SOURCE_RECORD', f.recorded_at, :now
								FROM f JOIN person p ON p.id = f.person_id
								WHERE p.household_id IS NULL AND p.merged_into IS NULL
								  AND NOT EXISTS (SELECT 1 FROM person_completion c
								                  WHERE c.person_id = f.person_id AND c.field = 'address'
								                    AND (c.value = f.value OR c.recorded_at > f.recorded_at))
								""")
				.params(params(addresses))
				.param("now", now)
				.update();
			// place provisional persons at the household their address matches best
			this.jdbc.sql("SET LOCAL pg_trgm.similarity_threshold = " + PersonCompletion.ADDRESS_MATCH).update();
			filled += this.jdbc
				.sql(FILLS + ","
						+ """
								matched AS (
									SELECT f.*, h.path, similarity(h.address, f.value) AS score
									FROM f JOIN person p ON p.id = f.person_id AND p.provisional AND p.household_id IS NULL
									                       AND p.merged_into IS NULL
									CROSS JOIN LATERAL (SELECT h.path, h.address FROM household h WHERE h.address % f.value
									                    ORDER BY similarity(h.address, f.value) DESC, h.id LIMIT 1) h
								),
								moved AS (
									UPDATE person p SET path = m.path, updated_at = :now FROM matched m
									WHERE p.id = m.person_id AND p.path <> m.path
									RETURNING p.id
								)
								INSERT INTO person_completion (person_id, field, value, source, reference, method, score, recorded_at,
								                               filled_at)
								SELECT m.person_id, 'grid', m.path, m.source, m.reference, 'ADDRESS_MATCH', m.score, m.recorded_at, :now
								FROM matched m JOIN moved ON moved.id = m.person_id
								""")
				.params(params(addresses))
				.param("now", now)
				.update();
		}
		return filled;
	}

	/**
	 * What was filled for a person, newest first.
	 * @param personId the person
	 * @return the completions
	 */
	public List<Completion> completions(long personId) {
		return this.jdbc.sql("""
				SELECT field, value, source, reference, method, score, recorded_at, filled_at
				FROM person_completion WHERE person_id = :p ORDER BY filled_at DESC, id DESC
				""")
			.param("p", personId)
			.query((rs, i) -> new Completion(Field.valueOf(rs.getString("field").toUpperCase(Locale.ROOT)),
					rs.getString("value"), rs.getString("source"), rs.getString("reference"), rs.getString("method"),
					rs.getObject("score", Float.class), rs.getTimestamp("recorded_at").toInstant(),
					rs.getTimestamp("filled_at").toInstant()))
			.list();
	}

	private static Map<String, Object> params(List<Fill> fills) {
		List<Long> persons = new ArrayList<>();
		List<String> values = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		List<String> refs = new ArrayList<>();
		List<Timestamp> times = new ArrayList<>();
		List<Boolean> verified = new ArrayList<>();
		for (Fill f : fills) {
			verified.add(f.verified());
			persons.add(f.personId());
			values.add(f.value());
			sources.add(f.source());
			refs.add(f.reference());
			times.add(Timestamp.from(f.recordedAt()));
		}
		return Map.of("persons", persons.toArray(Long[]::new), "values", values.toArray(String[]::new), "sources",
				sources.toArray(String[]::new), "refs", refs.toArray(String[]::new), "times",
				times.toArray(Timestamp[]::new), "verified", verified.toArray(Boolean[]::new));
	}

}
