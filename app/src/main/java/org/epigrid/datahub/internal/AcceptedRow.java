package org.epigrid.datahub.internal;

import org.epigrid.datahub.internal.RecordValidator.ValidRecord;

/**
 * A row of an import file that passed validation.
 *
 * @param rowNumber the row's number in the file
 * @param record what it says
 */
record AcceptedRow(long rowNumber, ValidRecord record) {
}
