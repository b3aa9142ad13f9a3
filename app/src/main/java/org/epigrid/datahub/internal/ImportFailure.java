package org.epigrid.datahub.internal;

/**
 * A whole file cannot be imported (missing columns, unreadable); the job fails with this
 * message and nothing of it is kept.
 */
class ImportFailure extends RuntimeException {

	ImportFailure(String message) {
		super(message);
	}

}
