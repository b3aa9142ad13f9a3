package org.epigrid.datahub.internal;

import java.util.List;

/**
 * A row of an import file that was refused, to be stored with the job.
 *
 * @param rowNumber the row's number in the file
 * @param cells the row's cells as read
 * @param reasons why it was refused
 */
record RejectedRowEntry(long rowNumber, List<String> cells, List<String> reasons) {
}
