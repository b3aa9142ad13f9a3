package org.epigrid.codes.internal.token;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of CBOR (RFC 8949) that COSE and CWT need: integers, byte and text strings,
 * arrays, maps, tags, true and false, definite lengths only. Written in the deterministic
 * form (shortest heads); read strictly, so that any input either decodes completely or is
 * refused with {@link IllegalArgumentException}, never anything else.
 */
public final class Cbor {

	private static final int MAX_DEPTH = 6;

	private Cbor() {
	}

	/** A tagged value. */
	public record Tagged(long tag, Object value) {
	}

	/**
	 * Encodes a value: {@link Long}/{@link Integer}, {@code byte[]}, {@link String},
	 * {@link List}, {@link Map}, {@link Boolean} or {@link Tagged}.
	 * @param value the value
	 * @return its encoding
	 */
	public static byte[] encode(Object value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		write(out, value);
		return out.toByteArray();
	}

	private static void write(ByteArrayOutputStream out, Object value) {
		switch (value) {
			case Integer i -> write(out, (long) i);
			case Long n -> {
				if (n >= 0) {
					head(out, 0, n);
				}
				else {
					head(out, 1, -1 - n);
				}
			}
			case byte[] bytes -> {
				head(out, 2, bytes.length);
				out.writeBytes(bytes);
			}
			case String text -> {
				byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
				head(out, 3, bytes.length);
				out.writeBytes(bytes);
			}
			case List<?> list -> {
				head(out, 4, list.size());
				list.forEach(item -> write(out, item));
			}
			case Map<?, ?> map -> {
				head(out, 5, map.size());
				map.forEach((k, v) -> {
					write(out, k);
					write(out, v);
				});
			}
			case Boolean b -> out.write(b ? 0xf5 : 0xf4);
			case Tagged tagged -> {
				head(out, 6, tagged.tag());
				write(out, tagged.value());
			}
			default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
		}
	}

	private static void head(ByteArrayOutputStream out, int major, long n) {
		int m = major << 5;
		if (n < 24) {
			out.write(m | (int) n);
		}
		else if (n < 0x100) {
			out.write(m | 24);
			out.write((int) n);
		}
		else if (n < 0x10000) {
			out.write(m | 25);
			out.write((int) (n >> 8));
			out.write((int) n & 0xff);
		}
		else if (n < 0x100000000L) {
			out.write(m | 26);
			for (int shift = 24; shift >= 0; shift -= 8) {
				out.write((int) (n >> shift) & 0xff);
			}
		}
		else {
			out.write(m | 27);
			for (int shift = 56; shift >= 0; shift -= 8) {
				out.write((int) (n >> shift) & 0xff);
			}
		}
	}

	/**
	 * Decodes one value that must fill the input exactly.
	 * @param bytes the encoding
	 * @return {@link Long}, {@code byte[]}, {@link String}, {@link List}, {@link Map},
	 * {@link Boolean} or {@link Tagged}
	 * @throws IllegalArgumentException if it is not such a value
	 */
	public static Object decode(byte[] bytes) {
		Reader reader = new Reader(bytes);
		Object value = reader.read(0);
		if (reader.position != bytes.length) {
			throw new IllegalArgumentException("bytes after the CBOR value");
		}
		return value;
	}

	private static final class Reader {

		private final byte[] bytes;

		private int position;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		Object read(int depth) {
			if (depth > MAX_DEPTH) {
				throw new IllegalArgumentException("CBOR nested too deeply");
			}
			int initial = next();
			int major = initial >>> 5;
			int info = initial & 0x1f;
			if (major == 7) {
				return switch (info) {
					case 20 -> Boolean.FALSE;
					case 21 -> Boolean.TRUE;
					default -> throw new IllegalArgumentException("unsupported CBOR simple value");
				};
			}
			long n = argument(info);
			return switch (major) {
				case 0 -> {
					if (n < 0) {
						throw new IllegalArgumentException("CBOR integer too large");
					}
					yield n;
				}
				case 1 -> {
					if (n < 0) {
						throw new IllegalArgumentException("CBOR integer too large");
					}
					yield -1 - n;
				}
				case 2 -> take(n);
				case 3 -> {
					try {
						yield StandardCharsets.UTF_8.newDecoder()
							.onMalformedInput(CodingErrorAction.REPORT)
							.onUnmappableCharacter(CodingErrorAction.REPORT)
							.decode(java.nio.ByteBuffer.wrap(take(n)))
							.toString();
					}
					catch (CharacterCodingException ex) {
						throw new IllegalArgumentException("CBOR text is not UTF-8");
					}
				}
				case 4 -> {
					int size = size(n, 1);
					List<Object> list = new ArrayList<>(size);
					for (int i = 0; i < size; i++) {
						list.add(read(depth + 1));
					}
					yield list;
				}
				case 5 -> {
					int size = size(n, 2);
					Map<Object, Object> map = new LinkedHashMap<>();
					for (int i = 0; i < size; i++) {
						Object key = read(depth + 1);
						if (key instanceof byte[] || key instanceof List || key instanceof Map) {
							throw new IllegalArgumentException("unsupported CBOR map key");
						}
						if (map.put(key, read(depth + 1)) != null) {
							throw new IllegalArgumentException("duplicate CBOR map key");
						}
					}
					yield map;
				}
				case 6 -> new Tagged(n, read(depth + 1));
				default -> throw new IllegalArgumentException("unsupported CBOR major type");
			};
		}

		private int size(long n, int perItem) {
			if (n < 0 || n > (this.bytes.length - this.position) / perItem) {
				throw new IllegalArgumentException("CBOR length beyond the input");
			}
			return (int) n;
		}

		private byte[] take(long n) {
			if (n < 0 || n > this.bytes.length - this.position) {
				throw new IllegalArgumentException("CBOR length beyond the input");
			}
			byte[] out = java.util.Arrays.copyOfRange(this.bytes, this.position, this.position + (int) n);
			this.position += (int) n;
			return out;
		}

		private long argument(int info) {
			if (info < 24) {
				return info;
			}
			int count = switch (info) {
				case 24 -> 1;
				case 25 -> 2;
				case 26 -> 4;
				case 27 -> 8;
				default -> throw new IllegalArgumentException("indefinite or reserved CBOR length");
			};
			long n = 0;
			for (int i = 0; i < count; i++) {
				n = (n << 8) | next();
			}
			return n;
		}

		private int next() {
			if (this.position >= this.bytes.length) {
				throw new IllegalArgumentException("CBOR ends early");
			}
			return this.bytes[this.position++] & 0xff;
		}

	}

	static Map<Object, Object> map() {
		return new LinkedHashMap<>();
	}

}
