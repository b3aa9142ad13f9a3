package org.epigrid.datahub;

/**
 * An import completed: its accepted records are linked and stored.
 *
 * @param importId the import job
 * @param sourceId the data source
 * @param category the kind of records
 * @param rowsAccepted how many records were stored
 */
public record RecordsImported(long importId, long sourceId, DataCategory category, long rowsAccepted) {
}
