package org.epigrid.demo.internal;

/**
 * A keyed bijection of {@code [0, size)} onto itself: a four-round Feistel network on the
 * smallest even number of bits that holds {@code size}, with cycle walking for the values
 * beyond it. Turns a counter into unique but random-looking numbers (phone numbers,
 * passport numbers) without remembering the numbers already given out.
 */
final class Permutation {

	private final long size;

	private final long key;

	private final int halfBits;

	private final long halfMask;

	Permutation(long size, long key) {
		if (size < 2) {
			throw new IllegalArgumentException("size must be at least 2");
		}
		this.size = size;
		this.key = key;
		int bits = 64 - Long.numberOfLeadingZeros(size - 1);
		this.halfBits = (bits + 1) / 2;
		this.halfMask = (1L << this.halfBits) - 1;
	}

	long size() {
		return this.size;
	}

	/**
	 * The image of {@code index}.
	 * @param index a value in {@code [0, size)}
	 * @return a value in {@code [0, size)}, distinct for distinct indexes
	 */
	long apply(long index) {
		if (index < 0 || index >= this.size) {
			throw new IllegalArgumentException("index " + index + " outside [0, " + this.size + ")");
		}
		long x = index;
		do {
			x = encrypt(x);
		}
		while (x >= this.size);
		return x;
	}

	private long encrypt(long x) {
		long left = x >>> this.halfBits;
		long right = x & this.halfMask;
		for (int round = 0; round < 4; round++) {
			long next = left ^ (Mix.hash(this.key, round, right) & this.halfMask);
			left = right;
			right = next;
		}
		return (left << this.halfBits) | right;
	}

}
