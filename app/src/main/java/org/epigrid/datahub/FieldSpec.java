package org.epigrid.datahub;

import java.util.List;

/**
 * One field of a data category: its name in EpiGrid, how it is checked, whether a record
 * needs it, and the column headers departments use for it (Chinese first).
 *
 * @param name field name, e.g. {@code idNumber}
 * @param type how it is checked
 * @param required whether every record must have it
 * @param headers column headers that mean this field, matched ignoring case, spaces and
 * punctuation
 */
public record FieldSpec(String name, FieldType type, boolean required, List<String> headers) {

	static FieldSpec required(String name, FieldType type, String... headers) {
		return new FieldSpec(name, type, true, List.of(headers));
	}

	static FieldSpec optional(String name, FieldType type, String... headers) {
		return new FieldSpec(name, type, false, List.of(headers));
	}

}
