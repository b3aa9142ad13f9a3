package org.epigrid.tracing.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.ContactDefinitions;

/**
 * Transport by the definitions: what a journey is (flight, train, coach) from the
 * source's words or the number's shape, its row or car from the seat as written, and the
 * level of a fellow traveller.
 */
public final class Seats {

	/**
	 * A flight number: two letters or a letter and a digit, then digits (MU5101, 3U8888).
	 */
	private static final Pattern FLIGHT = Pattern.compile("^([A-Z]{2}|[A-Z][0-9]|[0-9][A-Z])[0-9]{2,4}[A-Z]?$");

	/** A train number: G, D, C, Z, T, K, L, Y or S and digits, or digits alone. */
	private static final Pattern TRAIN = Pattern.compile("^[GDCZTKLYS]?[0-9]{1,5}$");

	/** A flight seat: the row and a letter (12C, 12 C). */
	private static final Pattern ROW = Pattern.compile("^0*([0-9]{1,3})\\s*[A-Z]?$");

	/** A train seat with its car: 05车12F, 5号车厢12F, 05-12F, 05/012. */
	private static final Pattern CAR = Pattern.compile("^0*([0-9]{1,2})\\s*(?:号?车厢?|-|/|车)\\s*[0-9]{1,3}\\s*[A-Z]?.*$");

	private Seats() {
	}

	/**
	 * What a journey is.
	 * @param transport the source's words (air, rail, road, 航空, 铁路, 客运…), may be
	 * {@code null}
	 * @param number the normalised number
	 * @return {@code FLIGHT}, {@code TRAIN} or {@code BUS}
	 */
	public static String kind(String transport, String number) {
		String words = (transport == null) ? "" : transport.toLowerCase(Locale.ROOT);
		if (words.contains("air") || words.contains("flight") || words.contains("航") || words.contains("飞")) {
			return "FLIGHT";
		}
		if (words.contains("rail") || words.contains("train") || words.contains("铁") || words.contains("火车")
				|| words.contains("高铁") || words.contains("动车")) {
			return "TRAIN";
		}
		if (words.contains("road") || words.contains("bus") || words.contains("coach") || words.contains("客运")
				|| words.contains("汽车") || words.contains("巴")) {
			return "BUS";
		}
		if (FLIGHT.matcher(number).matches() && !TRAIN.matcher(number).matches()) {
			return "FLIGHT";
		}
		return TRAIN.matcher(number).matches() ? "TRAIN" : "BUS";
	}

	/**
	 * A flight seat's row.
	 * @param seat as written, may be {@code null}
	 * @return the row, {@code null} if unknown
	 */
	public static Integer row(String seat) {
		if (seat == null) {
			return null;
		}
		Matcher m = ROW.matcher(seat.strip().toUpperCase(Locale.ROOT));
		return m.matches() ? Integer.valueOf(m.group(1)) : null;
	}

	/**
	 * A train seat's car.
	 * @param car the car as given on its own, may be {@code null}
	 * @param seat the seat as written (05车12F), may be {@code null}
	 * @return the car, {@code null} if unknown
	 */
	public static Integer car(String car, String seat) {
		if (car != null && !car.isBlank()) {
			String digits = car.replaceAll("[^0-9]", "");
			return digits.isEmpty() ? null : Integer.valueOf(digits.substring(0, Math.min(3, digits.length())));
		}
		if (seat == null) {
			return null;
		}
		Matcher m = CAR.matcher(seat.strip().toUpperCase(Locale.ROOT));
		return m.matches() ? Integer.valueOf(m.group(1)) : null;
	}

	/**
	 * A fellow traveller's level: on a flight close within the definitions' rows, on a
	 * train close in the same car, on a coach close; general when the seats are not known
	 * well enough to tell.
	 * @param kind {@code FLIGHT}, {@code TRAIN} or {@code BUS}
	 * @param caseSeat the case's seat, may be {@code null}
	 * @param caseCar the case's car given on its own, may be {@code null}
	 * @param fellowSeat the fellow's seat, may be {@code null}
	 * @param rules the definitions
	 * @return the level
	 */
	public static ContactLevel level(String kind, String caseSeat, String caseCar, String fellowSeat,
			ContactDefinitions rules) {
		switch (kind) {
			case "FLIGHT" -> {
				Integer a = row(caseSeat);
				Integer b = row(fellowSeat);
				return (a != null && b != null && Math.abs(a - b) <= rules.flightRows()) ? ContactLevel.CLOSE
						: ContactLevel.GENERAL;
			}
			case "TRAIN" -> {
				Integer a = car(caseCar, caseSeat);
				Integer b = car(null, fellowSeat);
				return (rules.trainCar() && a != null && a.equals(b)) ? ContactLevel.CLOSE : ContactLevel.GENERAL;
			}
			default -> {
				return ContactLevel.CLOSE;
			}
		}
	}

}
