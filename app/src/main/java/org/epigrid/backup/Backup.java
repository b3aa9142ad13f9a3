package org.epigrid.backup;

import java.time.Instant;

/**
 * A backup file in the backups folder.
 *
 * @param name the file's name, e.g. {@code epigrid-backup-20250301T183000Z.zip}
 * @param createdAt the moment whose data it holds
 * @param sizeBytes the file's size
 * @param schemaVersion the schema version it was taken at
 * @param tables the number of tables
 * @param rows the number of rows of all tables
 */
public record Backup(String name, Instant createdAt, long sizeBytes, String schemaVersion, int tables, long rows) {
}
