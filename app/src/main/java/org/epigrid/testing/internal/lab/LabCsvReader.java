package org.epigrid.testing.internal.lab;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.epigrid.testing.TubeOutcome;

import org.springframework.stereotype.Component;

/**
 * Reads a lab's result sheet: CSV (UTF-8 with or without byte order mark, else GBK /
 * GB18030; comma, semicolon or tab) or XLSX (the first sheet, told by its ZIP signature).
 * <p>
 * The first non-blank row is the header; columns are found by name, in any order, case
 * and spacing ignored: {@code barcode} / {@code 管号} / {@code 条码}, {@code result} /
 * {@code 结果} (NEGATIVE / POSITIVE / INVALID / 阴性 / 阳性 / 无效, see
 * {@link LabValues#outcomeOfWord}), {@code ct} / {@code Ct值} (optional; blank, {@code -}
 * or {@code /} for none), {@code lab} / {@code 检测机构}, {@code testedAt} / {@code 检测时间}
 * (ISO with an offset, or {@code yyyy-MM-dd HH:mm[:ss]} / {@code yyyy/MM/dd HH:mm[:ss]} /
 * {@code yyyy-MM-dd} in Asia/Shanghai; in a workbook also a date cell). Other columns are
 * ignored.
 * <p>
 * Each row that cannot be used becomes one {@link LabRejection} with field
 * {@code row N: column} (N as the file numbers it: the line a CSV record starts on, the
 * Excel row) and the row as text; two rows for one tube that disagree are both rejected.
 * A file that cannot be read at all, or whose header lacks a required column, is one
 * rejection ({@code file} or {@code header}). Nothing throws.
 * <p>
 * Decoding and quoting follow the ideas of the data hub's tabular readers (they cannot be
 * shared: the modules do not depend on each other), simplified for a file that is held in
 * memory.
 */
@Component
public class LabCsvReader {

	private static final Charset GB18030 = Charset.forName("GB18030");

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu[-][/]M[-][/]d[ ]['T']H:mm[:ss]");

	private static final Set<String> NO_CT = Set.of("", "-", "/", "n/a", "na", "无", "—");

	/** The columns read. */
	enum Column {

		BARCODE("barcode", true, "barcode", "管号", "条码", "tube", "tubebarcode", "试管条码"),
		RESULT("result", true, "result", "结果", "检测结果", "outcome"), CT("ct", false, "ct", "ct值", "ctvalue"),
		LAB("lab", true, "lab", "检测机构", "laboratory"), TESTED_AT("testedAt", true, "testedat", "检测时间", "testtime");

		final String label;

		final boolean required;

		final Set<String> names;

		Column(String label, boolean required, String... names) {
			this.label = label;
			this.required = required;
			this.names = Set.of(names);
		}

		static Column of(String header) {
			String key = header.replaceAll("[\\s_\\-]+", "").toLowerCase(Locale.ROOT).replace('\uFEFF', ' ').strip();
			for (Column column : values()) {
				if (column.names.contains(key)) {
					return column;
				}
			}
			return null;
		}

	}

	/**
	 * Reads a CSV or XLSX file.
	 * @param body the file's bytes
	 * @return the results and rejections; never throws
	 */
	public ParsedResults read(byte[] body) {
		if (body == null || body.length == 0) {
			return ParsedResults.refused(new LabRejection(null, "file", "the file is empty", ""), 0);
		}
		List<SheetRow> rows;
		try {
			rows = isZip(body) ? xlsxRows(body) : csvRows(body);
		}
		catch (UnreadableException ex) {
			return ParsedResults.refused(new LabRejection(null, "file", ex.getMessage(), ""), 0);
		}
		return new Reading(rows).read();
	}

	private static boolean isZip(byte[] body) {
		return body.length >= 4 && body[0] == 'P' && body[1] == 'K' && body[2] == 3 && body[3] == 4;
	}

	// --- CSV

