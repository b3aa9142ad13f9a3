package org.epigrid.demo.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.epigrid.shared.Sex;

/**
 * Makes households of one to five persons (2.8 on average) that look like the population
 * of a Suzhou township: three-generation families, elderly couples whose children have
 * moved out, migrant workers living alone or with their young families, a few foreigners;
 * each person with a name fitting their generation, a valid and unique identity document,
 * a phone, a household registration place, a workplace and the special-population tags
 * the prevention work cares about.
 */
final class Residents {

	/** Household size weights (1 to 5 persons) of registered residents: mean 2.98. */
	private static final Weighted<Integer> RESIDENT_SIZES = Weighted.of(List.of(1, 2, 3, 4, 5), 13, 26, 26, 20, 15);

	/** Household size weights of the migrant population: mean 2.29. */
	private static final Weighted<Integer> FLOATING_SIZES = Weighted.of(List.of(1, 2, 3, 4, 5), 30, 28, 28, 11, 3);

	/** Share of households that are migrants (about 22 % of persons). */
	private static final double FLOATING_SHARE = 0.26;

	/** Share of households of foreigners. */
	private static final double OVERSEAS_SHARE = 0.0025;

	/** Weight of each year of age 0 to 2 among children, relative to older children. */
	private static final double INFANT_WEIGHT = 0.9;

	private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

	private final LocalDate asOf;

	private final IdNumbers idNumbers;

	private final Phones phones;

	private final Passports passports;

	Residents(long seed, LocalDate asOf, Phones phones) {
		this.asOf = asOf;
		this.idNumbers = new IdNumbers(seed, asOf);
		this.phones = phones;
		this.passports = new Passports(seed);
	}

	/**
	 * Where a household lives.
	 *
	 * @param districtCode region code of the district, the first six digits of most
	 * residents' identity numbers
	 * @param hukouPlace the household registration place of registered residents
	 * @param workplaces workplaces in the township (factory and shop names)
	 */
	record Place(String districtCode, String hukouPlace, List<String> workplaces) {
	}

	/** A generated person, with the values of the {@code person} table. */
	record Person(String name, String documentType, String documentNumber, Sex sex, LocalDate birthDate, String phone,
			String hukouPlace, String populationType, String[] tags, String workplace, OffsetDateTime createdAt,
			OffsetDateTime updatedAt) {
	}

	private enum Role {

		HEAD, SPOUSE, CHILD, PARENT, CHILD_SPOUSE, GRANDCHILD

	}

	private record Draft(Role role, int age, Sex sex) {
	}

	/**
	 * Makes one household.
	 * @param random the random numbers of the household's micro-grid
	 * @param place where the household lives
	 * @return the persons, head of household first
	 */
	List<Person> household(SplittableRandom random, Place place) {
		double type = random.nextDouble();
		if (type < OVERSEAS_SHARE) {
			return overseas(random, place);
		}
		boolean floating = type < OVERSEAS_SHARE + FLOATING_SHARE;
		List<Draft> drafts = floating ? floatingFamily(random) : residentFamily(random);
		return chinese(random, place, drafts, floating);
	}

