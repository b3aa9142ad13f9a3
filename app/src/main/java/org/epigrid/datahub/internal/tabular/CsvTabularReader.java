package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Delimited text: RFC 4180 quoting (fields with delimiters, quotes and line breaks), the
 * delimiter (comma, tab or semicolon) taken from the first lines. Row numbers are the
 * lines records start on. A broken quote makes one row with a problem and reading goes on
 * with the next line ({@link CsvRecordParser}).
 */
final class CsvTabularReader extends AbstractTabularReader {

	private static final char[] DELIMITERS = { ',', '\t', ';' };

	// the delimiter is looked for within this many characters
	private static final int HEADER_SEARCH_LIMIT = 1024 * 1024;

	private final TextEncoding encoding;

	private final Reader text;

	private final CsvRecordParser records;

	CsvTabularReader(Path file, TextEncoding encoding, String extension) throws IOException {
		this.encoding = encoding;
		char delimiter;
		try (Reader reader = encoding.open(file)) {
			delimiter = delimiterOf(reader, extension.equals("tsv") ? '\t' : ',');
		}
		this.text = encoding.open(file);
		this.records = new CsvRecordParser(this.text, delimiter);
	}

	@Override
	public TabularFormat format() {
		return TabularFormat.CSV;
	}

	@Override
	public String encoding() {
		return this.encoding.name();
	}

	@Override
	String noHeaderDescription() {
		return "every line is blank";
	}

	@Override
	TabularRow readRaw() throws IOException {
		CsvRecordParser.Record record = this.records.next();
		if (record == null) {
			return null;
		}
		String problem = record.problem();
		if (problem == null && this.encoding.lenient()) {
			for (String field : record.fields()) {
				if (field.indexOf(TextEncoding.REPLACEMENT) >= 0) {
					problem = this.encoding.invalidBytesProblem();
					break;
				}
			}
		}
		return new TabularRow(record.line(), record.fields(), problem);
	}

	@Override
	void release() throws IOException {
		this.text.close();
	}

	/**
	 * Picks the delimiter that occurs most often, outside quotes, in the first
	 * {@value TabularFiles#HEADER_ROWS_SEARCHED} non-blank lines: those the header is
	 * looked for in, so that a title line above the header (which may hold no delimiter
	 * or a stray comma) does not decide.
	 * @param reader the decoded text from its start
	 * @param fallback the delimiter for lines with none of them (a single column)
	 * @return the delimiter
	 * @throws IOException when reading fails
	 */
	static char delimiterOf(Reader reader, char fallback) throws IOException {
		int[] counts = new int[DELIMITERS.length];
		int[] line = new int[DELIMITERS.length];
		int lines = 0;
		boolean quoted = false;
		boolean blankSoFar = true;
		for (int read = 0; read < HEADER_SEARCH_LIMIT && lines < TabularFiles.HEADER_ROWS_SEARCHED; read++) {
			int c = reader.read();
			if (c < 0) {
				break;
			}
			if (c == '"') {
				quoted = !quoted;
			}
			if (!quoted && (c == '\n' || c == '\r')) {
				// a blank line such as ",,," says nothing about the delimiter
				if (!blankSoFar) {
					lines++;
					for (int i = 0; i < DELIMITERS.length; i++) {
						counts[i] += line[i];
					}
				}
				Arrays.fill(line, 0);
				blankSoFar = true;
				continue;
			}
			if (!quoted) {
				for (int i = 0; i < DELIMITERS.length; i++) {
					if (c == DELIMITERS[i]) {
						line[i]++;
					}
				}
			}
			if (!Character.isWhitespace(c) && c != '\uFEFF' && c != ',' && c != ';') {
				blankSoFar = false;
			}
		}
		if (!blankSoFar) {
			for (int i = 0; i < DELIMITERS.length; i++) {
				counts[i] += line[i];
			}
		}
		char best = fallback;
		int bestCount = 0;
		for (int i = 0; i < DELIMITERS.length; i++) {
			if (counts[i] > bestCount) {
				best = DELIMITERS[i];
				bestCount = counts[i];
			}
		}
		return best;
	}

}
