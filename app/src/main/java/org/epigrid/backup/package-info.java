/**
 * Backups: a consistent logical copy of every table of the platform's database in one
 * owner-only file, taken on a schedule and on demand and the last few kept, and the
 * restore ({@code ./epigrid restore FILE}) that puts such a copy back into the configured
 * database. It reads the database's catalogue, not other modules' tables by name, and
 * depends on no other module but {@code shared}.
 */
package org.epigrid.backup;
