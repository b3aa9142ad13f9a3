package org.epigrid.demo.internal;

/**
 * Hands out unique passport-style numbers: a nationality's prefix and seven or eight
 * digits from a keyed permutation of a counter.
 */
final class Passports {

	private static final long NUMBERS = 10_000_000L;

	private final Permutation permutation;

	private long next;

	Passports(long seed) {
		this.permutation = new Permutation(NUMBERS, Mix.hash(seed, 0x5041_5353L));
	}

	String next(Vocabulary.Nationality nationality) {
		long x = this.permutation.apply(this.next++);
		String prefix = nationality.passportPrefix();
		// nine characters in all, like most passports
		int digits = 9 - prefix.length();
		String number = Long.toString(100_000_000L + x).substring(9 - digits);
		return prefix + number;
	}

}
