package org.epigrid.shared;

/**
 * The request conflicts with what is stored (e.g. a second person with the same identity
 * document). The API answers 409 naming the field.
 */
public class ConflictException extends RuntimeException {

	private final String field;

	/**
	 * Creates the exception.
	 * @param field the field whose value conflicts
	 * @param message what conflicts
	 */
	public ConflictException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * The field whose value conflicts.
	 * @return the field name
	 */
	public String field() {
		return this.field;
	}

}
