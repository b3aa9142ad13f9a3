package org.epigrid.demo.internal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

import org.epigrid.shared.IdNumber;
import org.epigrid.shared.Sex;

/**
 * Issues unique resident identity numbers (GB 11643) the way a registry does: per region
 * of first registration, birth date and sex there are 500 sequence numbers (odd for men,
 * even for women). Counting them out per region, day and sex makes every number unique
 * without remembering the numbers themselves; a keyed permutation spreads them over the
 * 500 so that they do not look counted.
 */
final class IdNumbers {

	private static final int SEQUENCES_PER_SEX = 500;

	private final long seed;

	private final LocalDate earliest;

	private final int days;

	private final Map<String, short[]> issued = new HashMap<>();

	/**
	 * @param seed the town seed
	 * @param asOf the last possible birth date
	 */
	IdNumbers(long seed, LocalDate asOf) {
		this.seed = seed;
		this.earliest = asOf.minusYears(120);
		this.days = (int) (asOf.toEpochDay() - this.earliest.toEpochDay()) + 1;
	}

	/** A number and the birth date it encodes. */
	record Issued(String number, LocalDate birthDate) {
	}

	/**
	 * Issues the next number for a region, birth date and sex. When all 500 numbers of
	 * that day are taken (which needs a region of many hundred thousand people), the
	 * birth date moves back a day.
	 * @param region the 6-digit region code
	 * @param birthDate the birth date
	 * @param sex {@link Sex#MALE} or {@link Sex#FEMALE}
	 * @return the number and the birth date it encodes
	 */
	Issued issue(String region, LocalDate birthDate, Sex sex) {
		short[] counts = this.issued.computeIfAbsent(region, (r) -> new short[2 * this.days]);
		int male = (sex == Sex.MALE) ? 1 : 0;
		LocalDate date = birthDate;
		while (true) {
			int day = (int) (date.toEpochDay() - this.earliest.toEpochDay());
			if (day < 0) {
				throw new IllegalStateException("no identity number left for region " + region);
			}
			int slot = 2 * day + male;
			int k = counts[slot];
			if (k < SEQUENCES_PER_SEX) {
				counts[slot] = (short) (k + 1);
				int offset = (int) Long.remainderUnsigned(Mix.hash(this.seed, Mix.key(region), day), SEQUENCES_PER_SEX);
				// 263 is prime to 500, so k -> 263 k + offset is a permutation mod 500
				int sequence = 2 * ((k * 263 + offset) % SEQUENCES_PER_SEX) + male;
				String first17 = region + date.getYear() + twoDigits(date.getMonthValue())
						+ twoDigits(date.getDayOfMonth()) + threeDigits(sequence);
				return new Issued(first17 + IdNumber.checkCharacter(first17), date);
			}
			date = date.minusDays(1);
		}
	}

	private static String twoDigits(int value) {
		return (value < 10) ? "0" + value : Integer.toString(value);
	}

	private static String threeDigits(int value) {
		return (value < 10) ? "00" + value : (value < 100) ? "0" + value : Integer.toString(value);
	}

}
