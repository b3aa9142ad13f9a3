package org.epigrid.shared.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.epigrid.shared.EpochMicros;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Nucleic-acid (or other) test results of persons, published by testing at most 100,000 a
 * time (a city's results arrive millions at once: one event per person would not do, and
 * the codes write a batch's facts in one statement, whose random index writes cost far
 * less per person in batches of 100,000 than of 10,000). Stored (as the event publication
 * registry keeps each event until it is handled) in columns: the persons, one letter per
 * result and the sampling times in microseconds, a third of the bytes of one object per
 * result and quicker to write and read; an event stored by an earlier version, one object
 * per result, is still read.
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
	 * The event as stored: in columns.
	 * @return the columns
	 */
	@JsonValue
	Columns columns() {
		long[] personIds = new long[this.results.size()];
		char[] outcomes = new char[this.results.size()];
		long[] sampledAt = new long[this.results.size()];
		for (int i = 0; i < personIds.length; i++) {
			Result result = this.results.get(i);
			personIds[i] = result.personId();
			outcomes[i] = letter(result.result());
			sampledAt[i] = EpochMicros.of(result.sampledAt());
		}
		return new Columns(personIds, new String(outcomes), sampledAt);
	}

	/**
	 * Reads the event as stored: in columns, or (by an earlier version) one object per
	 * result.
	 * @param results one object per result, or {@code null}
	 * @param personIds the persons, or {@code null}
	 * @param outcomes one letter per person
	 * @param sampledAt the sampling times in microseconds since the epoch, one per person
	 * @return the event
	 */
	@JsonCreator
	static TestResultRecorded read(@JsonProperty("results") List<Result> results,
			@JsonProperty("personIds") long[] personIds, @JsonProperty("outcomes") String outcomes,
			@JsonProperty("sampledAtMicros") long[] sampledAt) {
		if (personIds == null) {
			return new TestResultRecorded((results == null) ? List.of() : results);
		}
		if (outcomes == null || sampledAt == null || outcomes.length() != personIds.length
				|| sampledAt.length != personIds.length) {
			throw new IllegalArgumentException("personIds, outcomes and sampledAtMicros must be of the same length");
		}
		List<Result> read = new ArrayList<>(personIds.length);
		for (int i = 0; i < personIds.length; i++) {
			read.add(new Result(personIds[i], result(outcomes.charAt(i)), EpochMicros.instant(sampledAt[i])));
		}
		return new TestResultRecorded(read);
	}

	private static char letter(TestResult result) {
		return switch (result) {
			case NEGATIVE -> 'N';
			case POSITIVE -> 'P';
			case POOL_POSITIVE -> 'R';
		};
	}

	private static TestResult result(char letter) {
		return switch (letter) {
			case 'N' -> TestResult.NEGATIVE;
			case 'P' -> TestResult.POSITIVE;
			case 'R' -> TestResult.POOL_POSITIVE;
			default -> throw new IllegalArgumentException("unknown result letter " + letter);
		};
	}

	/**
	 * The event in columns, as stored.
	 *
	 * @param personIds the persons
	 * @param outcomes one letter per person: N negative, P positive, R pool positive
	 * (recalled)
	 * @param sampledAtMicros when each was sampled, microseconds since the epoch
	 */
	record Columns(long[] personIds, String outcomes, long[] sampledAtMicros) {
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
