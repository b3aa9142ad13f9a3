package org.epigrid.datahub.internal.tabular;

import java.util.List;

/**
 * Reads one file row by row, streaming. Obtained from {@link TabularFiles#open}, which
 * has already found the header, checked that it is usable and that at least one data row
 * follows. Not thread-safe.
 * <p>
 * Rows whose cells are all blank (blank lines, empty spreadsheet rows, {@code {}} lines)
 * are skipped and only counted ({@link #blankRowsSkipped()}); every other row of the file
 * comes out of {@link #next()} exactly once, possibly carrying a
 * {@link TabularRow#problem() problem}.
 */
public interface TabularReader extends AutoCloseable {

	/**
	 * The column names: the cells of the header row (the first non-blank row, or the row
	 * the caller recognised as the header; for JSON Lines the ordered union of the keys
	 * of the first 1,000 objects), stripped, with a byte order mark removed and trailing
	 * blank cells dropped. Non-blank names are unique.
	 * @return the column names, unmodifiable, never empty
	 */
	List<String> header();

	/**
	 * Reads the next data row.
	 * @return the row, or {@code null} at the end of the file
	 * @throws UnreadableFileException when the file turns out broken part-way (the rows
	 * returned so far stay valid)
	 * @throws java.io.UncheckedIOException when the file cannot be read from disk
	 * @throws IllegalStateException when the reader is closed
	 */
	TabularRow next() throws UnreadableFileException;

	/**
	 * The format the file was read as.
	 * @return the format
	 */
	TabularFormat format();

	/**
	 * How the file was decoded: {@code "UTF-8"}, {@code "GB18030"}, {@code "UTF-16LE"} or
	 * {@code "UTF-16BE"} for text files (CSV and JSON Lines), {@code "XLSX"} for
	 * workbooks.
	 * @return the encoding name
	 */
	String encoding();

	/**
	 * How many rows were skipped so far because all their cells are blank, including
	 * blank lines before the header. Complete once {@link #next()} has returned
	 * {@code null}.
	 * @return the count
	 */
	long blankRowsSkipped();

	/**
	 * Releases the file. Idempotent.
	 */
	@Override
	void close();

}
