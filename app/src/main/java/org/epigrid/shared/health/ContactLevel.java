package org.epigrid.shared.health;

/**
 * How close a contact a person is.
 */
public enum ContactLevel {

	/** 密切接触者. */
	CLOSE,
	/** 次密切接触者. */
	SECONDARY,
	/** 一般接触者. */
	GENERAL

}
