package org.epigrid.demo.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Encodes rows as CSV lines that PostgreSQL reads with {@code COPY ... (FORMAT csv)}: an
 * empty unquoted field is {@code NULL}, strings that need it are quoted with doubled
 * quotes, arrays are PostgreSQL array literals and time stamps carry their offset.
 */
final class CsvEncoder {

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssxxx");

	private CsvEncoder() {
	}

	static void appendRow(StringBuilder out, DemoTable table, Object[] values) {
		if (values.length != table.columns().size()) {
			throw new IllegalArgumentException(table.tableName() + " has " + table.columns().size()
					+ " columns, row has " + values.length + " values");
		}
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				out.append(',');
			}
			appendValue(out, values[i]);
		}
		out.append('\n');
	}

	static void appendHeader(StringBuilder out, DemoTable table) {
		out.append(String.join(",", table.columns())).append('\n');
	}

	private static void appendValue(StringBuilder out, Object value) {
		switch (value) {
			case null -> {
			}
			case String s -> appendText(out, s);
			case Long l -> out.append(l.longValue());
			case Boolean b -> out.append(b ? 't' : 'f');
			case Integer i -> out.append(i.intValue());
			case Double d -> out.append(d.doubleValue());
			case LocalDate d -> out.append(d);
			case OffsetDateTime t -> out.append(TIMESTAMP.format(t));
			case String[] array -> appendText(out, arrayLiteral(array));
			default -> throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
		}
	}

	private static String arrayLiteral(String[] array) {
		StringBuilder literal = new StringBuilder("{");
		for (int i = 0; i < array.length; i++) {
			if (i > 0) {
				literal.append(',');
			}
			String element = array[i];
			for (int c = 0; c < element.length(); c++) {
				if (!Character.isLetterOrDigit(element.charAt(c)) && element.charAt(c) != '_') {
					throw new IllegalArgumentException("array element needs quoting: " + element);
				}
			}
			literal.append(element);
		}
		return literal.append('}').toString();
	}

	private static void appendText(StringBuilder out, String text) {
		boolean quote = text.isEmpty();
		for (int i = 0; i < text.length() && !quote; i++) {
			char c = text.charAt(i);
			quote = c == ',' || c == '"' || c == '\n' || c == '\r' || c == '\\';
		}
		if (!quote) {
			out.append(text);
			return;
		}
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"') {
				out.append('"');
			}
			out.append(c);
		}
		out.append('"');
	}

}
