package org.epigrid.datahub;

/**
 * How an imported value is checked and normalised.
 */
public enum FieldType {

	/** Free text, stripped, at most 500 characters. */
	TEXT,
	/** An 18-character resident ID number (GB 11643). */
	ID_NUMBER,
	/** A mobile or fixed-line phone number. */
	PHONE,
	/** A calendar date. */
	DATE,
	/** A date and time (a date alone means its start). */
	DATETIME,
	/** A whole number. */
	INTEGER,
	/** A body temperature in °C (34–43). */
	TEMPERATURE

}
