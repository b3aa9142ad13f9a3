package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes the rows an import rejected as an XLSX workbook the uploader can correct and
 * upload again: the original header followed by {@value #SOURCE_ROW_COLUMN} and
 * {@value #REASON_COLUMN}, then one line per rejected row with its original cells as text
 * (so ID numbers keep every digit and leading zeros). Read back through
 * {@link TabularFiles}, the two added columns are ordinary columns that an import
 * ignores; writing a workbook for rows that came from such a file does not add them
 * twice.
 * <p>
 * Streams: rows are written out every {@value #FLUSH_EVERY} lines. Cells a row has beyond
 * the header are placed after the two added columns (under no header).
 */
public final class RejectedRowsWorkbook {

	/**
	 * Name of the added column holding the row number in the uploaded file.
	 */
	public static final String SOURCE_ROW_COLUMN = "原行号 source row";

	/**
	 * Name of the added column holding the rejection reason.
	 */
	public static final String REASON_COLUMN = "错误原因 reason";

	static final int FLUSH_EVERY = 1000;

	// Excel cannot open cells longer than this
	private static final int MAX_CELL_LENGTH = 32_767;

	private static final String TEXT_FORMAT = "@";

	private RejectedRowsWorkbook() {
	}

	/**
	 * Writes the workbook. Does not close {@code out}.
	 * @param out where to write the XLSX bytes
	 * @param header the uploaded file's header ({@link TabularReader#header()})
	 * @param rows the rejected rows in file order; iterated once
	 * @throws IOException when writing to {@code out} fails
	 * @throws IllegalArgumentException when there are more rejected rows than one sheet
	 * holds (1,048,575)
	 */
	public static void write(OutputStream out, List<String> header, Iterable<RejectedRow> rows) throws IOException {
		Objects.requireNonNull(out, "out");
		Objects.requireNonNull(header, "header");
		Objects.requireNonNull(rows, "rows");
		// columns of an earlier rejected-rows workbook are replaced, not repeated
		List<Integer> kept = new ArrayList<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i);
			if (!SOURCE_ROW_COLUMN.equals(name) && !REASON_COLUMN.equals(name)) {
				kept.add(i);
			}
		}
		int sourceRowColumn = kept.size();
		int reasonColumn = sourceRowColumn + 1;
		int extraOffset = reasonColumn + 1 - header.size();

		Workbook workbook = new Workbook(out, "EpiGrid", "1.0");
		Worksheet sheet = workbook.newWorksheet("rejected rows");
		for (int c = 0; c < kept.size(); c++) {
			sheet.width(c, 20);
			// cells typed in later stay text too
			sheet.style(c).format(TEXT_FORMAT).set();
		}
		sheet.width(sourceRowColumn, 12);
		sheet.width(reasonColumn, 60);
		for (int c = 0; c < kept.size(); c++) {
			sheet.inlineString(0, c, cellText(header.get(kept.get(c))));
		}
		sheet.inlineString(0, sourceRowColumn, SOURCE_ROW_COLUMN);
		sheet.inlineString(0, reasonColumn, REASON_COLUMN);
		sheet.range(0, 0, 0, reasonColumn).style().bold().fillColor("FFF2CC").set();
		sheet.freezePane(0, 1);

		int r = 0;
		for (RejectedRow row : rows) {
			r++;
			if (r >= Worksheet.MAX_ROWS) {
				throw new IllegalArgumentException(
						"more than " + (Worksheet.MAX_ROWS - 1) + " rejected rows do not fit in one sheet");
			}
			List<String> cells = row.cells();
			for (int c = 0; c < kept.size(); c++) {
				int source = kept.get(c);
				if (source < cells.size() && !cells.get(source).isEmpty()) {
					sheet.inlineString(r, c, cellText(cells.get(source)));
				}
			}
			for (int source = header.size(); source < cells.size(); source++) {
				int column = source + extraOffset;
				if (!cells.get(source).isEmpty() && column < Worksheet.MAX_COLS) {
					sheet.inlineString(r, column, cellText(cells.get(source)));
				}
			}
			sheet.value(r, sourceRowColumn, row.rowNumber());
			sheet.inlineString(r, reasonColumn, cellText(row.reason()));
			if (!kept.isEmpty()) {
				sheet.range(r, 0, r, kept.size() - 1).style().format(TEXT_FORMAT).set();
			}
			if (r % FLUSH_EVERY == 0) {
				sheet.flush();
			}
		}
		workbook.finish();
	}

	private static String cellText(String text) {
		return (text.length() <= MAX_CELL_LENGTH) ? text : text.substring(0, MAX_CELL_LENGTH - 1) + "…";
	}

}
