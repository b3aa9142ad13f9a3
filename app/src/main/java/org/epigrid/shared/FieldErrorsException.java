package org.epigrid.shared;

import java.util.List;

/**
 * Input that was refused, with the reason for each field. The API answers 400 with an RFC
 * 9457 problem detail listing {@link #errors()}; pages show the reasons next to the
 * fields.
 */
public class FieldErrorsException extends RuntimeException {

	private final List<FieldError> errors;

	/**
	 * Creates the exception.
	 * @param errors one entry per refused field, not empty
	 */
	public FieldErrorsException(List<FieldError> errors) {
		super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
		this.errors = List.copyOf(errors);
	}

	/**
	 * A single refused field.
	 * @param field the field name as the client sent it
	 * @param message why it was refused
	 * @return the exception
	 */
	public static FieldErrorsException of(String field, String message) {
		return new FieldErrorsException(List.of(new FieldError(field, message)));
	}

	/**
	 * The refused fields.
	 * @return never empty
	 */
	public List<FieldError> errors() {
		return this.errors;
	}

	/**
	 * One refused field.
	 *
	 * @param field the field name
	 * @param message why it was refused
	 */
	public record FieldError(String field, String message) {
	}

}
