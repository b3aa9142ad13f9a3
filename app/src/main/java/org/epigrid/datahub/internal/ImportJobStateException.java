package org.epigrid.datahub.internal;

/**
 * An import job was not in the state a change of state starts from.
 */
class ImportJobStateException extends IllegalStateException {

	ImportJobStateException(long id, String expected) {
		super("import " + id + " is not " + expected);
	}

}
