package org.epigrid.datahub.internal;

import org.epigrid.security.Caller;

import org.springframework.jdbc.core.simple.JdbcClient.StatementSpec;

/**
 * Who may see an import and its records: whoever imported it, and anyone whose
 * jurisdiction covers the importer's. One SQL condition for every query of imports and
 * their records.
 */
public final class ImportVisibility {

	/** Condition on {@code import_job} aliased {@code j}; bind with {@link #bind}. */
	public static final String CONDITION = "(j.jurisdiction >= :jlo AND j.jurisdiction < :jhi OR j.created_by = :user)";

	private ImportVisibility() {
	}

	/**
	 * Binds the parameters of {@link #CONDITION} for a caller.
	 * @param spec the statement
	 * @param caller the caller
	 * @return the statement
	 */
	public static StatementSpec bind(StatementSpec spec, Caller caller) {
		return spec.param("jlo", caller.jurisdiction().lower())
			.param("jhi", caller.jurisdiction().upper())
			.param("user", caller.username());
	}

}
