package org.epigrid.datahub.internal;

import java.util.Arrays;

/**
 * A growable byte buffer that text is appended to as UTF-8 at once: formatting 10^6 rows
 * through a {@link StringBuilder}, a {@code String} and {@code getBytes} copies every row
 * three times (and Chinese text twice as wide), which shows as garbage collection.
 */
final class Utf8Buffer {

	private byte[] bytes;

	private int length;

	Utf8Buffer(int capacity) {
		this.bytes = new byte[Math.max(capacity, 16)];
	}

	int length() {
		return this.length;
	}

	/** The bytes so far, as a new array; the buffer is emptied. */
	byte[] take() {
		byte[] taken = Arrays.copyOf(this.bytes, this.length);
		this.length = 0;
		return taken;
	}

	Utf8Buffer ascii(char c) {
		ensure(1);
		this.bytes[this.length++] = (byte) c;
		return this;
	}

	/** Text known to be ASCII (numbers, codes, ISO times). */
	Utf8Buffer ascii(String text) {
		int n = text.length();
		ensure(n);
		for (int i = 0; i < n; i++) {
			this.bytes[this.length++] = (byte) text.charAt(i);
		}
		return this;
	}

	Utf8Buffer number(long value) {
		return ascii(Long.toString(value));
	}

	/** Any text, encoded as UTF-8 (a lone surrogate as '?', as {@code getBytes} does). */
	Utf8Buffer text(String text) {
		int n = text.length();
		ensure(n * 3);
		byte[] b = this.bytes;
		int at = this.length;
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				b[at++] = (byte) c;
			}
			else if (c < 0x800) {
				b[at++] = (byte) (0xC0 | (c >> 6));
				b[at++] = (byte) (0x80 | (c & 0x3F));
			}
			else if (Character.isSurrogate(c)) {
				int cp = (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
						? Character.toCodePoint(c, text.charAt(++i)) : -1;
				if (cp < 0) {
					b[at++] = '?';
				}
				else {
					b[at++] = (byte) (0xF0 | (cp >> 18));
					b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
					b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
					b[at++] = (byte) (0x80 | (cp & 0x3F));
				}
			}
			else {
				b[at++] = (byte) (0xE0 | (c >> 12));
				b[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				b[at++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		this.length = at;
		return this;
	}

	private void ensure(int more) {
		if (this.length + more > this.bytes.length) {
			this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more));
		}
	}

}
