package org.epigrid.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small real HTTP client for API tests: JSON in, JSON out, bearer tokens.
 */
public final class Api {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	private final String base;

	/**
	 * Creates a client.
	 * @param port the server's port on 127.0.0.1
	 */
	public Api(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/**
	 * The full URL of a path.
	 * @param path e.g. {@code /api/v1/persons}
	 * @return the URL
	 */
	public String url(String path) {
		return this.base + path;
	}

	/**
	 * Logs in through {@code POST /api/v1/auth/token}.
	 * @param username the user
	 * @param password the password
	 * @return the bearer token
	 */
	public String token(String username, String password) {
		Response response = post(null, "/api/v1/auth/token", "{\"username\":" + JSON.writeValueAsString(username)
				+ ",\"password\":" + JSON.writeValueAsString(password) + "}");
		if (response.status() != 200) {
			throw new IllegalStateException("login of " + username + " failed: " + response);
		}
		return response.json().get("token").asString();
	}

	/**
	 * GET.
	 * @param token bearer token, may be {@code null}
	 * @param path path and query
	 * @return the response
	 */
	public Response get(String token, String path) {
		return send(builder(token, path).GET().build());
	}

	/**
	 * DELETE.
	 * @param token bearer token, may be {@code null}
	 * @param path path
	 * @return the response
	 */
	public Response delete(String token, String path) {
		return send(builder(token, path).DELETE().build());
	}

	/**
	 * POST JSON.
	 * @param token bearer token, may be {@code null}
	 * @param path path
	 * @param json request body
	 * @return the response
	 */
	public Response post(String token, String path, String json) {
		return send(builder(token, path).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * Issues a device token (gate, venue scanner, checkpoint).
	 * @param adminToken an administrator's token
	 * @param json the device, e.g. {@code {"kind":"GATE","label":"东门","days":30}}
	 * @return the device's token
	 * @throws AssertionError if it was not issued
	 */
	public String device(String adminToken, String json) {
		Response issued = post(adminToken, "/api/v1/device-tokens", json);
		if (issued.status() != 201) {
			throw new AssertionError("device token not issued: " + issued.status() + " " + issued.body());
		}
		return issued.json().get("token").asString();
	}

	/**
	 * PUT JSON.
	 * @param token bearer token, may be {@code null}
	 * @param path path
	 * @param json request body
	 * @return the response
	 */
	public Response put(String token, String path, String json) {
		return send(builder(token, path).header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	/**
	 * POST multipart/form-data with one file part and text parts.
	 * @param token bearer token, may be {@code null}
	 * @param path path
	 * @param fields text parts
	 * @param fileName the file part's file name, {@code null} for no file part
	 * @param file the file's bytes
	 * @return the response
	 */
	/**
	 * Imports a UTF-8 CSV into a source over {@code POST /api/v1/imports} and waits until
	 * the job has completed.
	 * @param token bearer token
	 * @param source the data source's code
	 * @param fileName the file's name
	 * @param csv the file's text
	 * @return the job's id
	 * @throws AssertionError if the upload is refused or the job fails
	 */
	public long importCsv(String token, String source, String fileName, String csv) {
		Response upload = upload(token, "/api/v1/imports", java.util.Map.of("source", source), fileName,
				csv.getBytes(StandardCharsets.UTF_8));
		org.assertj.core.api.Assertions.assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		long id = upload.json().get("id").asLong();
		org.awaitility.Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(60))
			.pollInterval(java.time.Duration.ofMillis(100))
			.until(() -> get(token, "/api/v1/imports/" + id).json().get("state").asString(),
					state -> state.equals("COMPLETED") || state.equals("FAILED"));
		org.assertj.core.api.Assertions.assertThat(get(token, "/api/v1/imports/" + id).json().get("state").asString())
			.isEqualTo("COMPLETED");
		return id;
	}

	public Response upload(String token, String path, java.util.Map<String, String> fields, String fileName,
			byte[] file) {
		String boundary = "----epigrid" + System.nanoTime();
		java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
		java.nio.charset.Charset utf8 = StandardCharsets.UTF_8;
		fields.forEach((name, value) -> body.writeBytes(
				("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n")
					.getBytes(utf8)));
		if (fileName != null) {
			body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
					+ fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
				.getBytes(utf8));
			body.writeBytes(file);
			body.writeBytes("\r\n".getBytes(utf8));
		}
		body.writeBytes(("--" + boundary + "--\r\n").getBytes(utf8));
		return send(builder(token, path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build());
	}

	/**
	 * GET raw bytes.
	 * @param token bearer token
	 * @param path path
	 * @return status and body bytes
	 */
	public byte[] download(String token, String path) {
		try {
			HttpResponse<byte[]> response = this.http.send(builder(token, path).GET().build(),
					HttpResponse.BodyHandlers.ofByteArray());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * URL-encodes a query value.
	 * @param value the value
	 * @return the encoded value
	 */
	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private HttpRequest.Builder builder(String token, String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "application/json");
		if (token != null) {
			builder.header("Authorization", "Bearer " + token);
		}
		return builder;
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An HTTP response.
	 *
	 * @param status status code
	 * @param contentType content type
	 * @param body body text
	 * @param headers all headers
	 */
	public record Response(int status, String contentType, String body, java.net.http.HttpHeaders headers) {

		/**
		 * A header's first value.
		 * @param name the header
		 * @return the value, {@code null} if absent
		 */
		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		/**
		 * The body as JSON.
		 * @return the parsed body
		 */
		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

}
