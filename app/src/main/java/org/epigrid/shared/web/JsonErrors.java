package org.epigrid.shared.web;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Finds which JSON field a deserialisation error is about, and why.
 */
final class JsonErrors {

	private JsonErrors() {
	}

	/**
	 * The field an unreadable body is about.
	 * @param ex the error
	 * @return e.g. {@code duplicateId} or {@code rules.[2].when}; {@code body} when the
	 * JSON itself is broken
	 */
	static String fieldOf(HttpMessageNotReadableException ex) {
		DatabindException databind = databindOf(ex);
		if (databind == null || databind.getPath().isEmpty()) {
			return "body";
		}
		return databind.getPath()
			.stream()
			.map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.collect(Collectors.joining("."));
	}

	/**
	 * Why a field could not be read, in words a client developer understands.
	 * @param ex the error
	 * @return e.g. "must be a whole number"
	 */
	static String reasonOf(HttpMessageNotReadableException ex) {
		DatabindException databind = databindOf(ex);
		if (databind == null || databind.getPath().isEmpty()) {
			return "is not valid JSON";
		}
		if (databind instanceof UnrecognizedPropertyException) {
			return "is not a known field";
		}
		String own = databind.getOriginalMessage();
		if (own != null && own.startsWith(StrictJsonConfiguration.OWN)) {
			return own.substring(StrictJsonConfiguration.OWN.length());
		}
		if (databind instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
			return expected(mismatch.getTargetType());
		}
		return "has the wrong type or format";
	}

	private static String expected(Class<?> type) {
		if (type == Integer.class || type == int.class || type == Long.class || type == long.class
				|| type == Short.class || type == short.class || type == BigInteger.class) {
			return "must be a whole number (a JSON number without a fraction)";
		}
		if (type == Double.class || type == double.class || type == Float.class || type == float.class
				|| type == BigDecimal.class) {
			return "must be a number";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "must be true or false";
		}
		if (type == String.class) {
			return "must be a string";
		}
		if (type.isEnum()) {
			return "must be one of " + java.util.Arrays.toString(type.getEnumConstants());
		}
		if (Temporal.class.isAssignableFrom(type)) {
			return "must be an ISO-8601 date or time string";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "must be a list";
		}
		if (Map.class.isAssignableFrom(type)) {
			return "must be an object";
		}
		return "has the wrong type or format";
	}

	private static DatabindException databindOf(HttpMessageNotReadableException ex) {
		Throwable cause = ex.getCause();
		while (cause != null) {
			if (cause instanceof DatabindException databind) {
				return databind;
			}
			cause = cause.getCause();
		}
		return null;
	}

}
