package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a text file (CSV, JSON Lines) is decoded: a byte order mark decides; otherwise
 * UTF-8 when the whole file is valid UTF-8, otherwise GB18030 (what Chinese Windows and
 * Excel save) when the whole file is valid GB18030.
 * <p>
 * One refinement: a file that is UTF-8 apart from a few broken byte sequences (one, or at
 * most one in 50 non-ASCII characters) is read as UTF-8, and the rows holding the broken
 * bytes get a problem, instead of the whole file turning into GB18030 mojibake or being
 * refused; the same holds for a GB18030 file with a few broken characters (a character
 * cut in half when a system truncated a field). A broken sequence costs only its first
 * byte: decoding starts again at the next byte, so that a delimiter, quote or line break
 * right after a truncated character is never swallowed into it.
 *
 * @param charset how to decode
 * @param bomLength how many bytes of byte order mark to skip
 * @param lenient whether the file holds invalid sequences (decoded as U+FFFD), so rows
 * holding U+FFFD must be flagged
 */
record TextEncoding(Charset charset, int bomLength, boolean lenient) {

	static final char REPLACEMENT = '\uFFFD';

	private static final Charset GB18030 = Charset.forName("GB18030");

	private static final int BUFFER = 64 * 1024;

	/** How many files' encodings are remembered. */
	private static final int REMEMBERED = 64;

	/** Encodings decided, by file path, size and modification time. */
	private static final Map<String, TextEncoding> DECIDED = new ConcurrentHashMap<>();

	/**
	 * The encoding's name as reported by {@link TabularReader#encoding()}.
	 * @return e.g. {@code UTF-8}, {@code GB18030}
	 */
	String name() {
		return this.charset.name();
	}

	/**
	 * The problem text for a row that holds undecodable bytes.
	 * @return the problem
	 */
	String invalidBytesProblem() {
		return "row contains bytes that are not valid " + name() + " (shown as " + REPLACEMENT + ")";
	}

	/**
	 * Opens a reader positioned after the byte order mark; invalid sequences (only
	 * present when {@link #lenient()}) decode as U+FFFD.
	 * @param file the file
	 * @return the reader
	 * @throws IOException when the file cannot be read
	 */
	Reader open(Path file) throws IOException {
		InputStream in = Files.newInputStream(file);
		try {
			in.skipNBytes(this.bomLength);
		}
		catch (IOException ex) {
			in.close();
			throw ex;
		}
		// UTF-16 is read in pairs of bytes: after a broken pair it goes on at the next
		// pair
		boolean byteWise = this.charset.equals(StandardCharsets.UTF_8) || this.charset.equals(GB18030);
		return (this.lenient && byteWise) ? new ResynchronisingReader(in, this.charset)
				: new InputStreamReader(in, this.charset);
	}

	/**
	 * Decides the encoding, scanning the whole file (streaming) when there is no byte
	 * order mark.
	 * @param file the file
	 * @param head its first bytes (up to 8 KiB), checked for NUL bytes
	 * @return the encoding
	 * @throws UnreadableFileException when the file is binary or neither UTF-8 nor
	 * GB18030
	 * @throws IOException when the file cannot be read
	 */
	static TextEncoding detect(Path file, byte[] head) throws IOException {
		// an upload is checked when it arrives and read again by its job: scan it once
		String key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
		TextEncoding known = DECIDED.get(key);
		if (known != null) {
			return known;
		}
		TextEncoding decided = decide(file, head);
		if (DECIDED.size() >= REMEMBERED) {
			DECIDED.clear();
		}
		DECIDED.put(key, decided);
		return decided;
	}

	private static TextEncoding decide(Path file, byte[] head) throws IOException {
		if (startsWith(head, 0xEF, 0xBB, 0xBF)) {
			return checked(file, StandardCharsets.UTF_8, 3);
		}
		if (startsWith(head, 0xFF, 0xFE)) {
			// Excel's "Unicode text" export
			return checked(file, StandardCharsets.UTF_16LE, 2);
		}
		if (startsWith(head, 0xFE, 0xFF)) {
			return checked(file, StandardCharsets.UTF_16BE, 2);
		}
		if (TabularFormat.containsNul(head)) {
			throw new UnreadableFileException("is not text: it contains NUL bytes (binary?)");
		}
		Scan utf8 = scan(file, StandardCharsets.UTF_8, 0, false);
		if (utf8.errors == 0) {
			return new TextEncoding(StandardCharsets.UTF_8, 0, false);
		}
		if (utf8.fewErrors()) {
			return new TextEncoding(StandardCharsets.UTF_8, 0, true);
		}
		Scan gb = scan(file, GB18030, 0, false);
		if (gb.errors == 0) {
			return new TextEncoding(GB18030, 0, false);
		}
		if (gb.fewErrors()) {
			return new TextEncoding(GB18030, 0, true);
		}
		throw new UnreadableFileException("is neither UTF-8 nor GB18030 text: byte "
				+ describe(file, utf8.firstErrorOffset) + " is not valid UTF-8 and byte "
				+ describe(file, gb.firstErrorOffset) + " is not valid GB18030");
	}