	private List<Draft> residentFamily(SplittableRandom r) {
		List<Draft> d = new ArrayList<>(5);
		int size = RESIDENT_SIZES.pick(r);
		double x = r.nextDouble();
		switch (size) {
			case 1 -> {
				if (x < 0.5) {
					d.add(new Draft(Role.HEAD, elderlyAge(r), (r.nextDouble() < 0.62) ? Sex.FEMALE : Sex.MALE));
				}
				else {
					int age = (r.nextDouble() < 0.6) ? between(r, 22, 35) : between(r, 36, 59);
					d.add(new Draft(Role.HEAD, age, (r.nextDouble() < 0.55) ? Sex.MALE : Sex.FEMALE));
				}
			}
			case 2 -> {
				if (x < 0.42) {
					couple(d, r, elderlyAge(r));
				}
				else if (x < 0.67) {
					couple(d, r, between(r, 45, 59));
				}
				else if (x < 0.87) {
					couple(d, r, between(r, 23, 34));
				}
				else {
					int child = childAge(r, 0, 25);
					d.add(new Draft(Role.HEAD, child + between(r, 23, 34),
							(r.nextDouble() < 0.7) ? Sex.FEMALE : Sex.MALE));
					d.add(new Draft(Role.CHILD, child, randomSex(r)));
				}
			}
			case 3 -> {
				if (x < 0.8) {
					parentsOf(d, r, childAge(r, 0, 30), 23, 34);
				}
				else {
					parentsOf(d, r, between(r, 25, 42), 24, 32);
				}
			}
			case 4 -> {
				if (x < 0.4) {
					int younger = childAge(r, 0, 22);
					parentsOf(d, r, younger + between(r, 1, 8), 23, 32);
					d.add(new Draft(Role.CHILD, younger, randomSex(r)));
				}
				else if (x < 0.75) {
					int father = parentsOf(d, r, childAge(r, 0, 20), 23, 34);
					d.add(new Draft(Role.PARENT, father + between(r, 24, 32),
							(r.nextDouble() < 0.6) ? Sex.FEMALE : Sex.MALE));
				}
				else {
					int child = between(r, 24, 36);
					Sex childSex = randomSex(r);
					parentsOf(d, r, child, 23, 32, childSex);
					d.add(new Draft(Role.CHILD_SPOUSE, child + between(r, -3, 3), opposite(childSex)));
				}
			}
			default -> {
				if (x < 0.8) {
					int father = parentsOf(d, r, childAge(r, 0, 15), 23, 34);
					int grandfather = father + between(r, 24, 32);
					d.add(new Draft(Role.PARENT, grandfather, Sex.MALE));
					d.add(new Draft(Role.PARENT, grandfather - between(r, 0, 4), Sex.FEMALE));
				}
				else {
					int grandchild = childAge(r, 0, 8);
					int child = grandchild + between(r, 24, 32);
					Sex childSex = randomSex(r);
					parentsOf(d, r, child, 23, 30, childSex);
					d.add(new Draft(Role.CHILD_SPOUSE, child + between(r, -3, 3), opposite(childSex)));
					d.add(new Draft(Role.GRANDCHILD, grandchild, randomSex(r)));
				}
			}
		}
		return d;
	}

	private List<Draft> floatingFamily(SplittableRandom r) {
		List<Draft> d = new ArrayList<>(5);
		int size = FLOATING_SIZES.pick(r);
		switch (size) {
			case 1 -> {
				double x = r.nextDouble();
				int age = (x < 0.3) ? between(r, 18, 25) : (x < 0.7) ? between(r, 26, 35) : between(r, 36, 55);
				d.add(new Draft(Role.HEAD, age, (r.nextDouble() < 0.6) ? Sex.MALE : Sex.FEMALE));
			}
			case 2 -> {
				if (r.nextDouble() < 0.7) {
					couple(d, r, between(r, 22, 50));
				}
				else {
					int child = childAge(r, 0, 16);
					d.add(new Draft(Role.HEAD, child + between(r, 22, 34),
							(r.nextDouble() < 0.55) ? Sex.FEMALE : Sex.MALE));
					d.add(new Draft(Role.CHILD, child, randomSex(r)));
				}
			}
			case 3 -> parentsOf(d, r, childAge(r, 0, 16), 22, 32);
			case 4 -> {
				int younger = childAge(r, 0, 14);
				parentsOf(d, r, younger + between(r, 1, 6), 22, 30);
				d.add(new Draft(Role.CHILD, younger, randomSex(r)));
			}
			default -> {
				int younger = childAge(r, 0, 8);
				int father = parentsOf(d, r, younger + between(r, 1, 5), 22, 30);
				d.add(new Draft(Role.CHILD, younger, randomSex(r)));
				d.add(new Draft(Role.PARENT, father + between(r, 24, 30),
						(r.nextDouble() < 0.7) ? Sex.FEMALE : Sex.MALE));
			}
		}
		return d;
	}

	private static void couple(List<Draft> d, SplittableRandom r, int husband) {
		d.add(new Draft(Role.HEAD, husband, Sex.MALE));
		d.add(new Draft(Role.SPOUSE, Math.max(20, husband - between(r, 0, 4)), Sex.FEMALE));
	}

	private static int parentsOf(List<Draft> d, SplittableRandom r, int child, int minGap, int maxGap) {
		return parentsOf(d, r, child, minGap, maxGap, randomSex(r));
	}

	/**
	 * Adds father (head), mother and a child; returns the father's age.
	 */
	private static int parentsOf(List<Draft> d, SplittableRandom r, int child, int minGap, int maxGap, Sex childSex) {
		int mother = child + between(r, minGap, maxGap);
		int father = mother + between(r, 0, 4);
		d.add(new Draft(Role.HEAD, father, Sex.MALE));
		d.add(new Draft(Role.SPOUSE, mother, Sex.FEMALE));
		d.add(new Draft(Role.CHILD, child, childSex));
		return father;
	}

	private static int elderlyAge(SplittableRandom r) {
		double x = r.nextDouble();
		return (x < 0.4) ? between(r, 60, 69)
				: (x < 0.78) ? between(r, 70, 79) : (x < 0.96) ? between(r, 80, 89) : between(r, 90, 99);
	}

