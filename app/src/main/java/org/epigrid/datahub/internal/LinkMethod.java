package org.epigrid.datahub.internal;

/**
 * How a stored record was linked to its person ({@code source_record.link_method}: the
 * names are the stored values) and the score such a link carries.
 */
public enum LinkMethod {

	/** The record's ID number is the person's. */
	ID_NUMBER(1.0f),

	/** Same name and phone as the person (a record without an ID number). */
	NAME_PHONE(0.95f),

	/** Same phone and a similar name (a typo in the name). */
	PHONE_SIMILAR_NAME(0.85f),

	/**
	 * Name, birth date and address fit the person well enough to link alone; the score is
	 * the match's.
	 */
	NAME_BIRTH_ADDRESS(Float.NaN),

	/** The import created a provisional person for an ID number nobody registered. */
	PROVISIONAL(1.0f),

	/** A person linked it by hand (the match queue). */
	MANUAL(1.0f);

	private final float score;

	LinkMethod(float score) {
		this.score = score;
	}

	/**
	 * The score a link of this method carries.
	 * @return the score; {@code NaN} for {@link #NAME_BIRTH_ADDRESS}, whose score is the
	 * match's
	 */
	public float score() {
		return this.score;
	}

}
