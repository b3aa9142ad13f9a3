package org.epigrid.datahub;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.epigrid.population.PersonCompletion.Completion;
import org.epigrid.population.PersonDetail;

/**
 * One person, one file (一人一档): the population base's record and everything the
 * departments' lists say about the person, each item with its source and time. Later
 * modules (tests, codes, cases, quarantine, tasks) add their items here as they arrive.
 *
 * @param person the base record, masked according to the viewer's roles
 * @param sources the distinct sources that name the person ("appears in N sources")
 * @param timeline every source record, newest event first
 * @param completions fields of the base filled from the records (信息补全), each with its
 * source and record, newest first; phones masked like the base record
 */
public record Dossier(PersonDetail person, List<SourceCount> sources, List<Entry> timeline,
		List<Completion> completions) {

	/**
	 * How often one source names the person.
	 *
	 * @param code source code
	 * @param name source name
	 * @param department delivering department
	 * @param records number of records
	 */
	public record SourceCount(String code, String name, String department, long records) {
	}

	/**
	 * One source record on the timeline.
	 *
	 * @param recordId the source record
	 * @param sourceCode its source's code
	 * @param sourceName its source's name
	 * @param department the delivering department
	 * @param category the kind of record
	 * @param occurredAt when the recorded event happened, may be {@code null}
	 * @param importedAt when it was imported
	 * @param importId the import it came with
	 * @param linkMethod how it was linked to the person
	 * @param linkScore the link's score (1 for an ID number match)
	 * @param fields the record's fields (identifiers masked as the viewer's roles
	 * require)
	 * @param occurredAtLocal {@code occurredAt} in the platform's time zone, may be
	 * {@code null}
	 */
	public record Entry(long recordId, String sourceCode, String sourceName, String department, DataCategory category,
			Instant occurredAt, Instant importedAt, long importId, String linkMethod, Float linkScore,
			Map<String, Object> fields, java.time.LocalDateTime occurredAtLocal) {
	}

}