	/**
	 * The age of a child living with its parents: each year up to 18 equally likely
	 * (infants a little less, births having fallen), older ones less and less.
	 */
	private static int childAge(SplittableRandom r, int min, int max) {
		double total = 0;
		for (int age = min; age <= max; age++) {
			total += childWeight(age);
		}
		double x = r.nextDouble() * total;
		for (int age = min; age <= max; age++) {
			x -= childWeight(age);
			if (x < 0) {
				return age;
			}
		}
		return max;
	}

	private static double childWeight(int age) {
		if (age < 3) {
			return INFANT_WEIGHT;
		}
		return (age <= 18) ? 1 : Math.max(0.15, 1 - (age - 18) / 20.0);
	}

	private List<Person> chinese(SplittableRandom r, Place place, List<Draft> drafts, boolean floating) {
		Weighted<String> surnames = floating ? Vocabulary.SURNAMES_NATIONAL : Vocabulary.SURNAMES_LOCAL;
		String headSurname = surnames.pick(r);
		String spouseSurname = surnames.pick(r);
		String childSurname = null;
		String childSpouseSurname = null;
		boolean sonAtHome = false;
		Vocabulary.Region origin = floating ? Vocabulary.MIGRANT_ORIGINS.pick(r) : null;
		Vocabulary.Region spouseOrigin = (floating && r.nextDouble() < 0.3) ? Vocabulary.MIGRANT_ORIGINS.pick(r)
				: origin;
		OffsetDateTime registered = registrationTime(r);
		List<Person> persons = new ArrayList<>(drafts.size());
		for (Draft draft : drafts) {
			String surname;
			switch (draft.role()) {
				case HEAD -> surname = headSurname;
				case SPOUSE -> surname = spouseSurname;
				case CHILD -> {
					// children mostly take their father's surname
					boolean fatherAtHome = drafts.get(0).sex() == Sex.MALE;
					surname = (fatherAtHome && r.nextDouble() < 0.93) ? headSurname
							: fatherAtHome ? spouseSurname : surnames.pick(r);
					childSurname = surname;
					sonAtHome = draft.sex() == Sex.MALE;
				}
				case PARENT -> surname = (draft.sex() == Sex.MALE) ? headSurname : surnames.pick(r);
				case CHILD_SPOUSE -> surname = childSpouseSurname = surnames.pick(r);
				default -> surname = (sonAtHome || childSpouseSurname == null) ? childSurname : childSpouseSurname;
			}
			LocalDate birthDate = birthDate(r, draft.age());
			String region;
			String hukouPlace;
			if (floating) {
				Vocabulary.Region own = (draft.role() == Role.SPOUSE) ? spouseOrigin : origin;
				region = own.code();
				hukouPlace = own.name();
			}
			else {
				boolean bornElsewhere = draft.age() >= 18 && r.nextDouble() < 0.1;
				region = bornElsewhere ? Vocabulary.JIANGSU_ORIGINS.pick(r).code() : place.districtCode();
				hukouPlace = place.hukouPlace();
			}
			IdNumbers.Issued id = this.idNumbers.issue(region, birthDate, draft.sex());
			birthDate = id.birthDate();
			String name = surname + Vocabulary.givenNames(birthDate.getYear(), draft.sex()).pick(r);
			persons.add(person(r, place, name, "RESIDENT_ID", id.number(), draft.sex(), birthDate, hukouPlace,
					floating ? "FLOATING" : "RESIDENT", registered));
		}
		return persons;
	}

	private List<Person> overseas(SplittableRandom r, Place place) {
		Vocabulary.Nationality nationality = Vocabulary.NATIONALITIES.pick(r);
		String surname = nationality.surnames().get(r.nextInt(nationality.surnames().size()));
		List<Draft> drafts = new ArrayList<>(2);
		if (r.nextDouble() < 0.7) {
			drafts.add(new Draft(Role.HEAD, between(r, 25, 55), (r.nextDouble() < 0.65) ? Sex.MALE : Sex.FEMALE));
		}
		else {
			couple(drafts, r, between(r, 28, 55));
		}
		OffsetDateTime registered = registrationTime(r);
		List<Person> persons = new ArrayList<>(drafts.size());
		for (Draft draft : drafts) {
			List<String> given = (draft.sex() == Sex.MALE) ? nationality.male() : nationality.female();
			String name = surname + " " + given.get(r.nextInt(given.size()));
			persons.add(person(r, place, name, "PASSPORT", this.passports.next(nationality), draft.sex(),
					birthDate(r, draft.age()), nationality.name(), "OVERSEAS", registered));
		}
		return persons;
	}

