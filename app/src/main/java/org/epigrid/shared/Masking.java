package org.epigrid.shared;

/**
 * Masks personal identifiers for display to roles that may not see them in full.
 */
public final class Masking {

	private Masking() {
	}

	/**
	 * Masks a document number, keeping the first six and last four characters of an
	 * 18-digit number ({@code 320507********1234}), or the last four of shorter ones.
	 * @param value the number, may be {@code null}
	 * @return the masked number, {@code null} for {@code null}
	 */
	public static String idNumber(String value) {
		if (value == null) {
			return null;
		}
		if (value.length() >= 15) {
			return value.substring(0, 6) + "*".repeat(value.length() - 10) + value.substring(value.length() - 4);
		}
		if (value.length() <= 4) {
			return "*".repeat(value.length());
		}
		return "*".repeat(value.length() - 4) + value.substring(value.length() - 4);
	}

	/**
	 * Masks a phone number: {@code 138****5678}; fixed lines keep the area code and last
	 * four digits.
	 * @param value the number, may be {@code null}
	 * @return the masked number, {@code null} for {@code null}
	 */
	public static String phone(String value) {
		if (value == null) {
			return null;
		}
		if (value.length() == 11 && value.charAt(0) == '1') {
			return value.substring(0, 3) + "****" + value.substring(7);
		}
		int dash = value.indexOf('-');
		if (dash > 0 && value.length() - dash > 5) {
			return value.substring(0, dash + 1) + "*".repeat(value.length() - dash - 5)
					+ value.substring(value.length() - 4);
		}
		return idNumber(value);
	}

	/**
	 * Masks a person's name for devices and venues: the first and last characters stay,
	 * the middle is starred ({@code 张*三}); two-character names keep the family name
	 * ({@code 张*}).
	 * @param value the name, may be {@code null}
	 * @return the masked name, {@code null} for {@code null}
	 */
	public static String name(String value) {
		if (value == null || value.isEmpty()) {
			return value;
		}
		int[] cps = value.codePoints().toArray();
		if (cps.length == 1) {
			return value;
		}
		if (cps.length == 2) {
			return new String(cps, 0, 1) + "*";
		}
		return new String(cps, 0, 1) + "*".repeat(cps.length - 2) + new String(cps, cps.length - 1, 1);
	}

}