	private static List<SheetRow> csvRows(byte[] body) {
		String text = decode(body);
		char delimiter = delimiterOf(text);
		List<SheetRow> rows = new ArrayList<>();
		int i = 0;
		int line = 1;
		int length = text.length();
		while (i < length) {
			int start = i;
			int startLine = line;
			List<String> cells = new ArrayList<>();
			StringBuilder cell = new StringBuilder();
			boolean quoted = false;
			boolean endOfRecord = false;
			while (i < length && !endOfRecord) {
				char c = text.charAt(i);
				if (quoted) {
					if (c == '"') {
						if (i + 1 < length && text.charAt(i + 1) == '"') {
							cell.append('"');
							i++;
						}
						else {
							quoted = false;
						}
					}
					else {
						if (c == '\n') {
							line++;
						}
						cell.append(c);
					}
					i++;
				}
				else if (c == '"' && cell.isEmpty()) {
					quoted = true;
					i++;
				}
				else if (c == delimiter) {
					cells.add(cell.toString());
					cell.setLength(0);
					i++;
				}
				else if (c == '\n' || c == '\r') {
					endOfRecord = true;
				}
				else {
					cell.append(c);
					i++;
				}
			}
			int end = i;
			cells.add(cell.toString());
			// the line break
			if (i < length && text.charAt(i) == '\r') {
				i++;
			}
			if (i < length && text.charAt(i) == '\n') {
				i++;
			}
			if (end > start || i > start) {
				line++;
			}
			String problem = quoted ? "a quote opened in this row never closes" : null;
			rows.add(new SheetRow(startLine, cells, text.substring(start, end), problem));
		}
		return rows;
	}

	private static String decode(byte[] body) {
		int bom = (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF)
				? 3 : 0;
		try {
			return strict(StandardCharsets.UTF_8, body, bom);
		}
		catch (CharacterCodingException notUtf8) {
			if (bom > 0) {
				throw new UnreadableException("the file starts as UTF-8 but holds bytes that are not valid UTF-8");
			}
			try {
				return strict(GB18030, body, 0);
			}
			catch (CharacterCodingException notGbk) {
				throw new UnreadableException("the file is neither UTF-8 nor GBK text (nor an .xlsx workbook)");
			}
		}
	}

