package org.epigrid.datahub.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.FieldSpec;
import org.epigrid.datahub.FieldType;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.PhoneNumber;

/**
 * Checks one row of an import against its category and turns it into a normalised record,
 * or says for each field what is wrong, naming its column.
 * <p>
 * Besides each value's form it refuses values that cannot be right: a dose number below
 * 1, a date of something that has happened (birth, vaccination, purchase, visit,
 * exposure) after the day of the import, an ID number whose birth date is after that day,
 * and a birth date that is not the one the ID number holds (one of the two is mistyped,
 * and the ID number decides whom the record is linked to, so it must not be guessed
 * which).
 */
final class RecordValidator {

	private static final int MAX_TEXT = 500;

	private static final Pattern DATE = Pattern.compile(
			"(\\d{4})[-/.年](\\d{1,2})[-/.月](\\d{1,2})日?(?:[ T]*(\\d{1,2})[:时](\\d{1,2})分?(?::?(\\d{1,2})(?:\\.\\d+)?秒?)?)?");

	private static final Pattern COMPACT_DATE = Pattern
		.compile("(\\d{4})(\\d{2})(\\d{2})(?:(\\d{2})(\\d{2})(\\d{2})?)?");

	private final DataCategory category;

	private final ColumnMapping mapping;

	private final ZoneId zone;

	/** The day of the import, in the platform's zone: nothing that happened is later. */
	private final LocalDate today;

	/** The category's time field, parsed once for the field and the record's time. */
	private final String timeField;

	/**
	 * A validator for one import.
	 * @param category the source's category
	 * @param mapping the file's columns
	 * @param clock the platform's clock: its zone places dates and times, and its day is
	 * the latest allowed for things that happened
	 */
	RecordValidator(DataCategory category, ColumnMapping mapping, Clock clock) {
		this.category = category;
		this.mapping = mapping;
		this.zone = clock.getZone();
		this.today = LocalDate.now(clock);
		this.timeField = category.timeField().orElse(null);
	}

	/** PostgreSQL stores no NUL character in text. */
	private static final String NUL = "contains a NUL character (\\0), which cannot be stored";

	/**
	 * Validates a row.
	 * @param cells the row's cells, aligned with the header
	 * @return the record, or the reasons it was refused
	 */
	Outcome validate(List<String> cells) {
		List<Reason> reasons = new ArrayList<>();
		Map<String, Object> fields = new LinkedHashMap<>();
		Instant occurredAt = null;
		for (Map.Entry<FieldSpec, Integer> entry : this.mapping.columns().entrySet()) {
			FieldSpec field = entry.getKey();
			String raw = entry.getValue() < cells.size() ? cells.get(entry.getValue()).strip() : "";
			if (raw.isEmpty()) {
				if (field.required()) {
					reasons.add(new Reason(this.mapping.headerOf(field), field.name(), "is empty"));
				}
				continue;
			}
			if (raw.indexOf('\0') >= 0) {
				reasons.add(new Reason(this.mapping.headerOf(field), field.name(), NUL));
				continue;
			}
			try {
				if (field.name().equals(this.timeField)) {
					// parsed once, for the field and the record's time
					LocalDateTime time = dateTime(raw);
					notLaterThanToday(field, time.toLocalDate(), raw);
					if (field.type() == FieldType.DATE || field.type() == FieldType.PAST_DATE) {
						time = time.toLocalDate().atStartOfDay();
						fields.put(field.name(), time.toLocalDate().toString());
					}
					else {
						fields.put(field.name(), time.toString());
					}
					occurredAt = time.atZone(this.zone).toInstant();
				}
				else {
					fields.put(field.name(), parse(field, raw));
				}
			}
			catch (InvalidValueException ex) {
				reasons.add(new Reason(this.mapping.headerOf(field), field.name(), ex.getMessage()));
			}
		}
		birthDateAgreesWithIdNumber(fields, reasons);
		if (!fields.containsKey("idNumber") && !fields.containsKey("phone")
				&& reasons.stream().noneMatch(r -> r.field().equals("idNumber") || r.field().equals("phone"))) {
			reasons.add(new Reason("身份证号/联系电话", "idNumber", "a record needs an ID number or a phone"));
		}
		for (int column = 0; column < cells.size(); column++) {
			if (!this.mapping.isMapped(column) && cells.get(column).indexOf('\0') >= 0) {
				reasons.add(new Reason(this.mapping.headerOf(column), null, NUL));
			}
		}
		if (!reasons.isEmpty()) {
			return new Outcome(null, reasons);
		}
		// columns that map to no field are kept too, so that nothing accepted is lost
		Map<String, String> extra = new LinkedHashMap<>();
		for (int column = 0; column < cells.size(); column++) {
			if (!this.mapping.isMapped(column) && !cells.get(column).isBlank()) {
				extra.put(this.mapping.headerOf(column), cells.get(column).strip());
			}
		}
		if (!extra.isEmpty()) {
			fields.put("extra", extra);
		}
		// name, ID number and phone are stored in columns of their own, not twice
		return new Outcome(new ValidRecord((String) fields.remove("name"), (String) fields.remove("idNumber"),
				(String) fields.remove("phone"), occurredAt, fields), List.of());
	}

