package org.epigrid.datahub.internal.tabular;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.dhatim.fastexcel.reader.Cell;

/**
 * Renders workbook cells as the text a person would type: numbers without exponent or
 * {@code .0} (an ID number typed as a number keeps its digits, as far as Excel stored
 * them), dates and times in ISO form, booleans as {@code true}/{@code false}, formulas as
 * their cached value, errors as {@code ""}.
 */
final class XlsxCellText {

	private static final MathContext EXCEL_DISPLAY_DIGITS = new MathContext(15);

	private static final Set<String> ERROR_VALUES = Set.of("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
			"#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!");

	// Excel's largest date, 9999-12-31
	private static final double MAX_SERIAL = 2_958_465;

	private static final int SECONDS_PER_DAY = 86_400;

	enum DateKind {

		NONE, DATE, DATE_TIME, TIME

	}

	private final boolean date1904;

	private final Map<String, DateKind> kindByFormat = new HashMap<>();

	XlsxCellText(boolean date1904) {
		this.date1904 = date1904;
	}

	String render(Cell cell) {
		if (cell == null) {
			return "";
		}
		Object value = cell.getValue();
		return switch (cell.getType()) {
			case EMPTY, ERROR -> "";
			case STRING -> (value != null) ? value.toString().strip() : "";
			case BOOLEAN -> (value != null) ? value.toString() : "";
			case NUMBER -> (value instanceof BigDecimal number) ? number(cell, number) : "";
			case FORMULA -> formulaResult(cell, value);
		};
	}

	private String formulaResult(Cell cell, Object value) {
		if (value instanceof BigDecimal number) {
			return number(cell, number);
		}
		if (value instanceof Boolean bool) {
			return bool.toString();
		}
		if (value == null) {
			// no cached value stored (the workbook was never recalculated)
			return "";
		}
		String text = value.toString().strip();
		return ERROR_VALUES.contains(text) ? "" : text;
	}

	private String number(Cell cell, BigDecimal number) {
		DateKind kind = kindOf(cell.getDataFormatId(), cell.getDataFormatString());
		if (kind != DateKind.NONE) {
			String date = dateText(number, kind);
			if (date != null) {
				return date;
			}
		}
		return plain(number);
	}

	/**
	 * A number as plain digits: integral values exactly (the cell may hold a long ID),
	 * other values rounded to the 15 significant digits Excel shows, which hides binary
	 * noise such as {@code 12.300000000000001}.
	 * @param number the stored value
	 * @return the text
	 */
	static String plain(BigDecimal number) {
		if (number.signum() == 0) {
			return "0";
		}
		BigDecimal stripped = number.stripTrailingZeros();
		if (stripped.scale() <= 0) {
			return stripped.toPlainString();
		}
		return number.round(EXCEL_DISPLAY_DIGITS).stripTrailingZeros().toPlainString();
	}

	/**
	 * A date serial as ISO text: {@code 2026-01-15}, {@code 2026-01-15T08:30} (when the
	 * format shows a time or the value has one), {@code 08:30} for a time of day alone.
	 * @param serial days since the workbook's epoch
	 * @param kind what the format shows
	 * @return the text, or {@code null} when the value is no valid date
	 */
	String dateText(BigDecimal serial, DateKind kind) {
		double value = serial.doubleValue();
		if (value < 0 || value > MAX_SERIAL + 1) {
			return null;
		}
		long seconds = Math.round(value * SECONDS_PER_DAY);
		long days = seconds / SECONDS_PER_DAY;
		LocalTime time = LocalTime.ofSecondOfDay(seconds % SECONDS_PER_DAY);
		if (kind == DateKind.TIME && days == 0) {
			return time.toString();
		}
		LocalDate date = dateOf(days);
		if (kind == DateKind.DATE && time.equals(LocalTime.MIDNIGHT)) {
			return date.toString();
		}
		return LocalDateTime.of(date, time).toString();
	}

	private LocalDate dateOf(long days) {
		if (this.date1904) {
			return LocalDate.of(1904, 1, 1).plusDays(days);
		}
		// Excel counts the non-existent 1900-02-29 as day 60
		return (days >= 61) ? LocalDate.of(1899, 12, 30).plusDays(days) : LocalDate.of(1899, 12, 31).plusDays(days);
	}

	DateKind kindOf(Integer formatId, String formatString) {
		if (formatId != null) {
			DateKind builtIn = builtInKind(formatId);
			if (builtIn != null) {
				return builtIn;
			}
		}
		if (formatString == null || formatString.isEmpty()) {
			// General, or a built-in number format
			return DateKind.NONE;
		}
		return this.kindByFormat.computeIfAbsent(formatString, XlsxCellText::kindOfPattern);
	}

	// Built-in date and time formats (ECMA-376 18.8.30), including the Chinese-locale
	// ones
	// whose codes are not written to styles.xml; null for every other id.
	private static DateKind builtInKind(int id) {
		if (id == 14 || id == 15 || id == 16 || id == 17 || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54)
				|| id == 57 || id == 58) {
			return DateKind.DATE;
		}
		if (id == 22) {
			return DateKind.DATE_TIME;
		}
		if ((id >= 18 && id <= 21) || (id >= 32 && id <= 35) || (id >= 45 && id <= 47) || id == 55 || id == 56) {
			return DateKind.TIME;
		}
		return null;
	}

	/**
	 * Classifies a custom format code by the date and time letters left once quoted text,
	 * escapes, colours, locales and AM/PM markers are removed; only the first section
	 * (positive numbers) counts.
	 * @param pattern the format code
	 * @return what it shows
	 */
	static DateKind kindOfPattern(String pattern) {
		StringBuilder letters = new StringBuilder();
		String lower = pattern.toLowerCase(Locale.ROOT);
		boolean quoted = false;
		for (int i = 0; i < lower.length(); i++) {
			char c = lower.charAt(i);
			if (c == '"') {
				quoted = !quoted;
			}
			else if (quoted) {
				continue;
			}
			else if (c == '\\' || c == '_' || c == '*') {
				// escaped or padding character
				i++;
			}
			else if (c == '[') {
				int close = lower.indexOf(']', i);
				String inside = (close > 0) ? lower.substring(i + 1, close) : "";
				// [h], [mm], [ss]: elapsed time; everything else ([red], [$-804]) is not
				if (inside.matches("h+|m+|s+")) {
					letters.append(inside.charAt(0));
				}
				i = (close > 0) ? close : lower.length();
			}
			else if (c == ';') {
				break;
			}
			else {
				letters.append(c);
			}
		}
		String kept = letters.toString().replace("am/pm", "").replace("a/p", "");
		if (kept.contains("general")) {
			return DateKind.NONE;
		}
		boolean time = kept.indexOf('h') >= 0 || kept.indexOf('s') >= 0;
		boolean date = kept.indexOf('y') >= 0 || kept.indexOf('d') >= 0 || (!time && kept.indexOf('m') >= 0);
		if (date && time) {
			return DateKind.DATE_TIME;
		}
		if (date) {
			return DateKind.DATE;
		}
		return time ? DateKind.TIME : DateKind.NONE;
	}

}
