package org.epigrid.shared;

import java.util.List;

import org.epigrid.shared.FieldErrorsException.FieldError;

/**
 * Length limits of free text that people type, checked where a request is validated and
 * again by a {@code CHECK} in the database (V26). Counted in characters (code points).
 */
public final class TextLimit {

	/** Names of persons and places' short names. */
	public static final int NAME = 100;

	/** Addresses, places of household registration, workplaces. */
	public static final int ADDRESS = 300;

	/** Labels, departments, contacts. */
	public static final int LABEL = 200;

	/** Reasons, notes, answers, statements. */
	public static final int NOTE = 2000;

	private TextLimit() {
	}

	/**
	 * Adds an error if a text is longer than allowed.
	 * @param errors where errors are collected
	 * @param field the field's name in the request
	 * @param value the text, may be {@code null}
	 * @param max the most characters allowed
	 */
	public static void check(List<FieldError> errors, String field, String value, int max) {
		if (value != null && value.codePointCount(0, value.length()) > max) {
			errors.add(new FieldError(field, "must have at most " + max + " characters"));
		}
	}

	/**
	 * Refuses a text longer than allowed.
	 * @param field the field's name in the request
	 * @param value the text, may be {@code null}
	 * @param max the most characters allowed
	 * @return the text
	 * @throws FieldErrorsException naming {@code field} if it is too long
	 */
	public static String require(String field, String value, int max) {
		if (value != null && value.codePointCount(0, value.length()) > max) {
			throw FieldErrorsException.of(field, "must have at most " + max + " characters");
		}
		return value;
	}

}