	private Object parse(FieldSpec field, String raw) {
		return switch (field.type()) {
			case TEXT -> {
				if (raw.length() > MAX_TEXT) {
					throw new InvalidValueException("is longer than " + MAX_TEXT + " characters");
				}
				yield raw;
			}
			case ID_NUMBER -> {
				IdNumber number = new IdNumber(raw);
				if (number.birthDate().isAfter(this.today)) {
					throw new InvalidValueException("holds the birth date " + number.birthDate()
							+ ", which is after today (" + this.today + ")");
				}
				yield number.value();
			}
			case PHONE -> new PhoneNumber(raw).value();
			case DATE -> dateTime(raw).toLocalDate().toString();
			case PAST_DATE -> {
				LocalDate date = dateTime(raw).toLocalDate();
				notLaterThanToday(field, date, raw);
				yield date.toString();
			}
			case DATETIME -> dateTime(raw).toString();
			case PAST_DATETIME -> {
				LocalDateTime time = dateTime(raw);
				notLaterThanToday(field, time.toLocalDate(), raw);
				yield time.toString();
			}
			case INTEGER -> wholeNumber(raw);
			case ORDINAL -> {
				int number = wholeNumber(raw);
				if (number < 1) {
					throw new InvalidValueException("must be 1 or more (the first is 1): " + raw);
				}
				yield number;
			}
			case TEMPERATURE -> {
				try {
					BigDecimal t = new BigDecimal(raw.replace("℃", "").replace("°C", "").strip());
					if (t.compareTo(BigDecimal.valueOf(34)) < 0 || t.compareTo(BigDecimal.valueOf(43)) > 0) {
						throw new InvalidValueException("is not a body temperature in °C: " + raw);
					}
					yield t;
				}
				catch (NumberFormatException ex) {
					throw new InvalidValueException("is not a temperature: " + raw);
				}
			}
		};
	}

	private static int wholeNumber(String raw) {
		try {
			return new BigDecimal(raw).intValueExact();
		}
		catch (NumberFormatException | ArithmeticException ex) {
			throw new InvalidValueException("is not a whole number: " + raw);
		}
	}

	// a birth, a vaccination, a purchase … cannot be dated after the day of the import
	private void notLaterThanToday(FieldSpec field, LocalDate date, String raw) {
		boolean past = field.type() == FieldType.PAST_DATE || field.type() == FieldType.PAST_DATETIME;
		if (past && date.isAfter(this.today)) {
			throw new InvalidValueException("is in the future: " + raw + " is after today (" + this.today + ")");
		}
	}

