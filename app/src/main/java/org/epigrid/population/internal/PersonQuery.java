package org.epigrid.population.internal;

import java.util.Locale;
import java.util.regex.Pattern;

import org.epigrid.shared.PhoneNumber;

/**
 * What a search box string means: a full document number, a mobile number, or the start
 * of a name. Document numbers and phones match exactly; names by prefix.
 *
 * @param kind how to match
 * @param value the normalised text
 */
public record PersonQuery(Kind kind, String value) {

	private static final Pattern DOCUMENT = Pattern.compile("(\\d{17}[\\dX])|(\\d{15})|([A-Z]{1,2}\\d{6,10})");

	/**
	 * Classifies a search string.
	 * @param text what the user typed, may be {@code null}
	 * @return the query
	 */
	public static PersonQuery parse(String text) {
		String q = (text == null) ? "" : text.strip();
		if (q.isEmpty()) {
			return new PersonQuery(Kind.ALL, "");
		}
		if (PhoneNumber.looksLikeMobile(q)) {
			return new PersonQuery(Kind.PHONE, q);
		}
		String upper = q.toUpperCase(Locale.ROOT);
		if (DOCUMENT.matcher(upper).matches()) {
			return new PersonQuery(Kind.DOCUMENT, upper);
		}
		return new PersonQuery(Kind.NAME_PREFIX, q);
	}

	/**
	 * How a query matches.
	 */
	public enum Kind {

		/** Everybody in the jurisdiction, by name. */
		ALL,
		/** Exact document number. */
		DOCUMENT,
		/** Exact phone number. */
		PHONE,
		/** Name starting with the text. */
		NAME_PREFIX

	}

}
