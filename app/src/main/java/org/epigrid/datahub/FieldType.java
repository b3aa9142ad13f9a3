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
	/**
	 * A calendar date of something that has happened (a birth, a vaccination): not after
	 * the day of the import.
	 */
	PAST_DATE,
	/** A date and time (a date alone means its start). */
	DATETIME,
	/**
	 * A date and time of something that has happened (a purchase, a visit): not on a day
	 * after the day of the import (a later hour of the same day passes, so that clocks a
	 * little ahead do not reject rows).
	 */
	PAST_DATETIME,
	/** A whole number. */
	INTEGER,
	/** A place in a series, 1 or more: the first dose is 1. */
	ORDINAL,
	/** A body temperature in °C (34–43). */
	TEMPERATURE

}
