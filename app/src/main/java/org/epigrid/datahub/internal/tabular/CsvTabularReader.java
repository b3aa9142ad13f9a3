package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Arrays;

import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;

/**
 * Delimited text through FastCSV: RFC 4180 quoting (fields with delimiters, quotes and
 * line breaks), the delimiter (comma, tab or semicolon) taken from the header line. Row
 * numbers are the lines records start on.
 */
final class CsvTabularReader extends AbstractTabularReader {

	private static final char[] DELIMITERS = { ',', '\t', ';' };

	// the header line is looked for within this many characters
	private static final int HEADER_SEARCH_LIMIT = 1024 * 1024;

	private final TextEncoding encoding;

	private final CsvReader<CsvRecord> csv;

	private final CloseableIterator<CsvRecord> records;

	CsvTabularReader(Path file, TextEncoding encoding, String extension) throws IOException {
		this.encoding = encoding;
		char delimiter;
		try (Reader reader = encoding.open(file)) {
			delimiter = delimiterOf(reader, extension.equals("tsv") ? '\t' : ',');
		}
		this.csv = CsvReader.builder()
			.fieldSeparator(delimiter)
			.quoteCharacter('"')
			.skipEmptyLines(false)
			.extraFieldStrategy(FieldMismatchStrategy.IGNORE)
			.missingFieldStrategy(FieldMismatchStrategy.IGNORE)
			// an unclosed quote would otherwise swallow the rest of the file into one
			// field
			.allowUnclosedQuote(false)
			.ofCsvRecord(encoding.open(file));
		this.records = this.csv.iterator();
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
	TabularRow readRaw() {
		CsvRecord record;
		try {
			if (!this.records.hasNext()) {
				return null;
			}
			record = this.records.next();
		}
		catch (CsvParseException ex) {
			// the parser cannot resynchronise after this, so the rest of the file is
			// unreadable
			throw new UnreadableFileException("file is not well-formed CSV: " + ex.getMessage(), ex);
		}
		String problem = null;
		if (this.encoding.lenient()) {
			for (String field : record.getFields()) {
				if (field.indexOf(TextEncoding.REPLACEMENT) >= 0) {
					problem = this.encoding.invalidBytesProblem();
					break;
				}
			}
		}
		return new TabularRow(record.getStartingLineNumber(), record.getFields(), problem);
	}

	@Override
	void release() throws IOException {
		this.csv.close();
	}

	/**
	 * Picks the delimiter that occurs most often, outside quotes, in the first non-blank
	 * line.
	 * @param reader the decoded text from its start
	 * @param fallback the delimiter for a header with none of them (a single column)
	 * @return the delimiter
	 * @throws IOException when reading fails
	 */
	static char delimiterOf(Reader reader, char fallback) throws IOException {
		int[] counts = new int[DELIMITERS.length];
		boolean quoted = false;
		boolean blankSoFar = true;
		for (int read = 0; read < HEADER_SEARCH_LIMIT; read++) {
			int c = reader.read();
			if (c < 0) {
				break;
			}
			if (c == '"') {
				quoted = !quoted;
			}
			if (!quoted && (c == '\n' || c == '\r')) {
				if (!blankSoFar) {
					break;
				}
				// a blank line such as ",,," says nothing about the header
				Arrays.fill(counts, 0);
				continue;
			}
			if (!quoted) {
				for (int i = 0; i < DELIMITERS.length; i++) {
					if (c == DELIMITERS[i]) {
						counts[i]++;
					}
				}
			}
			if (!Character.isWhitespace(c) && c != '\uFEFF' && c != ',' && c != ';') {
				blankSoFar = false;
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