	private static String strict(Charset charset, byte[] body, int offset) throws CharacterCodingException {
		return charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT)
			.decode(ByteBuffer.wrap(body, offset, body.length - offset))
			.toString();
	}

	// the most frequent of comma, semicolon and tab in the first line
	private static char delimiterOf(String text) {
		int end = text.indexOf('\n');
		String first = (end < 0) ? text : text.substring(0, end);
		char best = ',';
		long bestCount = 0;
		for (char candidate : new char[] { ',', ';', '\t' }) {
			long count = first.chars().filter((c) -> c == candidate).count();
			if (count > bestCount) {
				best = candidate;
				bestCount = count;
			}
		}
		return best;
	}

	// --- XLSX

	private static List<SheetRow> xlsxRows(byte[] body) {
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(body),
				new ReadingOptions(true, true))) {
			Sheet sheet = workbook.getSheets()
				.findFirst()
				.orElseThrow(() -> new UnreadableException("the workbook has no sheet"));
			List<SheetRow> rows = new ArrayList<>();
			try (Stream<Row> stream = sheet.openStream()) {
				Iterator<Row> iterator = stream.iterator();
				while (iterator.hasNext()) {
					Row row = iterator.next();
					List<String> cells = new ArrayList<>(row.getCellCount());
					for (int i = 0; i < row.getCellCount(); i++) {
						cells.add(cellText(row.getCell(i)));
					}
					rows.add(new SheetRow(row.getRowNum(), cells, csvLine(cells), null));
				}
			}
			return rows;
		}
		catch (IOException | RuntimeException ex) {
			if (ex instanceof UnreadableException unreadable) {
				throw unreadable;
			}
			throw new UnreadableException("the file is not a readable .xlsx workbook: " + ex.getMessage());
		}
	}

	// the text a person sees: numbers without exponent, date cells in ISO form
	private static String cellText(Cell cell) {
		if (cell == null) {
			return "";
		}
		return switch (cell.getType()) {
			case EMPTY, ERROR -> "";
			case STRING -> String.valueOf(cell.getValue()).strip();
			case BOOLEAN -> String.valueOf(cell.getValue());
			case NUMBER, FORMULA -> {
				if (!(cell.getValue() instanceof BigDecimal number)) {
					yield (cell.getValue() != null) ? cell.getValue().toString().strip() : "";
				}
				if (isDateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
					yield cell.asDate().toString();
				}
				BigDecimal stripped = number.stripTrailingZeros();
				yield (stripped.scale() < 0) ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
			}
		};
	}

	// built-in date formats, or a format code with date or time letters outside quotes
	private static boolean isDateFormat(Integer id, String format) {
		if (id != null && ((id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36)
				|| (id >= 50 && id <= 58))) {
			return true;
		}
		if (format == null) {
			return false;
		}
		String code = format.replaceAll("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.", "").toLowerCase(Locale.ROOT);
		return !code.contains("general") && code.matches(".*[ydhs].*");
	}

	private static String csvLine(List<String> cells) {
		StringBuilder line = new StringBuilder();
		for (String cell : cells) {
			if (!line.isEmpty()) {
				line.append(',');
			}
			if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0) {
				line.append('"').append(cell.replace("\"", "\"\"")).append('"');
			}
			else {
				line.append(cell);
			}
		}
		return line.toString();
	}

	// --- rows to results

	private static final class Reading {

		private final List<SheetRow> rows;

		private final List<LabRejection> rejections = new ArrayList<>();

		private final Map<String, List<Found>> byBarcode = new LinkedHashMap<>();

		Reading(List<SheetRow> rows) {
			this.rows = rows;
		}

		ParsedResults read() {
			int header = 0;
			while (header < this.rows.size() && this.rows.get(header).blank()) {
				header++;
			}
			if (header == this.rows.size()) {
				return ParsedResults.refused(new LabRejection(null, "header", "the file has no header row", ""), 0);
			}
			SheetRow headerRow = this.rows.get(header);
			Map<Column, Integer> columns = new EnumMap<>(Column.class);
			for (int i = 0; i < headerRow.cells.size(); i++) {
				Column column = Column.of(headerRow.cells.get(i));
				if (column != null && columns.putIfAbsent(column, i) != null) {
					return ParsedResults.refused(new LabRejection(
							null, "header", "column " + column.label + " appears twice (columns "
									+ (columns.get(column) + 1) + " and " + (i + 1) + ")",
							LabValues.truncate(headerRow.raw)), 0);
				}
			}
			List<String> missing = new ArrayList<>();
			for (Column column : Column.values()) {
				if (column.required && !columns.containsKey(column)) {
					missing.add(column.label);
				}
			}
			int dataRows = (int) this.rows.subList(header + 1, this.rows.size())
				.stream()
				.filter((row) -> !row.blank())
				.count();
			if (!missing.isEmpty()) {
				return ParsedResults.refused(new LabRejection(null, "header",
						"missing column " + String.join(", ", missing) + ": expected the columns barcode (管号, 条码), "
								+ "result (结果), ct (Ct值, optional), lab (检测机构) and testedAt (检测时间)",
						LabValues.truncate(headerRow.raw)), dataRows);
			}
			for (SheetRow row : this.rows.subList(header + 1, this.rows.size())) {
				if (!row.blank()) {
					readRow(row, columns);
				}
			}
			return new ParsedResults(results(), this.rejections, dataRows);
		}

		private void readRow(SheetRow row, Map<Column, Integer> columns) {
			String raw = LabValues.truncate(row.raw);
			String prefix = "row " + row.number + ": ";
			if (row.problem != null) {
				reject(null, prefix + "row", row.problem, raw);
				return;
			}
			String barcode = row.cell(columns.get(Column.BARCODE)).strip();
			String problem = LabValues.barcodeProblem(barcode);
			if (problem != null) {
				reject(barcode.isEmpty() ? null : barcode, prefix + "barcode", problem, raw);
				return;
			}
			String resultText = row.cell(columns.get(Column.RESULT));
			TubeOutcome outcome = LabValues.outcomeOfWord(resultText);
			if (outcome == null) {
				reject(barcode, prefix + "result",
						(resultText.isBlank() ? "missing result" : "unrecognised result '" + resultText.strip() + "'")
								+ ": expected " + LabValues.WORDS_EXPECTED,
						raw);
				return;
			}
			BigDecimal ct = null;
			Integer ctColumn = columns.get(Column.CT);
			String ctText = (ctColumn != null) ? row.cell(ctColumn).strip() : "";
			if (!NO_CT.contains(ctText.toLowerCase(Locale.ROOT))) {
				try {
					ct = new BigDecimal(ctText);
				}
				catch (NumberFormatException ex) {
					reject(barcode, prefix + "ct", "Ct value '" + ctText + "' is not a number", raw);
					return;
				}
				String ctProblem = LabValues.ctProblem(ct);
				if (ctProblem != null) {
					reject(barcode, prefix + "ct", ctProblem, raw);
					return;
				}
			}
			String lab = row.cell(columns.get(Column.LAB)).strip();
			if (lab.isEmpty()) {
				reject(barcode, prefix + "lab", "missing lab", raw);
				return;
			}
			String timeText = row.cell(columns.get(Column.TESTED_AT)).strip();
			Instant testedAt = instantOf(timeText);
			if (testedAt == null) {
				reject(barcode, prefix + "testedAt", timeText.isEmpty() ? "missing time"
						: "time '" + timeText + "' is neither ISO 8601 nor yyyy-MM-dd HH:mm[:ss]", raw);
				return;
			}
			this.byBarcode.computeIfAbsent(barcode, (key) -> new ArrayList<>())
				.add(new Found(row.number, raw, new LabResult(barcode, outcome, ct, lab, testedAt)));
		}

		private List<LabResult> results() {
			List<LabResult> results = new ArrayList<>();
			for (Map.Entry<String, List<Found>> tube : this.byBarcode.entrySet()) {
				List<Found> found = tube.getValue();
				LabResult first = found.get(0).result;
				boolean disagree = found.stream().anyMatch((f) -> f.result.outcome() != first.outcome());
				if (disagree) {
					StringBuilder reason = new StringBuilder(
							"two results for tube " + tube.getKey() + " in one file disagree:");
					for (Found f : found) {
						reason.append(' ').append(f.result.outcome()).append(" in row ").append(f.row).append(',');
					}
					reason.setLength(reason.length() - 1);
					for (Found f : found) {
						reject(tube.getKey(), "row " + f.row + ": result", reason.toString(), f.raw);
					}
					continue;
				}
				BigDecimal ct = null;
				for (Found f : found) {
					BigDecimal value = f.result.ct();
					if (value != null && (ct == null || value.compareTo(ct) < 0)) {
						ct = value;
					}
				}
				results.add(new LabResult(first.barcode(), first.outcome(), ct, first.lab(), first.testedAt()));
			}
			return results;
		}

		private void reject(String barcode, String field, String reason, String raw) {
			this.rejections.add(new LabRejection(barcode, field, reason, raw));
		}

	}

	static Instant instantOf(String text) {
		if (text.isEmpty()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException notOffset) {
			// a local time in China
		}
		try {
			return LocalDateTime.parse(text, LOCAL).atZone(FhirBundleReader.LAB_ZONE).toInstant();
		}
		catch (DateTimeParseException notLocal) {
			// a date alone
		}
		try {
			return LocalDate.parse(text).atStartOfDay(FhirBundleReader.LAB_ZONE).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** One row: its number in the file, its cells, its text, what is broken in it. */
	private record SheetRow(long number, List<String> cells, String raw, String problem) {

		boolean blank() {
			return this.cells.stream().allMatch(String::isBlank);
		}

		String cell(int index) {
			return (index < this.cells.size()) ? this.cells.get(index) : "";
		}

	}

	private record Found(long row, String raw, LabResult result) {
	}

	/** The file cannot be read at all. */
	private static final class UnreadableException extends RuntimeException {

		UnreadableException(String message) {
			super(message);
		}

	}

}
