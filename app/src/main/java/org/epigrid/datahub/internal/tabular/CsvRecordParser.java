package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Splits decoded text into CSV records, line by line, so that one broken quote costs one
 * row and not the rest of the file.
 * <p>
 * Quoting as in RFC 4180: a field that starts with {@code "} is quoted, may hold
 * delimiters, doubled quotes ({@code ""}) and line breaks (kept as they are in the file),
 * and ends with a {@code "} followed by a delimiter or the end of a line. A quote inside
 * an unquoted field is an ordinary character; text after the closing quote of a field on
 * a single line is kept ({@code "北京"市} reads {@code 北京市}), as spreadsheet programs read
 * it.
 * <p>
 * <b>Resynchronising.</b> A record starting on line L is <i>broken</i> when a quoted
 * field that runs past the end of its line
 * <ul>
 * <li>never closes (the file ends inside it),</li>
 * <li>closes with text other than a delimiter or a line end after the quote (what happens
 * when an unclosed quote runs on into the next quoted field of a later row), or</li>
 * <li>runs over more than {@value #MAX_RECORD_LINES} lines or {@value #MAX_RECORD_CHARS}
 * characters.</li>
 * </ul>
 * Then line L alone comes out as a record with a problem (its text split at the
 * delimiters, quotes left as they are, for the person correcting it), and reading starts
 * again at line L+1 as if it began a record: a row is taken as a continuation of the line
 * above it only while the result is well-formed CSV, and otherwise for what it is on its
 * own. A line longer than {@value #MAX_RECORD_CHARS} characters also comes out with a
 * problem (its first {@value #MAX_RECORD_CHARS} characters). Memory stays bounded by
 * these limits however broken the file.
 */
final class CsvRecordParser {

	/** Lines one record may span. */
	static final int MAX_RECORD_LINES = 100;

	/** Characters one record may hold. */
	static final int MAX_RECORD_CHARS = 1_000_000;

	private static final int BUFFER = 64 * 1024;

	private final Reader reader;

	private final char delimiter;

	private final char[] buffer = new char[BUFFER];

	private int position;

	private int limit;

	private boolean endOfInput;

	private long lineNumber;

	/** Lines read but not parsed yet: those after a broken record's first line. */
	private final Deque<Line> pending = new ArrayDeque<>();

	CsvRecordParser(Reader reader, char delimiter) {
		this.reader = reader;
		this.delimiter = delimiter;
	}

	/**
	 * Reads the next record.
	 * @return the record, or {@code null} at the end of the text
	 * @throws IOException when reading fails
	 */
	Record next() throws IOException {
		Line first = nextLine();
		if (first == null) {
			return null;
		}
		if (first.tooLong()) {
			return broken(first, List.of(), "line is longer than " + MAX_RECORD_CHARS + " characters");
		}
		if (first.text().indexOf('"') < 0) {
			// the common case: no quotes at all
			return new Record(first.number(), split(first.text()), null);
		}
		return parse(first);
	}

	private Record parse(Line first) throws IOException {
		List<Line> span = new ArrayList<>(1);
		span.add(first);
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		String text = first.text();
		int i = 0;
		int chars = text.length();
		while (true) {
			field.setLength(0);
			if (i < text.length() && text.charAt(i) == '"') {
				int column = fields.size() + 1;
				i++;
				while (true) {
					if (i == text.length()) {
						Line last = span.get(span.size() - 1);
						Line next = last.terminator().isEmpty() ? null : nextLine();
						if (next == null) {
							return broken(first, span, "quote opened in column " + column + " never closes");
						}
						span.add(next);
						chars += next.text().length();
						if (next.tooLong() || span.size() > MAX_RECORD_LINES || chars > MAX_RECORD_CHARS) {
							return broken(first, span,
									"quote opened in column " + column + " does not close within " + MAX_RECORD_LINES
											+ " lines or " + String.format(Locale.ROOT, "%,d", MAX_RECORD_CHARS)
											+ " characters");
						}
						field.append(last.terminator());
						text = next.text();
						i = 0;
						continue;
					}
					char c = text.charAt(i);
					if (c == '"') {
						if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
							field.append('"');
							i += 2;
							continue;
						}
						i++;
						break;
					}
					field.append(c);
					i++;
				}
				if (i < text.length() && text.charAt(i) != this.delimiter) {
					if (span.size() > 1) {
						return broken(first, span, "quote opened in column " + column
								+ " does not close properly: a closing quote must be followed by a delimiter or the end of the line");
					}
					int end = endOfField(text, i);
					field.append(text, i, end);
					i = end;
				}
			}
			else {
				int end = endOfField(text, i);
				field.append(text, i, end);
				i = end;
			}
			fields.add(field.toString());
			if (i >= text.length()) {
				return new Record(first.number(), fields, null);
			}
			// at a delimiter
			i++;
		}
	}

	private int endOfField(String text, int from) {
		int end = text.indexOf(this.delimiter, from);
		return (end < 0) ? text.length() : end;
	}

	// the first line as a row on its own; the lines after it are read again
	private Record broken(Line first, List<Line> span, String problem) {
		for (int k = span.size() - 1; k >= 1; k--) {
			this.pending.addFirst(span.get(k));
		}
		return new Record(first.number(), split(first.text()), problem);
	}

	private List<String> split(String text) {
		List<String> fields = new ArrayList<>();
		int from = 0;
		while (true) {
			int end = text.indexOf(this.delimiter, from);
			if (end < 0) {
				fields.add(text.substring(from));
				return fields;
			}
			fields.add(text.substring(from, end));
			from = end + 1;
		}
	}

	private Line nextLine() throws IOException {
		Line line = this.pending.poll();
		return (line != null) ? line : readLine();
	}

	// one physical line: up to \n, \r\n or \r, or the end of the text
	private Line readLine() throws IOException {
		StringBuilder text = new StringBuilder();
		boolean tooLong = false;
		boolean any = false;
		while (true) {
			if (this.position == this.limit && !fill()) {
				if (!any) {
					return null;
				}
				return new Line(++this.lineNumber, text.toString(), "", tooLong);
			}
			any = true;
			int start = this.position;
			while (this.position < this.limit) {
				char c = this.buffer[this.position];
				if (c == '\n' || c == '\r') {
					tooLong |= append(text, start, this.position);
					this.position++;
					String terminator = "\n";
					if (c == '\r') {
						terminator = "\r";
						if ((this.position < this.limit || fill()) && this.buffer[this.position] == '\n') {
							this.position++;
							terminator = "\r\n";
						}
					}
					return new Line(++this.lineNumber, text.toString(), terminator, tooLong);
				}
				this.position++;
			}
			tooLong |= append(text, start, this.position);
		}
	}

	// appends up to the length limit; true when something was left out
	private boolean append(StringBuilder text, int from, int to) {
		int room = MAX_RECORD_CHARS - text.length();
		int length = to - from;
		text.append(this.buffer, from, Math.min(room, length));
		return length > room;
	}

	private boolean fill() throws IOException {
		if (this.endOfInput) {
			return false;
		}
		int read;
		do {
			read = this.reader.read(this.buffer, 0, this.buffer.length);
		}
		while (read == 0);
		if (read < 0) {
			this.endOfInput = true;
			this.position = 0;
			this.limit = 0;
			return false;
		}
		this.position = 0;
		this.limit = read;
		return true;
	}

	/**
	 * One record.
	 *
	 * @param line the line it starts on, 1-based
	 * @param fields its fields, not stripped
	 * @param problem why it is broken, or {@code null}
	 */
	record Record(long line, List<String> fields, String problem) {
	}

	/**
	 * One physical line.
	 *
	 * @param number its 1-based number
	 * @param text its text without the line break
	 * @param terminator the line break ({@code ""} at the end of the text)
	 * @param tooLong whether the text was cut at {@link #MAX_RECORD_CHARS}
	 */
	private record Line(long number, String text, String terminator, boolean tooLong) {
	}

}
