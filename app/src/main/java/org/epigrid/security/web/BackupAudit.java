package org.epigrid.security.web;

import org.epigrid.backup.Backup;
import org.epigrid.security.AuditManagement.View;

/**
 * The audit entry of a backup taken on demand: a copy of every record is a view of every
 * record.
 */
final class BackupAudit {

	private BackupAudit() {
	}

	static View view(Backup backup, String channel, String clientIp) {
		return new View("BACKUP", "BACKUP", backup.name(), backup.tables() + " tables, " + backup.rows() + " rows",
				"backup", channel, clientIp);
	}

}
