package org.epigrid.codes;

/** Whether to let the person pass. */
public enum Decision {

	/** Let pass. */
	ALLOW,
	/** Stop. */
	DENY

}
