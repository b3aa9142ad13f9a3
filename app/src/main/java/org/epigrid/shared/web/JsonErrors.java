package org.epigrid.shared.web;

import java.util.stream.Collectors;

import tools.jackson.databind.DatabindException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Finds which JSON field a deserialisation error is about.
 */
final class JsonErrors {

	private JsonErrors() {
	}

	static String fieldOf(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		while (cause != null) {
			if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
				return databind.getPath()
					.stream()
					.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
					.collect(Collectors.joining("."));
			}
			cause = cause.getCause();
		}
		return "body";
	}

}
