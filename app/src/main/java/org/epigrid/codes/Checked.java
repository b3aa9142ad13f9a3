package org.epigrid.codes;

/**
 * A verdict and whom it is about.
 *
 * @param verdict the verdict
 * @param personId the person, 0 when the code or card named nobody genuine
 */
public record Checked(Verdict verdict, long personId) {

	static Checked refused(Result result, Reason reason) {
		return new Checked(Verdict.refused(result, reason), 0);
	}

}
