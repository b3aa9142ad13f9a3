package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * The first sheet of an XLSX workbook through fastexcel-reader. The sheet XML is streamed
 * row by row; the workbook's shared-strings table, however, is kept in memory as far as
 * rows have referred to it (fastexcel-reader does not let go of it), about 65 bytes per
 * distinct text: some 40 MB for a 200,000-row sheet with two columns of distinct texts as
 * Excel saves it. Inline strings (what {@link RejectedRowsWorkbook} writes) cost nothing.
 * <p>
 * Row numbers are Excel's; rows missing from the sheet XML count as blank rows.
 */
final class XlsxTabularReader extends AbstractTabularReader {

	private final ReadableWorkbook workbook;

	private final Stream<Row> stream;

	private final Iterator<Row> rows;

	private final XlsxCellText text;

	private long lastRowNumber;

	XlsxTabularReader(Path file) {
		this.workbook = openWorkbook(file);
		try {
			Sheet sheet = this.workbook.getSheets()
				.findFirst()
				.orElseThrow(() -> new UnreadableFileException("is a workbook without sheets"));
			this.stream = sheet.openStream();
			this.rows = this.stream.iterator();
		}
		catch (UnreadableFileException ex) {
			closeQuietly(this.workbook, ex);
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(this.workbook, ex);
			throw new UnreadableFileException("is a workbook whose first sheet cannot be read: " + describe(ex), ex);
		}
		this.text = new XlsxCellText(this.workbook.isDate1904());
	}

	private static ReadableWorkbook openWorkbook(Path file) {
		try {
			return new ReadableWorkbook(file.toFile(), new ReadingOptions(true, true));
		}
		catch (IOException | RuntimeException withFormats) {
			try {
				// some generators omit styles.xml; without formats dates come out as
				// numbers
				return new ReadableWorkbook(file.toFile(), new ReadingOptions(false, true));
			}
			catch (IOException | RuntimeException ex) {
				throw new UnreadableFileException("is not a readable Excel workbook (.xlsx): " + describe(withFormats),
						withFormats);
			}
		}
	}

	@Override
	public TabularFormat format() {
		return TabularFormat.XLSX;
	}

	@Override
	public String encoding() {
		return "XLSX";
	}

	@Override
	String noHeaderDescription() {
		return "the first sheet is empty";
	}

	@Override
	TabularRow readRaw() {
		Row row;
		try {
			if (!this.rows.hasNext()) {
				return null;
			}
			row = this.rows.next();
		}
		catch (RuntimeException ex) {
			throw new UnreadableFileException(
					"is a workbook damaged after row " + this.lastRowNumber + ": " + describe(ex), ex);
		}
		long number = row.getRowNum();
		if (number <= this.lastRowNumber) {
			// rows without an "r" attribute: fastexcel counts them from 0
			number = this.lastRowNumber + 1;
		}
		countBlank(number - this.lastRowNumber - 1);
		this.lastRowNumber = number;
		List<String> cells = new ArrayList<>(row.getCellCount());
		for (int i = 0; i < row.getCellCount(); i++) {
			cells.add(this.text.render(row.getCell(i)));
		}
		return new TabularRow(number, cells);
	}

	@Override
	void release() throws IOException {
		try {
			this.stream.close();
		}
		finally {
			this.workbook.close();
		}
	}

	private static String describe(Exception ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getMessage() != null
				&& cause.getMessage().startsWith(cause.getCause().getClass().getName())) {
			// exceptions that only wrap another one repeat its class name in their
			// message
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		return (message != null && !message.isBlank()) ? message.strip() : cause.getClass().getSimpleName();
	}

	private static void closeQuietly(ReadableWorkbook workbook, Exception failure) {
		try {
			workbook.close();
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

}
