package org.epigrid.datahub.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;

import org.epigrid.datahub.DataCategory;

/**
 * The place keys a source record carries for inbound screening (migration V14): for each
 * place field of its category, {@code kind * 10^15 + place id * 10^6 + UTC day number}.
 * Inbound screening asks the GIN index of {@code source_record.place_keys} for the keys
 * of every place whose name contains the outbreak city on every day of its window.
 */
public final class RecordPlaces {

	/** An inbound traveller's origin, on the day of arrival. */
	public static final int ORIGIN = 1;

	/** An inbound traveller's destination, on the day of arrival. */
	public static final int DESTINATION = 2;

	/**
	 * An assistance letter's risk area, on the day of exposure (or of import, without an
	 * exposure time).
	 */
	public static final int RISK_AREA = 3;

	/** The longest place name that gets a key. */
	static final int MAX_NAME = 200;

	private RecordPlaces() {
	}

	/**
	 * The key of a place on a day.
	 * @param kind {@link #ORIGIN}, {@link #DESTINATION} or {@link #RISK_AREA}
	 * @param placeId the place's id in {@code record_place}
	 * @param day the UTC day
	 * @return the key
	 */
	public static long key(int kind, long placeId, LocalDate day) {
		return kind * 1_000_000_000_000_000L + placeId * 1_000_000L + day.toEpochDay();
	}

	/**
	 * The UTC day of an instant, as the keys count days.
	 * @param at the instant
	 * @return its day
	 */
	public static LocalDate day(Instant at) {
		return LocalDate.ofInstant(at, ZoneOffset.UTC);
	}

	/**
	 * Adds the place names a record of the category would carry keys for.
	 * @param category the record's category
	 * @param record the record
	 * @param names where to add them
	 */
	static void names(DataCategory category, RecordValidator.ValidRecord record, Collection<String> names) {
		switch (category) {
			case INBOUND_TRAVELLER -> {
				if (record.occurredAt() != null) {
					add(record, "originCity", names);
					add(record, "destination", names);
				}
			}
			case ASSISTANCE_LETTER -> add(record, "riskArea", names);
			default -> {
			}
		}
	}

	/**
	 * The keys of a record, or {@code null} if it carries none.
	 * @param category the record's category
	 * @param record the record
	 * @param imported when the record is imported (the day of a letter without exposure
	 * time)
	 * @param places the place ids of at least every name {@link #names} gave
	 * @return the keys or {@code null}
	 */
	static long[] keys(DataCategory category, RecordValidator.ValidRecord record, Instant imported,
			Map<String, Long> places) {
		return switch (category) {
			case INBOUND_TRAVELLER -> (record.occurredAt() != null)
					? keys(record, day(record.occurredAt()), places, ORIGIN, "originCity", DESTINATION, "destination")
					: null;
			case ASSISTANCE_LETTER -> keys(record, day((record.occurredAt() != null) ? record.occurredAt() : imported),
					places, RISK_AREA, "riskArea", 0, null);
			default -> null;
		};
	}

	private static long[] keys(RecordValidator.ValidRecord record, LocalDate day, Map<String, Long> places, int kind1,
			String field1, int kind2, String field2) {
		Long first = place(record, field1, places);
		Long second = (field2 != null) ? place(record, field2, places) : null;
		if (first == null && second == null) {
			return null;
		}
		if (first == null) {
			return new long[] { key(kind2, second, day) };
		}
		if (second == null) {
			return new long[] { key(kind1, first, day) };
		}
		return new long[] { key(kind1, first, day), key(kind2, second, day) };
	}

	private static Long place(RecordValidator.ValidRecord record, String field, Map<String, Long> places) {
		String name = name(record, field);
		return (name != null) ? places.get(name) : null;
	}

	private static void add(RecordValidator.ValidRecord record, String field, Collection<String> names) {
		String name = name(record, field);
		if (name != null) {
			names.add(name);
		}
	}

	/**
	 * A place name worth a key: not empty, and not longer than {@value #MAX_NAME}
	 * characters (the dictionary's unique index has a size limit; nobody names a city
	 * with a paragraph).
	 */
	private static String name(RecordValidator.ValidRecord record, String field) {
		return (record.fields().get(field) instanceof String name && !name.isEmpty() && name.length() <= MAX_NAME)
				? name : null;
	}

}
