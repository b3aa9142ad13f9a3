package org.epigrid.demo.internal;

import java.util.SplittableRandom;

/**
 * Deterministic hashing of a seed and a few keys (SplitMix64 finaliser), so that every
 * place of the town (a lattice vertex, a micro-grid) draws its own random numbers from
 * the seed and its own identity, independent of the order in which others are generated.
 */
final class Mix {

	private static final long GOLDEN = 0x9E3779B97F4A7C15L;

	private Mix() {
	}

	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}

	static long hash(long seed, long a) {
		return mix(mix(seed + GOLDEN) ^ (a + GOLDEN));
	}

	static long hash(long seed, long a, long b) {
		return mix(hash(seed, a) ^ (b + GOLDEN));
	}

	static long hash(long seed, long a, long b, long c) {
		return mix(hash(seed, a, b) ^ (c + GOLDEN));
	}

	static long hash(long seed, long a, long b, long c, long d) {
		return mix(hash(seed, a, b, c) ^ (d + GOLDEN));
	}

	/**
	 * A uniform double in {@code [0, 1)} from a hash.
	 */
	static double unit(long hash) {
		return (hash >>> 11) * 0x1.0p-53;
	}

	/**
	 * A stream of random numbers of its own for one place, e.g. a micro-grid.
	 */
	static SplittableRandom random(long seed, long a, long b) {
		return new SplittableRandom(hash(seed, a, b));
	}

	/**
	 * A stable 64-bit key of a text (a division code), for use as a hash key.
	 */
	static long key(String text) {
		long h = 1125899906842597L;
		for (int i = 0; i < text.length(); i++) {
			h = 31 * h + text.charAt(i);
		}
		return h;
	}

}
