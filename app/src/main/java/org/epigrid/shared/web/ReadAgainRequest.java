package org.epigrid.shared.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose body a fast-path filter has already read (the gates' verifications, the
 * sampling scans), handed on to the ordinary pipeline to be read again: what was read,
 * then the rest if the body was longer than the filter reads.
 */
final class ReadAgainRequest extends HttpServletRequestWrapper {

	private final byte[] body;

	private final InputStream rest;

	/**
	 * Wraps a request.
	 * @param request the request
	 * @param body what was read of its body
	 * @param rest the rest of the body, {@code null} if all of it was read
	 */
	ReadAgainRequest(HttpServletRequest request, byte[] body, InputStream rest) {
		super(request);
		this.body = body;
		this.rest = rest;
	}

	@Override
	public ServletInputStream getInputStream() {
		InputStream in = (this.rest != null) ? new SequenceInputStream(new ByteArrayInputStream(this.body), this.rest)
				: new ByteArrayInputStream(this.body);
		return new ServletInputStream() {

			private boolean finished;

			@Override
			public int read() throws IOException {
				int b = in.read();
				this.finished = b < 0;
				return b;
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				int n = in.read(b, off, len);
				this.finished = n < 0;
				return n;
			}

			@Override
			public boolean isFinished() {
				return this.finished;
			}

			@Override
			public boolean isReady() {
				return true;
			}

			@Override
			public void setReadListener(ReadListener listener) {
				throw new UnsupportedOperationException("synchronous only");
			}

		};
	}

	@Override
	public BufferedReader getReader() {
		return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
	}

	@Override
	public int getContentLength() {
		return (this.rest != null) ? super.getContentLength() : this.body.length;
	}

	@Override
	public long getContentLengthLong() {
		return (this.rest != null) ? super.getContentLengthLong() : this.body.length;
	}

}
