package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What every format shares: finding and validating the header, skipping and counting
 * blank rows, padding rows to the header, and looking one data row ahead so that a file
 * without data rows is refused when it is opened.
 */
abstract class AbstractTabularReader implements TabularReader {

	private static final char BYTE_ORDER_MARK = '\uFEFF';

	private List<String> header;

	private TabularRow peeked;

	private long blankRows;

	private boolean closed;

	/** Rows read while looking for the header that come after it: data rows. */
	private final Deque<TabularRow> afterHeader = new ArrayDeque<>();

	/**
	 * Reads the next row as found in the file, blank or not; cells need not be stripped.
	 * @return the row, or {@code null} at the end of the file
	 * @throws IOException when the file cannot be read
	 */
	abstract TabularRow readRaw() throws IOException;

	/**
	 * Releases the underlying file.
	 * @throws IOException when closing fails
	 */
	abstract void release() throws IOException;

	/**
	 * Says why no header was found in an input whose rows are all blank; completes the
	 * message that starts with "has no header row".
	 * @return the description
	 */
	String noHeaderDescription() {
		return "every row is blank";
	}

	/**
	 * The raw header cells: among the first {@value TabularFiles#HEADER_ROWS_SEARCHED}
	 * non-blank rows, the first that {@code isHeader} accepts, so that a title above the
	 * header ("2022年3月入境人员名单", often a merged cell) is passed over; the first non-blank
	 * row when none is accepted (the caller then reports what is missing). Rows above the
	 * header are neither data nor counted; rows read past it are returned as data.
	 * @param isHeader whether a row's cells (not stripped) are the header
	 * @return the header cells before validation
	 * @throws IOException when the file cannot be read
	 */
	List<String> readHeader(Predicate<List<String>> isHeader) throws IOException {
		List<TabularRow> candidates = new ArrayList<>();
		while (candidates.size() < TabularFiles.HEADER_ROWS_SEARCHED) {
			TabularRow row = readRaw();
			if (row == null) {
				break;
			}
			if (row.problem() == null && isBlank(row)) {
				this.blankRows++;
				continue;
			}
			if (row.problem() == null && isHeader.test(row.cells())) {
				return row.cells();
			}
			candidates.add(row);
		}
		if (candidates.isEmpty()) {
			throw new UnreadableFileException("has no header row: " + noHeaderDescription());
		}
		this.afterHeader.addAll(candidates.subList(1, candidates.size()));
		return candidates.get(0).cells();
	}

	/**
	 * Finds and checks the header and looks ahead to the first data row. Called once,
	 * right after construction.
	 * @param isHeader whether a row's cells are the header ({@link #readHeader})
	 * @throws UnreadableFileException when the header is unusable or no data row follows
	 */
	final void start(Predicate<List<String>> isHeader) {
		try {
			this.header = validateHeader(readHeader(isHeader));
			this.peeked = nextDataRow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (this.peeked == null) {
			throw new UnreadableFileException("has a header but no data rows"
					+ ((this.blankRows > 0) ? " (" + this.blankRows + " blank rows)" : ""));
		}
	}

	/**
	 * Adds rows to the blank-row count that the subclass skipped itself (gaps between
	 * spreadsheet rows, blank JSON lines).
	 * @param rows how many
	 */
	final void countBlank(long rows) {
		this.blankRows += rows;
	}

	@Override
	public final List<String> header() {
		return this.header;
	}

	@Override
	public final TabularRow next() {
		if (this.closed) {
			throw new IllegalStateException("reader is closed");
		}
		if (this.peeked != null) {
			TabularRow row = this.peeked;
			this.peeked = null;
			return row;
		}
		try {
			return nextDataRow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public final long blankRowsSkipped() {
		return this.blankRows;
	}

	@Override
	public final void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			release();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private TabularRow nextDataRow() throws IOException {
		while (true) {
			TabularRow raw = this.afterHeader.isEmpty() ? readRaw() : this.afterHeader.poll();
			if (raw == null) {
				return null;
			}
			if (raw.problem() == null && isBlank(raw)) {
				this.blankRows++;
				continue;
			}
			return shape(raw);
		}
	}

	// Stripped cells, padded to the header; cells beyond the header kept up to the last
	// non-blank one, so that trailing empty (but formatted or delimited) cells vanish.
	private TabularRow shape(TabularRow raw) {
		List<String> rawCells = raw.cells();
		int width = this.header.size();
		int end = rawCells.size();
		while (end > width && rawCells.get(end - 1).isBlank()) {
			end--;
		}
		String[] cells = new String[Math.max(width, end)];
		Arrays.fill(cells, "");
		for (int i = 0; i < end; i++) {
			cells[i] = rawCells.get(i).strip();
		}
		return new TabularRow(raw.number(), Arrays.asList(cells), raw.problem());
	}

	private static boolean isBlank(TabularRow row) {
		for (String cell : row.cells()) {
			if (!cell.isBlank()) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Strips the names, removes a byte order mark, drops trailing blank names and refuses
	 * an empty header or duplicate names.
	 * @param raw the header cells as read
	 * @return the column names
	 * @throws UnreadableFileException when no name is left or a name repeats
	 */
	static List<String> validateHeader(List<String> raw) {
		List<String> names = new ArrayList<>(raw.size());
		for (String cell : raw) {
			String name = cell.strip();
			while (!name.isEmpty() && name.charAt(0) == BYTE_ORDER_MARK) {
				name = name.substring(1).strip();
			}
			names.add(name);
		}
		while (!names.isEmpty() && names.get(names.size() - 1).isEmpty()) {
			names.remove(names.size() - 1);
		}
		if (names.isEmpty()) {
			throw new UnreadableFileException("has a header row without column names: every header cell is blank");
		}
		Map<String, Integer> firstColumn = new HashMap<>();
		for (int i = 0; i < names.size(); i++) {
			String name = names.get(i);
			if (name.isEmpty()) {
				continue;
			}
			Integer earlier = firstColumn.putIfAbsent(name, i);
			if (earlier != null) {
				throw new UnreadableFileException("has the column '" + name + "' twice in its header (columns "
						+ (earlier + 1) + " and " + (i + 1) + ")");
			}
		}
		return List.copyOf(names);
	}

}
