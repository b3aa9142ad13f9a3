package org.epigrid.datahub.internal.tabular;

import java.util.List;
import java.util.Objects;

/**
 * A data row that was not imported, with why.
 *
 * @param rowNumber where the row was in the uploaded file ({@link TabularRow#number()})
 * @param cells the row's cells as read, aligned with the file's header; may be longer
 * than the header; no {@code null} elements
 * @param reason why it was rejected, for the person who will correct it; not {@code null}
 */
public record RejectedRow(long rowNumber, List<String> cells, String reason) {

	/**
	 * Creates a rejected row, copying the cells.
	 * @param rowNumber where the row was in the uploaded file
	 * @param cells the row's cells
	 * @param reason why it was rejected
	 */
	public RejectedRow {
		cells = List.copyOf(Objects.requireNonNull(cells, "cells"));
		Objects.requireNonNull(reason, "reason");
	}

}