	/**
	 * A birth date given beside an ID number must be the one the number holds: one of the
	 * two is mistyped (a check digit catches most typing errors in the number, but not a
	 * number that belongs to somebody else), and the record is linked by the number.
	 */
	private void birthDateAgreesWithIdNumber(Map<String, Object> fields, List<Reason> reasons) {
		Object idNumber = fields.get("idNumber");
		Object birthDate = fields.get("birthDate");
		if (idNumber == null || birthDate == null) {
			return;
		}
		LocalDate held = new IdNumber((String) idNumber).birthDate();
		if (!held.toString().equals(birthDate)) {
			reasons.add(new Reason(headerOf("birthDate"), "birthDate",
					"is " + birthDate + ", but the ID number in " + headerOf("idNumber") + " holds " + held));
		}
	}

	private String headerOf(String fieldName) {
		return this.mapping.columns()
			.keySet()
			.stream()
			.filter((field) -> field.name().equals(fieldName))
			.findFirst()
			.map(this.mapping::headerOf)
			.orElse(fieldName);
	}

	/**
	 * Dates as departments write them: 2026-01-15, 2026/1/15, 2026年1月15日, 20260115, with
	 * an optional time (08:30, 08:30:15, 8时30分).
	 */
	static LocalDateTime dateTime(String raw) {
		String s = raw.strip();
		try {
			LocalDateTime iso = isoMinutes(s);
			if (iso != null) {
				return iso;
			}
			Matcher m = DATE.matcher(s);
			if (m.matches()) {
				return LocalDateTime.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
						Integer.parseInt(m.group(3))), time(m.group(4), m.group(5), m.group(6)));
			}
			Matcher c = COMPACT_DATE.matcher(s);
			if (c.matches()) {
				return LocalDateTime.of(LocalDate.of(Integer.parseInt(c.group(1)), Integer.parseInt(c.group(2)),
						Integer.parseInt(c.group(3))), time(c.group(4), c.group(5), c.group(6)));
			}
			return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
		}
		catch (java.time.DateTimeException ex) {
			throw new InvalidValueException("is not a date: " + raw);
		}
	}

	/**
	 * {@code 2026-01-15 08:30} or {@code 2026-01-15T08:30}, the form most systems export,
	 * without a regular expression; {@code null} for anything else.
	 */
	private static LocalDateTime isoMinutes(String s) {
		if (s.length() != 16 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
				|| s.charAt(13) != ':') {
			return null;
		}
		int year = digits(s, 0, 4);
		int month = digits(s, 5, 7);
		int day = digits(s, 8, 10);
		int hour = digits(s, 11, 13);
		int minute = digits(s, 14, 16);
		if ((year | month | day | hour | minute) < 0) {
			return null;
		}
		return LocalDateTime.of(year, month, day, hour, minute);
	}

	private static int digits(String s, int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			char c = s.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	private static LocalTime time(String h, String m, String s) {
		if (h == null) {
			return LocalTime.MIDNIGHT;
		}
		return LocalTime.of(Integer.parseInt(h), Integer.parseInt(m), s == null ? 0 : Integer.parseInt(s));
	}

	/**
	 * Why a field was refused.
	 *
	 * @param column the column header as in the file
	 * @param field the EpiGrid field
	 * @param message what is wrong
	 */
	record Reason(String column, String field, String message) {

		@Override
		public String toString() {
			return this.column + ": " + this.message;
		}

	}

	/**
	 * A valid, normalised record.
	 *
	 * @param name name
	 * @param idNumber resident ID number, may be {@code null}
	 * @param phone phone, may be {@code null}
	 * @param occurredAt when the recorded event happened, may be {@code null}
	 * @param fields every other field, normalised, plus {@code extra} for unmapped
	 * columns
	 */
	record ValidRecord(String name, String idNumber, String phone, Instant occurredAt, Map<String, Object> fields) {
	}

	/**
	 * The result of validating a row: a record or reasons.
	 *
	 * @param record the record, {@code null} if refused
	 * @param reasons why it was refused, empty if accepted
	 */
	record Outcome(ValidRecord record, List<Reason> reasons) {

		boolean accepted() {
			return this.record != null;
		}

	}

}
