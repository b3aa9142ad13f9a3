package org.epigrid.shared;

/**
 * Sex as recorded on identity documents.
 */
public enum Sex {

	/** 男. */
	MALE,
	/** 女. */
	FEMALE,
	/** Not known (e.g. a document that does not encode it). */
	UNKNOWN

}
