package org.epigrid.demo;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What synthetic town to generate. The same parameters always give the same town, row for
 * row and byte for byte.
 * <p>
 * A town is one or more townships (镇/街道) of Suzhou (苏州市), the first being the standard
 * demo town in Xiangcheng district (相城区). Each township is cut into villages and
 * communities (村/社区), each of those into grids (网格), each grid into micro-grids (微网格) of
 * about {@code householdsPerMicroGrid} households.
 *
 * @param seed the seed every random choice derives from
 * @param asOf the day the town describes: ages, tags such as {@code ELDERLY} and record
 * time stamps are relative to it
 * @param townships number of townships; the first lies in Xiangcheng, further ones are
 * placed around it and fill the other districts of Suzhou
 * @param gridsPerTownship grids per township
 * @param villagesPerTownship villages and communities per township (about three in seven
 * are communities with apartment blocks, the others villages with houses)
 * @param microGridsPerGrid micro-grids per grid (at most 99)
 * @param householdsPerMicroGrid mean households per micro-grid (each varies by up to a
 * sixth)
 * @param venuesPerTownship venues (shops, schools, factories ...) per township
 * @param samplingSitesPerTownship candidate sampling-site locations per township
 */
public record DemoTownParameters(long seed, LocalDate asOf, int townships, int gridsPerTownship,
		int villagesPerTownship, int microGridsPerGrid, int householdsPerMicroGrid, int venuesPerTownship,
		int samplingSitesPerTownship) {

	/** The seed of the standard town. */
	public static final long STANDARD_SEED = 20200123L;

	/** The day the standard town describes. */
	public static final LocalDate STANDARD_AS_OF = LocalDate.of(2026, 1, 1);

	/** Mean persons per household the generator aims at. */
	public static final double MEAN_HOUSEHOLD_SIZE = 2.8;

	private static final int STANDARD_GRIDS = 69;

	private static final int STANDARD_VILLAGES = 7;

	private static final int STANDARD_VENUES = 300;

	private static final int STANDARD_SAMPLING_SITES = 60;

	/** Townships fit in ten districts of at most this many each (codes 103 to 999). */
	private static final int MAX_TOWNSHIPS = 10 * 897;

	/**
	 * Checks the parameters.
	 * @throws IllegalArgumentException if a count is out of range
	 */
	public DemoTownParameters {
		Objects.requireNonNull(asOf, "asOf");
		require(townships, 1, MAX_TOWNSHIPS, "townships");
		// community codes run from 001, village codes from 201 (GB/T 10114)
		require(villagesPerTownship, 1, 300, "villagesPerTownship");
		require(gridsPerTownship, villagesPerTownship, villagesPerTownship * 999, "gridsPerTownship");
		require(microGridsPerGrid, 1, 99, "microGridsPerGrid");
		require(householdsPerMicroGrid, 1, 10_000, "householdsPerMicroGrid");
		require(venuesPerTownship, 0, 1_000_000, "venuesPerTownship");
		require(samplingSitesPerTownship, 0, 1_000_000, "samplingSitesPerTownship");
	}

	private static void require(int value, int min, int max, String name) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], is " + value);
		}
	}

	/**
	 * The standard demo town: one township (阳澄湖镇, code 320507103) of 7 villages and
	 * communities with 69 grids, 6 micro-grids per grid and 48 households per micro-grid
	 * on average (about 19,900 households and 55,000 persons), 300 venues and 60
	 * candidate sampling sites.
	 * @return the parameters
	 */
	public static DemoTownParameters standard() {
		return new DemoTownParameters(STANDARD_SEED, STANDARD_AS_OF, 1, STANDARD_GRIDS, STANDARD_VILLAGES, 6, 48,
				STANDARD_VENUES, STANDARD_SAMPLING_SITES);
	}

	/**
	 * A town of about {@code persons} persons, all in Suzhou: as many standard townships
	 * as it takes, or for fewer persons than one township holds, one township with fewer
	 * grids.
	 * @param persons the wanted number of persons, at least 1
	 * @return the parameters
	 */
	public static DemoTownParameters forPersons(long persons) {
		if (persons < 1) {
			throw new IllegalArgumentException("persons must be positive");
		}
		DemoTownParameters standard = standard();
		double perTownship = standard.expectedPersons();
		if (persons >= 0.75 * perTownship) {
			long townships = Math.max(1, Math.round(persons / perTownship));
			if (townships > MAX_TOWNSHIPS) {
				throw new IllegalArgumentException("at most " + (long) (MAX_TOWNSHIPS * perTownship) + " persons");
			}
			return standard.withTownships((int) townships);
		}
		double perGrid = perTownship / STANDARD_GRIDS;
		return standard.withGridsPerTownship((int) Math.max(1, Math.round(persons / perGrid)));
	}

	/**
	 * The same town from another seed.
	 * @param seed the seed
	 * @return new parameters
	 */
	public DemoTownParameters withSeed(long seed) {
		return new DemoTownParameters(seed, this.asOf, this.townships, this.gridsPerTownship, this.villagesPerTownship,
				this.microGridsPerGrid, this.householdsPerMicroGrid, this.venuesPerTownship,
				this.samplingSitesPerTownship);
	}

	/**
	 * The same town seen on another day.
	 * @param asOf the day
	 * @return new parameters
	 */
	public DemoTownParameters withAsOf(LocalDate asOf) {
		return new DemoTownParameters(this.seed, asOf, this.townships, this.gridsPerTownship, this.villagesPerTownship,
				this.microGridsPerGrid, this.householdsPerMicroGrid, this.venuesPerTownship,
				this.samplingSitesPerTownship);
	}

	/**
	 * The same townships, as many as given.
	 * @param townships the number of townships
	 * @return new parameters
	 */
	public DemoTownParameters withTownships(int townships) {
		return new DemoTownParameters(this.seed, this.asOf, townships, this.gridsPerTownship, this.villagesPerTownship,
				this.microGridsPerGrid, this.householdsPerMicroGrid, this.venuesPerTownship,
				this.samplingSitesPerTownship);
	}

	/**
	 * Townships of another size: villages, venues and sampling sites scale with the grids
	 * (with at least two villages, one of them a community, when there are two grids or
	 * more).
	 * @param grids grids per township
	 * @return new parameters
	 */
	public DemoTownParameters withGridsPerTownship(int grids) {
		double scale = (double) grids / STANDARD_GRIDS;
		int villages = (int) Math.max(Math.min(2, grids), Math.min(grids, Math.round(STANDARD_VILLAGES * scale)));
		return new DemoTownParameters(this.seed, this.asOf, this.townships, grids, villages, this.microGridsPerGrid,
				this.householdsPerMicroGrid, (int) Math.round(STANDARD_VENUES * scale),
				(int) Math.max(1, Math.round(STANDARD_SAMPLING_SITES * scale)));
	}

	/**
	 * Micro-grids of another mean size.
	 * @param households mean households per micro-grid
	 * @return new parameters
	 */
	public DemoTownParameters withHouseholdsPerMicroGrid(int households) {
		return new DemoTownParameters(this.seed, this.asOf, this.townships, this.gridsPerTownship,
				this.villagesPerTownship, this.microGridsPerGrid, households, this.venuesPerTownship,
				this.samplingSitesPerTownship);
	}

	/**
	 * All grids of the town.
	 * @return townships times grids per township
	 */
	public int grids() {
		return this.townships * this.gridsPerTownship;
	}

	/**
	 * The number of households the town will have, give or take a percent.
	 * @return the expected households
	 */
	public long expectedHouseholds() {
		return (long) grids() * this.microGridsPerGrid * this.householdsPerMicroGrid;
	}

	/**
	 * The number of persons the town will have, give or take a few percent.
	 * @return the expected persons
	 */
	public long expectedPersons() {
		return Math.round(expectedHouseholds() * MEAN_HOUSEHOLD_SIZE);
	}

}