	private static TextEncoding checked(Path file, Charset charset, int bomLength) throws IOException {
		Scan scan = scan(file, charset, bomLength, true);
		return new TextEncoding(charset, bomLength, scan.errors > 0);
	}

	private static boolean startsWith(byte[] head, int... prefix) {
		if (head.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((head[i] & 0xFF) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	// "0xA3 at offset 1234 (line 5)"
	private static String describe(Path file, long offset) throws IOException {
		try (SeekableByteChannel channel = Files.newByteChannel(file)) {
			ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
			long position = 0;
			long line = 1;
			int value = -1;
			while (position <= offset && channel.read(buffer) > 0) {
				buffer.flip();
				while (buffer.hasRemaining() && position <= offset) {
					byte b = buffer.get();
					if (position == offset) {
						value = b & 0xFF;
					}
					else if (b == '\n') {
						line++;
					}
					position++;
				}
				buffer.clear();
			}
			return String.format("0x%02X at offset %d (line %d)", value, offset, line);
		}
	}

	private static Scan scan(Path file, Charset charset, long skip, boolean stopAtFirstError) throws IOException {
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		Scan scan = new Scan();
		try (SeekableByteChannel channel = Files.newByteChannel(file)) {
			channel.position(skip);
			ByteBuffer in = ByteBuffer.allocate(BUFFER);
			CharBuffer out = CharBuffer.allocate(BUFFER);
			// file offset of in[0]
			long base = skip;
			boolean endOfInput = false;
			while (true) {
				if (channel.read(in) < 0) {
					endOfInput = true;
				}
				in.flip();
				while (true) {
					CoderResult result = decoder.decode(in, out, endOfInput);
					scan.count(out);
					if (result.isError()) {
						scan.error(base + in.position());
						if (stopAtFirstError) {
							return scan;
						}
						in.position(in.position() + result.length());
					}
					else if (!result.isOverflow()) {
						break;
					}
				}
				if (endOfInput) {
					decoder.flush(out);
					scan.count(out);
					return scan;
				}
				base += in.position();
				in.compact();
			}
		}
	}

	private static final class Scan {

		long errors;

		long firstErrorOffset = -1;

		long nonAscii;

		/**
		 * Whether the text decodes with so few errors that the encoding is clearly right
		 * and the errors are damage: at least 10 non-ASCII characters decoded, and one
		 * error or at most one in 50 of them. Text in the other encoding fails on nearly
		 * every non-ASCII character.
		 */
		boolean fewErrors() {
			return this.nonAscii >= 10 && this.errors <= 1 + this.nonAscii / 50;
		}

		void error(long offset) {
			if (this.errors++ == 0) {
				this.firstErrorOffset = offset;
			}
		}

		void count(CharBuffer out) {
			out.flip();
			while (out.hasRemaining()) {
				if (out.get() > 0x7F) {
					this.nonAscii++;
				}
			}
			out.clear();
		}

	}

	/**
	 * Decodes text that holds a few invalid sequences: each one becomes U+FFFD and
	 * decoding goes on at the byte after its first byte. {@link InputStreamReader} would
	 * skip the whole sequence the decoder reports, which for GB18030 can be up to four
	 * bytes and so swallow a comma, a quote or a line break following a truncated
	 * character, merging two rows.
	 */
	private static final class ResynchronisingReader extends Reader {

		private final InputStream in;

		private final CharsetDecoder decoder;

		private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER);

		private final CharBuffer chars = CharBuffer.allocate(BUFFER);

		private boolean endOfInput;

		private boolean flushed;

		ResynchronisingReader(InputStream in, Charset charset) {
			this.in = in;
			this.decoder = charset.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT);
			this.bytes.flip();
			this.chars.flip();
		}

		@Override
		public int read(char[] buffer, int offset, int length) throws IOException {
			if (length == 0) {
				return 0;
			}
			while (!this.chars.hasRemaining()) {
				if (this.flushed) {
					return -1;
				}
				fill();
			}
			int n = Math.min(length, this.chars.remaining());
			this.chars.get(buffer, offset, n);
			return n;
		}

		private void fill() throws IOException {
			this.chars.clear();
			try {
				if (!this.endOfInput && this.bytes.remaining() < 4) {
					this.bytes.compact();
					int read = this.in.read(this.bytes.array(), this.bytes.position(), this.bytes.remaining());
					if (read < 0) {
						this.endOfInput = true;
					}
					else {
						this.bytes.position(this.bytes.position() + read);
					}
					this.bytes.flip();
				}
				CoderResult result = this.decoder.decode(this.bytes, this.chars, this.endOfInput);
				if (result.isError() && this.chars.hasRemaining()) {
					// only the first byte is lost; the rest is decoded again
					this.chars.put(REPLACEMENT);
					this.bytes.position(this.bytes.position() + 1);
				}
				else if (this.endOfInput && !this.bytes.hasRemaining()) {
					if (this.decoder.flush(this.chars).isUnderflow()) {
						this.flushed = true;
					}
				}
			}
			finally {
				this.chars.flip();
			}
		}

		@Override
		public void close() throws IOException {
			this.in.close();
		}

	}

}
