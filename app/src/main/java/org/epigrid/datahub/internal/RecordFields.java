package org.epigrid.datahub.internal;

import java.time.LocalDate;
import java.util.Map;

import org.epigrid.population.IdentityLookup.CandidateQuery;

/**
 * What a stored record's fields say for identity resolution.
 */
public final class RecordFields {

	private RecordFields() {
	}

	/**
	 * The name, birth date and address (the record's address, else its destination) to
	 * look for candidates with.
	 * @param name the record's name
	 * @param fields the record's normalised fields
	 * @return the query
	 */
	public static CandidateQuery candidateQuery(String name, Map<String, Object> fields) {
		Object birth = fields.get("birthDate");
		Object address = fields.getOrDefault("address", fields.get("destination"));
		return new CandidateQuery(name, birth == null ? null : LocalDate.parse(birth.toString()),
				address == null ? null : address.toString());
	}

}
