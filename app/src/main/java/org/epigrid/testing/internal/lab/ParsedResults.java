package org.epigrid.testing.internal.lab;

import java.util.List;

/**
 * What a reader made of one delivery from a lab (a FHIR Bundle, a CSV or XLSX file): the
 * results it could read, one per tube, and every part it could not, with the reason.
 * Nothing is silently dropped: each entry or row either contributes to a result or is
 * named by a rejection.
 *
 * @param results one result per tube, in the order the tubes first appear
 * @param rejections what was not accepted, in the order found
 * @param entries how many entries (Bundle entries, data rows) the delivery held
 */
public record ParsedResults(List<LabResult> results, List<LabRejection> rejections, int entries) {

	/**
	 * Copies the lists.
	 * @param results the results
	 * @param rejections the rejections
	 * @param entries the number of entries or rows
	 */
	public ParsedResults {
		results = List.copyOf(results);
		rejections = List.copyOf(rejections);
	}

	/**
	 * A delivery that could not be read at all: one rejection, nothing else.
	 * @param rejection why
	 * @param entries how many entries it held, if known, else 0
	 * @return the answer
	 */
	static ParsedResults refused(LabRejection rejection, int entries) {
		return new ParsedResults(List.of(), List.of(rejection), entries);
	}

}
