package org.epigrid.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * What the HTTP load generators of the benchmarks share: keep-alive connections driven by
 * one selector (like wrk), each sending its next request once the previous answer is in.
 */
final class HttpLoad {

	private HttpLoad() {
	}

	/** One keep-alive connection: sends a request, collects its answer. */
	static final class Connection {

		final SocketChannel channel;

		final ByteBuffer in = ByteBuffer.allocate(64 * 1024);

		long sentAt;

		Connection(SocketChannel channel) {
			this.channel = channel;
		}

		SocketChannel channel() {
			return this.channel;
		}

		long sentAt() {
			return this.sentAt;
		}

		void send(byte[] request) throws IOException {
			this.sentAt = System.nanoTime();
			ByteBuffer out = ByteBuffer.wrap(request);
			while (out.hasRemaining()) {
				this.channel.write(out);
			}
		}

		/** A chunked body once its last chunk is in, else {@code null}. */
		private String chunked(byte[] bytes, int headEnd, int length) {
			java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
			int at = headEnd;
			while (true) {
				int lineEnd = -1;
				for (int i = at + 1; i < length; i++) {
					if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
						lineEnd = i;
						break;
					}
				}
				if (lineEnd < 0) {
					return null;
				}
				String sizeLine = new String(bytes, at, lineEnd - 1 - at, StandardCharsets.US_ASCII).strip();
				int semicolon = sizeLine.indexOf(';');
				int size = Integer.parseInt((semicolon < 0) ? sizeLine : sizeLine.substring(0, semicolon), 16);
				int dataStart = lineEnd + 1;
				if (length < dataStart + size + 2) {
					return null;
				}
				if (size == 0) {
					int rest = length - (dataStart + 2);
					System.arraycopy(bytes, dataStart + 2, bytes, 0, rest);
					this.in.position(rest);
					return body.toString(StandardCharsets.UTF_8);
				}
				body.write(bytes, dataStart, size);
				at = dataStart + size + 2;
			}
		}

		/** The body of the answer once it is complete, else {@code null}. */
		String receive() throws IOException {
			if (this.channel.read(this.in) < 0) {
				throw new IOException("connection closed");
			}
			byte[] bytes = this.in.array();
			int length = this.in.position();
			int headEnd = -1;
			for (int i = 3; i < length; i++) {
				if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
					headEnd = i + 1;
					break;
				}
			}
			if (headEnd < 0) {
				return null;
			}
			String head = new String(bytes, 0, headEnd, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT);
			if (!head.startsWith("http/1.1 2")) {
				throw new IOException("unexpected answer: " + head);
			}
			int at = head.indexOf("content-length:");
			if (at < 0 && head.contains("transfer-encoding: chunked")) {
				return chunked(bytes, headEnd, length);
			}
			if (at < 0) {
				throw new IOException("no content-length: " + head);
			}
			int bodyLength = Integer.parseInt(head.substring(at + 15, head.indexOf('\r', at)).strip());
			if (length < headEnd + bodyLength) {
				return null;
			}
			String body = new String(bytes, headEnd, bodyLength, StandardCharsets.UTF_8);
			int rest = length - headEnd - bodyLength;
			System.arraycopy(bytes, headEnd + bodyLength, bytes, 0, rest);
			this.in.position(rest);
			return body;
		}

	}

	/**
	 * A percentile of latencies in microseconds, in milliseconds.
	 */
	static double percentile(int[] sorted, double p) {
		if (sorted.length == 0) {
			return Double.NaN;
		}
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1000.0;
	}

}
