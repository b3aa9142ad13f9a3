package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Opens department lists for reading. What a file holds is decided by its content, its
 * name only breaking ties ({@link TabularFormat#detect}):
 * <ul>
 * <li>CSV: delimiter comma, tab or semicolon, whichever occurs most in the first lines;
 * RFC 4180 quotes (delimiters and line breaks inside quoted fields), a broken quote
 * costing one row ({@link CsvRecordParser}); encoding from a byte order mark, else UTF-8
 * when the file is valid UTF-8, else GB18030 (a few broken characters flag their rows,
 * {@link TextEncoding}).</li>
 * <li>XLSX: the first sheet; cells rendered as text (integral numbers without {@code .0}
 * or exponent, dates as {@code 2026-01-15}, date-times as {@code 2026-01-15T08:30},
 * formulas as their cached value, errors as {@code ""}).</li>
 * <li>JSON Lines: one object per line, the header being the keys of the first 1,000
 * objects; malformed lines come out as rows with a problem.</li>
 * </ul>
 * For CSV and XLSX the header is the first non-blank row, or, when the caller says what a
 * header looks like, the first of the first {@value #HEADER_ROWS_SEARCHED} non-blank rows
 * that looks like one: government lists often carry a title row ("2022年3月入境人员名单", a
 * merged cell) and a blank row above the header. Reading streams: memory does not grow
 * with the number of rows (for XLSX, apart from the workbook's shared strings as far as
 * they are used).
 */
public final class TabularFiles {

	/**
	 * How many non-blank rows at the top of a file are looked at for the header.
	 */
	public static final int HEADER_ROWS_SEARCHED = 10;

	private static final int HEAD_BYTES = 8 * 1024;

	private static final byte[] OLE2_SIGNATURE = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1,
			(byte) 0xB1, 0x1A, (byte) 0xE1 };

	private static final byte[] ZIP_SIGNATURE = { 'P', 'K', 3, 4 };

	private TabularFiles() {
	}

	/**
	 * Opens a file whose header is its first non-blank row; see
	 * {@link #open(Path, String, Predicate)}.
	 * @param file the uploaded file on disk
	 * @param originalFileName the name it was uploaded under, may be {@code null}
	 * @return the reader, never {@code null}
	 * @throws UnreadableFileException (unchecked) when the file as a whole cannot be read
	 * as a table
	 * @throws UncheckedIOException when the file cannot be read from disk
	 */
	public static TabularReader open(Path file, String originalFileName) throws UnreadableFileException {
		return open(file, originalFileName, (cells) -> true);
	}

	/**
	 * Opens a file, finds its header, checks that the header is usable and that at least
	 * one data row follows, and returns a reader positioned before the first data row.
	 * The caller closes the reader.
	 * @param file the uploaded file on disk
	 * @param originalFileName the name it was uploaded under (used as a format hint and
	 * in no message), may be {@code null}
	 * @param isHeader whether the cells of a row (not stripped) are the header; the first
	 * of the first {@value #HEADER_ROWS_SEARCHED} non-blank rows it accepts is the
	 * header, rows above it are skipped; when it accepts none, the first non-blank row is
	 * the header (so that the caller can say what it lacks); not used for JSON Lines
	 * @return the reader, never {@code null}
	 * @throws UnreadableFileException (unchecked) when the file as a whole cannot be read
	 * as a table: empty, binary, an Excel 97-2003 or password-protected workbook, neither
	 * UTF-8 nor GB18030, a ZIP that is no readable workbook, no header row, a header
	 * without names or with a duplicate name, or no data rows; the message says which
	 * @throws UncheckedIOException when the file cannot be read from disk
	 */
	public static TabularReader open(Path file, String originalFileName, Predicate<List<String>> isHeader)
			throws UnreadableFileException {
		Objects.requireNonNull(isHeader, "isHeader");
		Objects.requireNonNull(file, "file");
		try {
			byte[] head = head(file);
			if (head.length == 0) {
				throw new UnreadableFileException("is empty (0 bytes)");
			}
			if (TabularFormat.startsWith(head, OLE2_SIGNATURE)) {
				throw new UnreadableFileException("is an Excel 97-2003 workbook (.xls) or a password-protected"
						+ " workbook, which cannot be read: save it as .xlsx (without password) or as CSV");
			}
			TabularFormat format = TabularFormat.detect(originalFileName, head);
			AbstractTabularReader reader = switch (format) {
				case XLSX -> {
					if (!TabularFormat.startsWith(head, ZIP_SIGNATURE)) {
						throw new UnreadableFileException(
								"is not a readable Excel workbook (.xlsx): it does not start like one (no ZIP signature)");
					}
					yield new XlsxTabularReader(file);
				}
				case CSV -> {
					TextEncoding encoding = TextEncoding.detect(file, head);
					refuseMarkup(file, encoding);
					yield new CsvTabularReader(file, encoding, TabularFormat.extensionOf(originalFileName));
				}
				case JSONL -> new JsonLinesTabularReader(file, TextEncoding.detect(file, head));
			};
			try {
				reader.start(isHeader);
			}
			catch (RuntimeException ex) {
				try {
					reader.close();
				}
				catch (RuntimeException closing) {
					ex.addSuppressed(closing);
				}
				throw ex;
			}
			return reader;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	// Several government systems export HTML tables under an .xls name; read as CSV they
	// would turn into one nonsense row per line.
	private static void refuseMarkup(Path file, TextEncoding encoding) throws IOException {
		try (Reader reader = encoding.open(file)) {
			int c;
			do {
				c = reader.read();
			}
			while (c == '\uFEFF' || (c >= 0 && Character.isWhitespace(c)));
			if (c == '<') {
				throw new UnreadableFileException(
						"is an HTML or XML document, not a table: open it in Excel" + " and save it as .xlsx or CSV");
			}
		}
	}

	private static byte[] head(Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return in.readNBytes(HEAD_BYTES);
		}
	}

}
