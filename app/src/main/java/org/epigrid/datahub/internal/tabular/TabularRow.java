package org.epigrid.datahub.internal.tabular;

import java.util.List;
import java.util.Objects;

/**
 * One data row of a file.
 *
 * @param number where a person finds the row in the file: the 1-based line number for CSV
 * (the line the record starts on) and JSON Lines, the Excel row number for XLSX; the
 * header of a CSV or XLSX file without leading blank lines is row 1, so its first data
 * row is 2
 * @param cells the cell texts, stripped, aligned with {@link TabularReader#header()}:
 * never shorter than the header (padded with {@code ""}), longer when the row has
 * non-blank cells beyond the header (the caller decides what that means); never
 * {@code null}, no {@code null} elements, unmodifiable
 * @param problem why this single row could not be read (a malformed JSON line, bytes that
 * are not valid text, a broken CSV quote), or {@code null} when the row was read fine;
 * when set, the caller rejects the row with this reason and {@code cells} hold whatever
 * could be recovered
 */
public record TabularRow(long number, List<String> cells, String problem) {

	/**
	 * Creates a row, copying the cells.
	 * @param number the row or line number in the file
	 * @param cells the cell texts
	 * @param problem why the row is unreadable, or {@code null}
	 */
	public TabularRow {
		cells = List.copyOf(Objects.requireNonNull(cells, "cells"));
	}

	/**
	 * Creates a row that was read fine.
	 * @param number the row or line number in the file
	 * @param cells the cell texts
	 */
	public TabularRow(long number, List<String> cells) {
		this(number, cells, null);
	}

	/**
	 * The text of one cell.
	 * @param index 0-based column index
	 * @return the cell text, {@code ""} when the row has no such cell
	 */
	public String cell(int index) {
		return (index >= 0 && index < this.cells.size()) ? this.cells.get(index) : "";
	}

}
