package org.epigrid.shared;

/**
 * A value object refused its input. The message says why, in a form that can follow a
 * field name ("check digit is wrong").
 */
public class InvalidValueException extends IllegalArgumentException {

	/**
	 * Creates the exception.
	 * @param reason why the value was refused
	 */
	public InvalidValueException(String reason) {
		super(reason);
	}

}
