package org.epigrid.demo.internal;

import java.util.List;

/**
 * Hands out unique mainland mobile numbers: the n-th number is a keyed permutation of n
 * over all numbers of a list of real network prefixes, so numbers never repeat and do not
 * look sequential. Persons and grid staff share one instance.
 */
final class Phones {

	private static final List<String> PREFIXES = List.of("130", "131", "132", "133", "135", "136", "137", "138", "139",
			"147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177",
			"178", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "198", "199");

	private static final long PER_PREFIX = 100_000_000L;

	private final Permutation permutation;

	private long next;

	Phones(long seed) {
		this.permutation = new Permutation(PREFIXES.size() * PER_PREFIX, Mix.hash(seed, 0x5048_4F4EL));
	}

	String next() {
		long x = this.permutation.apply(this.next++);
		String suffix = Long.toString(PER_PREFIX + x % PER_PREFIX).substring(1);
		return PREFIXES.get((int) (x / PER_PREFIX)) + suffix;
	}

}
