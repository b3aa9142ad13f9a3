package org.epigrid.security.web;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.backup.Backup;
import org.epigrid.backup.BackupManagement;
import org.epigrid.backup.BackupOverview;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.CurrentCaller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.web.ApiController;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Backups for operators (ADMIN): the state of the backups and a backup now. The files
 * themselves are never served: they hold every ID number and are copied off the machine
 * by its operators.
 */
@ApiController
@RequestMapping("/api/v1/admin/backups")
class BackupApiController {

	private final BackupManagement backups;

	private final AuditManagement audit;

	BackupApiController(BackupManagement backups, AuditManagement audit) {
		this.backups = backups;
		this.audit = audit;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	BackupOverview overview() {
		return this.backups.overview();
	}

	/**
	 * Takes a backup and answers when it is written: 201 with the backup, 409 if one is
	 * being written, 500 naming the reason if it failed.
	 */
	@PostMapping
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<?> backUp(HttpServletRequest request) {
		Backup backup;
		try {
			backup = this.backups.backUpNow();
		}
		catch (ConflictException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
					"The backup failed: " + ex.getMessage());
			problem.setTitle("Backup failed");
			return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem);
		}
		this.audit.record(CurrentCaller.get(), BackupAudit.view(backup, "API", request.getRemoteAddr()));
		return ResponseEntity.status(HttpStatus.CREATED).body(backup);
	}

}
