package org.epigrid.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mainland mobile number (11 digits starting with 1 and a network digit 3-9), or a
 * fixed line with area code ({@code 0512-65223456}). An optional {@code +86} / {@code 86}
 * prefix, spaces and dashes are removed from mobile numbers.
 *
 * @param value the normalised number
 */
public record PhoneNumber(String value) {

	private static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

	private static final Pattern FIXED = Pattern.compile("0\\d{2,3}-\\d{7,8}");

	/**
	 * Validates and normalises.
	 * @param value the number as typed
	 * @throws InvalidValueException if it is neither a mobile nor a fixed-line number
	 */
	public PhoneNumber {
		Objects.requireNonNull(value, "value");
		String v = value.strip();
		// the common case without a regular expression (imports check 10^6 of them)
		if (!isMobile(v) && !FIXED.matcher(v).matches()) {
			v = v.replaceAll("[\\s-]", "");
			if (v.startsWith("+86")) {
				v = v.substring(3);
			}
			else if (v.startsWith("86") && v.length() == 13) {
				v = v.substring(2);
			}
			if (!MOBILE.matcher(v).matches()) {
				throw new InvalidValueException("must be an 11-digit mobile number or an area code and number");
			}
		}
		value = v;
	}

	private static boolean isMobile(String v) {
		if (v.length() != 11 || v.charAt(0) != '1' || v.charAt(1) < '3' || v.charAt(1) > '9') {
			return false;
		}
		for (int i = 2; i < 11; i++) {
			if (v.charAt(i) < '0' || v.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Parses a mobile number typed into a field (one that can receive a text message),
	 * naming the field and what is wrong otherwise.
	 * @param field the field, for the error
	 * @param input the number as typed, may be {@code null}
	 * @param purpose why it must be a mobile, e.g. "a code is sent to it"
	 * @return the normalised number
	 * @throws FieldErrorsException naming the field
	 */
	public static String mobile(String field, String input, String purpose) {
		String phone;
		try {
			phone = new PhoneNumber((input == null) ? "" : input).value();
		}
		catch (InvalidValueException ex) {
			throw FieldErrorsException.of(field, "must be an 11-digit mobile number");
		}
		if (phone.startsWith("0")) {
			throw FieldErrorsException.of(field, "must be a mobile number (" + purpose + ")");
		}
		return phone;
	}

	/**
	 * Whether a search string looks like a mobile number.
	 * @param text any text, may be {@code null}
	 * @return {@code true} for 11 digits starting with 1
	 */
	public static boolean looksLikeMobile(String text) {
		return text != null && MOBILE.matcher(text).matches();
	}

	@Override
	public String toString() {
		return Masking.phone(this.value);
	}

}