	private Person person(SplittableRandom r, Place place, String name, String documentType, String documentNumber,
			Sex sex, LocalDate birthDate, String hukouPlace, String populationType, OffsetDateTime registered) {
		int age = Period.between(birthDate, this.asOf).getYears();
		String phone = (r.nextDouble() < phoneShare(age)) ? this.phones.next() : null;
		String workplace = workplace(r, place, age, populationType);
		OffsetDateTime created = registered;
		OffsetDateTime born = birthDate.atTime(LocalTime.NOON).atOffset(CHINA);
		if (created.isBefore(born)) {
			// registered after birth, within two months but not after the as-of day
			LocalDate day = birthDate.plusDays(between(r, 1, 60));
			created = officeHours(r, day.isAfter(this.asOf) ? this.asOf : day);
		}
		long days = this.asOf.toEpochDay() - created.toLocalDate().toEpochDay();
		OffsetDateTime updated = (days > 0 && r.nextDouble() < 0.6)
				? officeHours(r, created.toLocalDate().plusDays(1 + r.nextLong(days))) : created;
		return new Person(name, documentType, documentNumber, sex, birthDate, phone, hukouPlace, populationType,
				tags(r, age, sex), workplace, created, updated);
	}

	private static double phoneShare(int age) {
		if (age < 12) {
			return 0;
		}
		if (age < 18) {
			return 0.8;
		}
		if (age < 70) {
			return 0.98;
		}
		return (age < 80) ? 0.8 : 0.5;
	}

	private static String workplace(SplittableRandom r, Place place, int age, String populationType) {
		if (age < 18 || age > 59) {
			return null;
		}
		boolean floating = !"RESIDENT".equals(populationType);
		if (!floating && age <= 22 && r.nextDouble() < 0.4) {
			return Vocabulary.UNIVERSITIES.get(r.nextInt(Vocabulary.UNIVERSITIES.size()));
		}
		if (r.nextDouble() >= (floating ? 0.92 : 0.85)) {
			return null;
		}
		if (!place.workplaces().isEmpty() && r.nextDouble() < (floating ? 0.7 : 0.5)) {
			return place.workplaces().get(r.nextInt(place.workplaces().size()));
		}
		return "苏州" + Vocabulary.BRANDS.get(r.nextInt(Vocabulary.BRANDS.size()))
				+ Vocabulary.INDUSTRIES.get(r.nextInt(Vocabulary.INDUSTRIES.size()));
	}

	private static String[] tags(SplittableRandom r, int age, Sex sex) {
		List<String> tags = new ArrayList<>(2);
		boolean elderly = age >= 60;
		if (elderly) {
			tags.add("ELDERLY");
		}
		if (age < 3) {
			tags.add("CHILD_UNDER_3");
		}
		if (sex == Sex.FEMALE && age >= 20 && age <= 40 && r.nextDouble() < 0.015) {
			tags.add("PREGNANT");
		}
		if (age >= 45 && r.nextDouble() < 0.0025) {
			tags.add("DIALYSIS");
		}
		if (elderly && r.nextDouble() < ((age >= 80) ? 0.015 : 0.003)) {
			tags.add("BEDRIDDEN");
		}
		if (r.nextDouble() < (elderly ? 0.04 : 0.009)) {
			tags.add("DISABLED");
		}
		return tags.toArray(String[]::new);
	}

	private LocalDate birthDate(SplittableRandom r, int age) {
		return this.asOf.minusYears(Math.min(99, Math.max(0, age))).minusDays(r.nextInt(365));
	}

	/**
	 * When the household was registered: on a working day hour within the last three
	 * years.
	 */
	private OffsetDateTime registrationTime(SplittableRandom r) {
		return officeHours(r, this.asOf.minusDays(between(r, 1, 3 * 365)));
	}

	private static OffsetDateTime officeHours(SplittableRandom r, LocalDate day) {
		return day.atTime(LocalTime.of(8, 30).plusSeconds(r.nextInt(9 * 3600))).atOffset(CHINA);
	}

	private static int between(SplittableRandom r, int min, int max) {
		return min + r.nextInt(max - min + 1);
	}

	private static Sex randomSex(SplittableRandom r) {
		// about 105 boys per 100 girls
		return (r.nextDouble() < 0.512) ? Sex.MALE : Sex.FEMALE;
	}

	private static Sex opposite(Sex sex) {
		return (sex == Sex.MALE) ? Sex.FEMALE : Sex.MALE;
	}

}
