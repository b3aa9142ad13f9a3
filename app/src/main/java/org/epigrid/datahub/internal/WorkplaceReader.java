package org.epigrid.datahub.internal;

import java.util.Collection;
import java.util.List;

import org.epigrid.datahub.Workplaces.Colleague;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Colleagues in the employer staff lists ({@code source_record_employer_idx}).
 */
@Repository
public class WorkplaceReader {

	private static final String EMPLOYER = "upper(replace(r.fields ->> 'employer', ' ', ''))";

	private final JdbcClient jdbc;

	WorkplaceReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The colleagues of persons: everyone the staff lists put at the same employer, at
	 * most {@code limit} per employer, in one statement.
	 * @param personIds the persons
	 * @param limit the most colleagues per employer
	 * @return person, employer (as first written) and colleague
	 */
	public List<Colleague> colleagues(Collection<Long> personIds, int limit) {
		return this.jdbc.sql("""
				WITH mine AS (
				    SELECT DISTINCT r.person_id, %1$s AS employer, r.fields ->> 'employer' AS written
				      FROM source_record r
				     WHERE r.person_id = ANY(CAST(:persons AS bigint[])) AND r.category = 'EMPLOYER_STAFF'
				       AND %1$s <> ''),
				staff AS (
				    SELECT m.employer, s.person_id
				      FROM (SELECT DISTINCT employer FROM mine) m
				      CROSS JOIN LATERAL (
				          SELECT DISTINCT r.person_id FROM source_record r
				           WHERE %1$s = m.employer AND r.category = 'EMPLOYER_STAFF' AND r.person_id IS NOT NULL
				           LIMIT :limit) s)
				SELECT DISTINCT ON (mine.person_id, staff.person_id) mine.person_id, mine.written, staff.person_id
				  FROM mine JOIN staff ON staff.employer = mine.employer
				 WHERE staff.person_id <> mine.person_id
				 ORDER BY mine.person_id, staff.person_id""".formatted(EMPLOYER))
			.param("persons", personIds.stream().distinct().toArray(Long[]::new))
			.param("limit", limit)
			.query((rs, i) -> new Colleague(rs.getLong(1), rs.getString(2), rs.getLong(3)))
			.list();
	}

}
