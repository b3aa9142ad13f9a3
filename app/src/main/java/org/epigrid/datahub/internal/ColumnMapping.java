package org.epigrid.datahub.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.epigrid.datahub.FieldSpec;
import org.epigrid.datahub.internal.tabular.TabularFiles;

/**
 * Which column of a file holds which field, resolved from the file's header and a
 * source's mapping. Headers match ignoring case, white space, full-width forms and
 * punctuation ({@code "联系 电话："} means {@code 联系电话}); otherwise exactly, so that no column
 * is ever guessed. The same matching recognises the header row among a file's first rows
 * ({@link #headerTest}).
 */
final class ColumnMapping {

	private final Map<FieldSpec, Integer> columns;

	private final List<String> header;

	private final boolean[] mapped;

	private ColumnMapping(Map<FieldSpec, Integer> columns, List<String> header) {
		this.columns = columns;
		this.header = header;
		this.mapped = new boolean[header.size()];
		columns.values().forEach(column -> this.mapped[column] = true);
	}

	/**
	 * Resolves the columns.
	 * @param fields the category's fields
	 * @param mapping the source's mapping: field name → headers
	 * @param header the file's header
	 * @return the mapping
	 * @throws ImportFailure naming every required field without a column
	 */
	static ColumnMapping resolve(List<FieldSpec> fields, Map<String, List<String>> mapping, List<String> header) {
		Map<FieldSpec, Integer> columns = new LinkedHashMap<>();
		List<String> missing = match(fields, mapping, header, columns);
		if (!missing.isEmpty()) {
			throw new ImportFailure("lacks the required column" + (missing.size() > 1 ? "s" : "") + " "
					+ String.join(", ", missing) + ": none of its first " + TabularFiles.HEADER_ROWS_SEARCHED
					+ " non-blank rows names " + (missing.size() > 1 ? "them" : "it") + "; the first of them has: "
					+ String.join(", ", header));
		}
		return new ColumnMapping(columns, List.copyOf(header));
	}

	/**
	 * Recognises a file's header row: a row that names a column for every required field
	 * (the header a {@link #resolve} would accept).
	 * @param fields the category's fields
	 * @param mapping the source's mapping: field name → headers
	 * @return the test, for
	 * {@link TabularFiles#open(java.nio.file.Path, String, Predicate)}
	 */
	static Predicate<List<String>> headerTest(List<FieldSpec> fields, Map<String, List<String>> mapping) {
		return (cells) -> match(fields, mapping, cells, new LinkedHashMap<>()).isEmpty();
	}

	// fills columns; returns the required fields without a column, as "name (姓名 / 名字)"
	private static List<String> match(List<FieldSpec> fields, Map<String, List<String>> mapping, List<String> header,
			Map<FieldSpec, Integer> columns) {
		Map<String, Integer> byHeader = new LinkedHashMap<>();
		for (int i = 0; i < header.size(); i++) {
			byHeader.putIfAbsent(normalise(header.get(i)), i);
		}
		List<Integer> used = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		for (FieldSpec field : fields) {
			Integer column = null;
			for (String alias : mapping.getOrDefault(field.name(), field.headers())) {
				Integer candidate = byHeader.get(normalise(alias));
				if (candidate != null && !used.contains(candidate)) {
					column = candidate;
					break;
				}
			}
			if (column != null) {
				columns.put(field, column);
				used.add(column);
			}
			else if (field.required()) {
				List<String> names = mapping.getOrDefault(field.name(), field.headers());
				missing
					.add(field.name() + " (" + String.join(" / ", names.subList(0, Math.min(3, names.size()))) + ")");
			}
		}
		if (!columns.containsKey(fieldNamed(fields, "idNumber")) && !columns.containsKey(fieldNamed(fields, "phone"))) {
			missing.add("idNumber or phone (身份证号 / 联系电话)");
		}
		return missing;
	}

	Map<FieldSpec, Integer> columns() {
		return this.columns;
	}

	/**
	 * Whether a column holds a field.
	 * @param column zero-based column
	 * @return {@code false} for unmapped columns and cells beyond the header
	 */
	boolean isMapped(int column) {
		return column < this.mapped.length && this.mapped[column];
	}

	String headerOf(int column) {
		return column < this.header.size() ? this.header.get(column) : "column " + (column + 1);
	}

	String headerOf(FieldSpec field) {
		Integer column = this.columns.get(field);
		return column == null ? field.name() : this.header.get(column);
	}

	private static FieldSpec fieldNamed(List<FieldSpec> fields, String name) {
		return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
	}

	static String normalise(String header) {
		String n = Normalizer.normalize(header == null ? "" : header, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
		return n.replaceAll("[\\s\\p{Punct}\\p{IsPunctuation}]", "");
	}

}
