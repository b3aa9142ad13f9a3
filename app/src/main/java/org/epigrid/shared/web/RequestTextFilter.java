package org.epigrid.shared.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.apache.tomcat.util.http.fileupload.InvalidFileNameException;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Refuses request parameters and uploaded file names that no field could hold: a NUL
 * character (PostgreSQL cannot store one: it was a 500 in thirteen places), or more than
 * {@value #MAX_PARAMETER} characters. The answer is a 400 naming the parameter: problem
 * details under {@code /api/}, a short page elsewhere. JSON bodies are checked by
 * {@link StrictJsonConfiguration}.
 */
class RequestTextFilter extends OncePerRequestFilter {

	/** The longest parameter value (search texts, form fields) accepted. */
	static final int MAX_PARAMETER = 10_000;

	/** The longest uploaded file name. */
	static final int MAX_FILE_NAME = 255;

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String problem = null;
		String field = null;
		try {
			for (Map.Entry<String, String[]> entry : request.getParameterMap().entrySet()) {
				String reason = reason(entry.getKey(), 200);
				for (String value : entry.getValue()) {
					reason = (reason != null) ? reason : reason(value, MAX_PARAMETER);
				}
				if (reason != null) {
					field = entry.getKey().replace('\0', '?');
					problem = reason;
					break;
				}
			}
			if (problem == null && isMultipart(request)) {
				for (Part part : request.getParts()) {
					String name = part.getSubmittedFileName();
					String reason = (name == null) ? null : reason(name, MAX_FILE_NAME);
					if (reason != null) {
						field = part.getName();
						problem = "file name " + reason;
						break;
					}
				}
			}
		}
		catch (InvalidFileNameException ex) {
			// Tomcat refuses a NUL in a file name while parsing, without saying which
			// part
			field = "file";
			problem = "file name must not contain a NUL character";
		}
		if (problem == null) {
			chain.doFilter(request, response);
			return;
		}
		refuse(request, response, field, problem);
	}

	private static String reason(String value, int max) {
		if (value.indexOf('\0') >= 0) {
			return "must not contain a NUL character";
		}
		if (value.length() > max) {
			return "is longer than " + max + " characters";
		}
		return null;
	}

	private static boolean isMultipart(HttpServletRequest request) {
		String type = request.getContentType();
		return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, String field, String reason)
			throws IOException {
		response.setStatus(400);
		response.setCharacterEncoding("UTF-8");
		if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
			response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
			String f = json(field);
			String r = json(reason);
			response.getWriter()
				.write("{\"type\":\"" + ApiExceptionHandler.INVALID_INPUT
						+ "\",\"title\":\"Invalid input\",\"status\":400," + "\"detail\":\"" + f + " " + r
						+ "\",\"errors\":[{\"field\":\"" + f + "\",\"message\":\"" + r + "\"}]}");
		}
		else {
			response.setContentType(MediaType.TEXT_HTML_VALUE);
			response.getWriter()
				.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>400</title></head><body><h1>400</h1><p>"
						+ HtmlUtils.htmlEscape(field + " " + reason)
						+ "</p><p><a href=\"/\">EpiGrid</a></p></body></html>");
		}
	}

	private static String json(String text) {
		StringBuilder out = new StringBuilder();
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c < 0x20) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

}
