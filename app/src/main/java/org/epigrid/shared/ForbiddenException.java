package org.epigrid.shared;

/**
 * The caller may not do this (their roles or their token's scope do not allow it). The
 * API answers 403 naming the field that asks for too much, or {@code request}.
 */
public class ForbiddenException extends RuntimeException {

	private final String field;

	/**
	 * Creates the exception.
	 * @param field the field that asks for what is not allowed, or {@code request}
	 * @param message what is not allowed
	 */
	public ForbiddenException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The field that asks for what is not allowed.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

}
