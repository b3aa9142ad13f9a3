package org.epigrid.shared;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Objects;

/**
 * An 18-digit mainland resident identity number (GB 11643-1999): 6-digit region code,
 * birth date {@code yyyyMMdd}, 3-digit sequence (odd for men, even for women) and a MOD
 * 11-2 check character ({@code 0-9} or {@code X}).
 *
 * @param value the normalised number (upper-case {@code X})
 */
public record IdNumber(String value) {

	private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };

	private static final char[] CHECK = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };

	/**
	 * Validates and normalises.
	 * @param value the number as typed
	 * @throws InvalidValueException when the length, characters, birth date or check
	 * character is wrong; the message says which
	 */
	public IdNumber {
		Objects.requireNonNull(value, "value");
		value = value.strip().toUpperCase();
		if (value.length() != 18) {
			throw new InvalidValueException("must have 18 characters, has " + value.length());
		}
		for (int i = 0; i < 17; i++) {
			if (!Character.isDigit(value.charAt(i)) || value.charAt(i) > '9') {
				throw new InvalidValueException("character " + (i + 1) + " must be a digit");
			}
		}
		char last = value.charAt(17);
		if (!(last >= '0' && last <= '9') && last != 'X') {
			throw new InvalidValueException("the last character must be a digit or X");
		}
		birthDateOf(value);
		char expected = checkCharacter(value.substring(0, 17));
		if (last != expected) {
			throw new InvalidValueException("check digit is wrong");
		}
	}

	/**
	 * Parses a number typed into a field, naming the field and what is wrong when it is
	 * not a valid resident identity number.
	 * @param field the field, for the error
	 * @param value the number as typed, may be {@code null}
	 * @return the number
	 * @throws FieldErrorsException naming the field
	 */
	public static IdNumber of(String field, String value) {
		if (value == null || value.isBlank()) {
			throw FieldErrorsException.of(field, "is required: an 18-character resident ID number");
		}
		try {
			return new IdNumber(value);
		}
		catch (InvalidValueException ex) {
			throw FieldErrorsException.of(field, "is not a valid ID number: " + ex.getMessage());
		}
	}

	/**
	 * Parses a number, for use where a plain boolean answer is enough.
	 * @param value the number as typed, may be {@code null}
	 * @return whether {@code value} is a valid resident identity number
	 */
	public static boolean isValid(String value) {
		if (value == null) {
			return false;
		}
		try {
			new IdNumber(value);
			return true;
		}
		catch (InvalidValueException ex) {
			return false;
		}
	}

	/**
	 * Computes the MOD 11-2 check character of the first 17 digits.
	 * @param first17 the first 17 digits
	 * @return the check character
	 */
	public static char checkCharacter(String first17) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK[sum % 11];
	}

	/**
	 * The birth date encoded in the number.
	 * @return the birth date
	 */
	public LocalDate birthDate() {
		return birthDateOf(this.value);
	}

	/**
	 * The sex encoded in the sequence digit.
	 * @return {@link Sex#MALE} for an odd sequence, {@link Sex#FEMALE} for an even one
	 */
	public Sex sex() {
		return ((this.value.charAt(16) - '0') % 2 == 1) ? Sex.MALE : Sex.FEMALE;
	}

	/**
	 * The 6-digit administrative region code of the place of first registration.
	 * @return the region code
	 */
	public String regionCode() {
		return this.value.substring(0, 6);
	}

	private static LocalDate birthDateOf(String value) {
		try {
			LocalDate date = LocalDate.of(Integer.parseInt(value.substring(6, 10)),
					Integer.parseInt(value.substring(10, 12)), Integer.parseInt(value.substring(12, 14)));
			if (date.getYear() < 1890) {
				throw new InvalidValueException("birth date " + date + " is not plausible");
			}
			return date;
		}
		catch (DateTimeException ex) {
			throw new InvalidValueException("birth date " + value.substring(6, 14) + " is not a date");
		}
	}

	@Override
	public String toString() {
		return Masking.idNumber(this.value);
	}

}
