package org.epigrid.codes;

/** What a verification found. */
public enum Result {

	/** Green code. */
	GREEN,
	/** Yellow code. */
	YELLOW,
	/** Red code. */
	RED,
	/** A genuine code past its life. */
	EXPIRED,
	/** Not a genuine code: malformed, forged or tampered (see the reason). */
	INVALID,
	/** A card that was revoked. */
	REVOKED,
	/** A genuine code shown at two distant places within its life. */
	REPLAYED,
	/** An identity card nobody is registered with. */
	NOT_FOUND

}
