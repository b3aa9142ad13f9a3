package org.epigrid.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * HTTP/1.0 over a plain socket, for requests that {@code java.net.http} will not send (a
 * {@code Host} header of our choosing).
 */
public final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Sends a GET.
	 * @param port the server's port on 127.0.0.1
	 * @param path path and query
	 * @param headers the headers, {@code Host} included
	 * @return the answer
	 */
	public static Answer get(int port, String path, Map<String, String> headers) {
		return send(port, "GET", path, headers, null);
	}

	/**
	 * Sends a POST.
	 * @param port the server's port on 127.0.0.1
	 * @param path path and query
	 * @param headers the headers, {@code Host} and {@code Content-Type} included
	 * @param body the body (UTF-8)
	 * @return the answer
	 */
	public static Answer post(int port, String path, Map<String, String> headers, String body) {
		return send(port, "POST", path, headers, body.getBytes(StandardCharsets.UTF_8));
	}

	private static Answer send(int port, String method, String path, Map<String, String> headers, byte[] body) {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.0\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			if (body != null) {
				request.append("Content-Length: ").append(body.length).append("\r\n");
			}
			request.append("\r\n");
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (body != null) {
				out.write(body);
			}
			out.flush();
			ByteArrayOutputStream all = new ByteArrayOutputStream();
			try (InputStream in = socket.getInputStream()) {
				in.transferTo(all);
			}
			byte[] bytes = all.toByteArray();
			int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
			String head = new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
			String[] lines = head.split("\r\n");
			int status = Integer.parseInt(lines[0].split(" ")[1]);
			List<String> headerLines = new ArrayList<>(Arrays.asList(lines).subList(1, lines.length));
			return new Answer(status, headerLines, Arrays.copyOfRange(bytes, end + 4, bytes.length));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i <= bytes.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		throw new IllegalStateException("no end of headers");
	}

	/**
	 * An answer.
	 *
	 * @param status the status code
	 * @param headers the header lines ({@code Name: value})
	 * @param body the body
	 */
	public record Answer(int status, List<String> headers, byte[] body) {

		/**
		 * The body as UTF-8 text.
		 * @return the text
		 */
		public String text() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

		/**
		 * The values of a header.
		 * @param name the header, any case
		 * @return its values
		 */
		public List<String> header(String name) {
			return this.headers.stream()
				.filter(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1))
				.map(line -> line.substring(name.length() + 1).strip())
				.toList();
		}

	}

}
