package org.epigrid.support;

import java.security.SecureRandom;

import org.epigrid.shared.IdNumber;

/**
 * Valid resident ID numbers for tests, unique per call so that tests do not depend on
 * each other or on their order.
 */
public final class TestIds {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final java.util.Set<String> ISSUED = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private TestIds() {
	}

	/**
	 * A valid, random ID number of someone born on a random day in 1950–1999, under the
	 * region code 320599 — a Suzhou code no county has, which the demo town never issues,
	 * so that a test's "new" person never collides with a demo resident (the demo fills
	 * every sequence of its districts' days).
	 * @return the number
	 */
	public static String valid() {
		while (true) {
			String first17 = "320599" + (1950 + RANDOM.nextInt(50))
					+ String.format("%02d%02d", 1 + RANDOM.nextInt(12), 1 + RANDOM.nextInt(28))
					+ String.format("%03d", RANDOM.nextInt(1000));
			// never the same number twice in one test run (the test contexts are shared:
			// a
			// repeat was a 409 in a full run)
			if (ISSUED.add(first17)) {
				return first17 + IdNumber.checkCharacter(first17);
			}
		}
	}

	/**
	 * The same number with a wrong check character.
	 * @param valid a valid number
	 * @return an invalid one
	 */
	public static String withWrongCheckDigit(String valid) {
		char check = valid.charAt(17);
		char wrong = (check == '0') ? '1' : (check == 'X' ? '0' : (char) (check == '9' ? 'X' : check + 1));
		return valid.substring(0, 17) + wrong;
	}

}
