package org.epigrid.backup.internal;

/**
 * A restore that was not started because the file or the database does not allow it; the
 * database is unchanged.
 */
public class RestoreRefusedException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param message what the operator reads
	 */
	public RestoreRefusedException(String message) {
		super(message);
	}

}
