package org.epigrid.datahub.internal;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * A record's fields as JSON text inside a quoted CSV field for {@code COPY}: the values
 * the validator produces (text, whole numbers, decimals, and the {@code extra} map of
 * unmapped columns) written straight into the row being formatted, every JSON quote
 * doubled as CSV wants it, without a JSON library's generator and a second pass per row
 * (an import writes 10^6 of them).
 */
final class RecordJson {

	/** Reads and writes the JSON of import jobs (headers, rejected rows). */
	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	/** A JSON quote inside a quoted CSV field. */
	private static final String QUOTE = "\"\"";

	private RecordJson() {
	}

	/**
	 * Appends a map as a JSON object, its quotes doubled.
	 * @param csv where to append
	 * @param fields the fields
	 * @return {@code csv}
	 */
	static Utf8Buffer appendCsvQuoted(Utf8Buffer csv, Map<?, ?> fields) {
		csv.ascii('{');
		boolean first = true;
		for (Map.Entry<?, ?> entry : fields.entrySet()) {
			if (!first) {
				csv.ascii(',');
			}
			first = false;
			string(csv, String.valueOf(entry.getKey())).ascii(':');
			value(csv, entry.getValue());
		}
		return csv.ascii('}');
	}

	/** Whether the text needs no escape (nearly always): appended whole. */
	private static boolean plain(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\') {
				return false;
			}
		}
		return true;
	}

	private static void value(Utf8Buffer csv, Object value) {
		if (value == null) {
			csv.ascii("null");
		}
		else if (value instanceof Map<?, ?> map) {
			appendCsvQuoted(csv, map);
		}
		else if (value instanceof Number || value instanceof Boolean) {
			csv.ascii(value.toString());
		}
		else {
			string(csv, value.toString());
		}
	}

	private static Utf8Buffer string(Utf8Buffer csv, String text) {
		csv.ascii(QUOTE);
		if (plain(text)) {
			return csv.text(text).ascii(QUOTE);
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> escaped.append('\\').append(QUOTE);
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (c < 0x20) {
						escaped.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return csv.text(escaped.toString()).ascii(QUOTE);
	}

}
