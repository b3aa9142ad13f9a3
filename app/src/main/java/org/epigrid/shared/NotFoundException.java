package org.epigrid.shared;

/**
 * The thing asked for does not exist, or exists outside the caller's jurisdiction: the
 * two are deliberately indistinguishable so that existence does not leak (API answers
 * 404).
 */
public class NotFoundException extends RuntimeException {

	/**
	 * Creates the exception.
	 * @param what what was not found, e.g. {@code "person 42"}
	 */
	public NotFoundException(String what) {
		super(what + " not found");
	}

}
