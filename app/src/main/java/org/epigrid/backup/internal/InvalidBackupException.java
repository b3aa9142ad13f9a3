package org.epigrid.backup.internal;

/**
 * A file that cannot be restored: not a backup, damaged, or made by a newer EpiGrid.
 */
public class InvalidBackupException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param reason why the file cannot be restored
	 */
	public InvalidBackupException(String reason) {
		super(reason);
	}

}
