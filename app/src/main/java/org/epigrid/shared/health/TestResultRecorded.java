package org.epigrid.shared.health;

import java.time.Instant;
import java.util.List;

/**
 * Nucleic-acid (or other) test results of persons, published by testing at most 100,000 a
 * time (a city's results arrive millions at once: one event per person would not do, and
 * the codes write a batch's facts in one statement, whose random index writes cost far
 * less per person in batches of 100,000 than of 10,000).
 *
 * @param results the results, a person possibly more than once
 */
public record TestResultRecorded(List<Result> results) {

	/** The most results in one event. */
	public static final int MAX = 100_000;

	/**
	 * Copies and checks the list.
	 * @param results the results, at most {@value #MAX}
	 */
	public TestResultRecorded {
		results = List.copyOf(results);
		if (results.size() > MAX) {
			throw new IllegalArgumentException("at most " + MAX + " results an event, not " + results.size());
		}
	}

	/**
	 * One person's result.
	 * @param personId the person
	 * @param negative whether it was negative (else positive, single tube)
	 * @param sampledAt when the sample was taken
	 * @return the event
	 */
	public static TestResultRecorded of(long personId, boolean negative, Instant sampledAt) {
		return new TestResultRecorded(
				List.of(new Result(personId, negative ? TestResult.NEGATIVE : TestResult.POSITIVE, sampledAt)));
	}

	/**
	 * One person's result.
	 *
	 * @param personId the person
	 * @param result what was found
	 * @param sampledAt when the sample was taken (the age of a result counts from here)
	 */
	public record Result(long personId, TestResult result, Instant sampledAt) {
	}

}
