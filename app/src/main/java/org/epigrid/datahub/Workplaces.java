package org.epigrid.datahub;

import java.util.Collection;
import java.util.List;

import org.epigrid.datahub.internal.WorkplaceReader;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Workplaces in the employer staff lists (企业返岗员工, linked to persons by identity
 * resolution), for tracing: who works where a case works. Person ids and the employer's
 * name only.
 */
@Service
public class Workplaces {

	/** The most colleagues per employer: a large firm is narrowed by the investigator. */
	public static final int MAX_PER_EMPLOYER = 2_000;

	private final WorkplaceReader reader;

	Workplaces(WorkplaceReader reader) {
		this.reader = reader;
	}

	/**
	 * The colleagues of persons, at most {@value #MAX_PER_EMPLOYER} per employer.
	 * @param personIds the persons
	 * @return each person's colleagues with the employer
	 */
	@Transactional(readOnly = true)
	public List<Colleague> colleagues(Collection<Long> personIds) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.reader.colleagues(personIds, MAX_PER_EMPLOYER);
	}

	/**
	 * A colleague.
	 *
	 * @param personId the person
	 * @param employer their employer, as the list wrote it
	 * @param colleagueId a colleague on the same employer's list
	 */
	public record Colleague(long personId, String employer, long colleagueId) {
	}

}
