package org.epigrid.security.web;

import org.epigrid.security.CurrentCaller;
import org.epigrid.security.MessageOutbox;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import org.epigrid.backup.Backup;
import org.epigrid.backup.BackupManagement;
import org.epigrid.backup.BackupOverview;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.AuditManagement.Filter;
import org.epigrid.security.JurisdictionCatalog;
import org.epigrid.security.LoginThrottle;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Administration pages (ADMIN only, enforced for {@code /admin/**}): users, the audit
 * log, the message outbox and the backups.
 */
@Controller
class AdminPageController {

	private final UserManagement users;

	private final AuditManagement audit;

	private final JurisdictionCatalog jurisdictions;

	private final MessageOutbox outbox;

	private final LoginThrottle throttle;

	private final BackupManagement backups;

	private final Clock clock;

	AdminPageController(UserManagement users, AuditManagement audit, JurisdictionCatalog jurisdictions,
			MessageOutbox outbox, LoginThrottle throttle, BackupManagement backups, Clock clock) {
		this.outbox = outbox;
		this.throttle = throttle;
		this.backups = backups;
		this.clock = clock;
		this.users = users;
		this.audit = audit;
		this.jurisdictions = jurisdictions;
	}

	@GetMapping("/admin/users")
	String users(Model model) {
		model.addAttribute("users", this.users.list());
		model.addAttribute("roles", Role.values());
		model.addAttribute("form", new UserForm("", "", "", EnumSet.noneOf(Role.class), ""));
		jurisdictionChoices(model, null);
		return "security/users";
	}

	@PostMapping("/admin/users")
	String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
			@RequestParam(defaultValue = "") String password, @RequestParam(required = false) Set<Role> roles,
			@RequestParam(defaultValue = "") String jurisdictionPath, Model model, RedirectAttributes redirect) {
		Set<Role> chosen = roles == null ? EnumSet.noneOf(Role.class) : roles;
		try {
			this.users.create(new NewUser(username.strip(), displayName, password, chosen, jurisdictionPath.strip()));
			redirect.addFlashAttribute("message", username);
			return "redirect:/admin/users";
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", ex.errors());
		}
		catch (ConflictException ex) {
			model.addAttribute("errors", List.of(new FieldError(ex.field(), ex.getMessage())));
		}
		model.addAttribute("users", this.users.list());
		model.addAttribute("roles", Role.values());
		model.addAttribute("form", new UserForm(username, displayName, "", chosen, jurisdictionPath));
		jurisdictionChoices(model, jurisdictionPath);
		return "security/users";
	}

	@GetMapping("/admin/users/{id}")
	String edit(@PathVariable long id, Model model) {
		UserManagement.User user = this.users.find(id).orElseThrow(() -> new NotFoundException("user " + id));
		model.addAttribute("user", user);
		model.addAttribute("roles", Role.values());
		model.addAttribute("lockedUntil", this.throttle.lockedUntil(user.username()).orElse(null));
		jurisdictionChoices(model, user.jurisdictionPath());
		return "security/user";
	}

	@PostMapping("/admin/users/{id}/unlock")
	String unlock(@PathVariable long id, HttpServletRequest request, RedirectAttributes redirect) {
		this.throttle.unlock(CurrentCaller.get(), id, "WEB", request.getRemoteAddr());
		redirect.addFlashAttribute("unlocked", this.users.find(id).map(UserManagement.User::username).orElse(""));
		return "redirect:/admin/users/" + id;
	}

	@PostMapping("/admin/users/{id}")
	String update(@PathVariable long id, @RequestParam(required = false) Set<Role> roles,
			@RequestParam(defaultValue = "") String jurisdictionPath,
			@RequestParam(defaultValue = "false") boolean enabled, @RequestParam(defaultValue = "") String password,
			Model model, RedirectAttributes redirect) {
		try {
			this.users.update(id, roles == null ? EnumSet.noneOf(Role.class) : roles, jurisdictionPath.strip(),
					enabled);
			if (!password.isEmpty()) {
				this.users.changePassword(id, password);
			}
			redirect.addFlashAttribute("message", this.users.find(id).map(UserManagement.User::username).orElse(""));
			return "redirect:/admin/users";
		}
		catch (FieldErrorsException ex) {
			model.addAttribute("errors", ex.errors());
			model.addAttribute("user", this.users.find(id).orElseThrow(() -> new NotFoundException("user " + id)));
			model.addAttribute("roles", Role.values());
			jurisdictionChoices(model, jurisdictionPath);
			return "security/user";
		}
	}

	@GetMapping("/admin/jurisdictions")
	String jurisdictions(@RequestParam(defaultValue = "") String q, Model model) {
		model.addAttribute("options", this.jurisdictions.search(q, 30));
		return "security/jurisdiction-options :: options";
	}

	@GetMapping("/admin/audit")
	String audit(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String subjectType,
			@RequestParam(defaultValue = "") String subjectId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
			@RequestParam(defaultValue = "0") int page, Model model) {
		Filter filter = new Filter(username, subjectType, subjectId, from);
		model.addAttribute("filter", filter);
		model.addAttribute("result", this.audit.browse(filter, new PageRequest(page, 50)));
		return "security/audit";
	}

	@GetMapping("/admin/outbox")
	String outbox(@RequestParam(defaultValue = "") String recipient, Model model) {
		model.addAttribute("recipient", recipient);
		model.addAttribute("messages", this.outbox.newest(CurrentCaller.get(), recipient));
		return "security/outbox";
	}

	@GetMapping("/admin/backups")
	String backups(Model model) {
		BackupOverview overview = this.backups.overview();
		model.addAttribute("overview", overview);
		model.addAttribute("rows", overview.backups().stream().map(this::row).toList());
		model.addAttribute("last", (overview.last() != null) ? row(overview.last()) : null);
		model.addAttribute("nextAt", local(overview.nextAt()));
		model.addAttribute("runningSince", local(overview.runningSince()));
		model.addAttribute("failedAt", (overview.lastFailure() != null) ? local(overview.lastFailure().at()) : null);
		return "security/backups";
	}

	@PostMapping("/admin/backups")
	String backUp(HttpServletRequest request, RedirectAttributes redirect) {
		try {
			Backup backup = this.backups.backUpNow();
			this.audit.record(CurrentCaller.get(), BackupAudit.view(backup, "WEB", request.getRemoteAddr()));
			redirect.addFlashAttribute("message", backup.name());
		}
		catch (ConflictException ex) {
			redirect.addFlashAttribute("busy", true);
		}
		catch (RuntimeException ex) {
			// the reason is shown as the last failure
			redirect.addFlashAttribute("failed", true);
		}
		return "redirect:/admin/backups";
	}

	private BackupRow row(Backup backup) {
		return new BackupRow(backup.name(), local(backup.createdAt()), backup.sizeBytes(),
				BackupRow.readableSize(backup.sizeBytes()), backup.schemaVersion(), backup.tables(), backup.rows());
	}

	private LocalDateTime local(Instant at) {
		return (at != null) ? LocalDateTime.ofInstant(at, this.clock.getZone()) : null;
	}

	/**
	 * The choices of the jurisdiction picker: the broadest nodes, with the current choice
	 * first.
	 */
	private void jurisdictionChoices(Model model, String selectedPath) {
		model.addAttribute("options", this.jurisdictions.search("", 30));
		if (selectedPath != null && !selectedPath.isBlank() && !"/".equals(selectedPath)) {
			model.addAttribute("selectedPath", selectedPath);
			model.addAttribute("selectedName", this.jurisdictions.nameOf(selectedPath).orElse(selectedPath));
		}
	}

	/**
	 * What the new-user form shows again after an error.
	 *
	 * @param username login name
	 * @param displayName display name
	 * @param password always blank
	 * @param roles chosen roles
	 * @param jurisdictionPath chosen jurisdiction
	 */
	public record UserForm(String username, String displayName, String password, Set<Role> roles,
			String jurisdictionPath) {
	}

	/**
	 * A backup as the backups page lists it.
	 *
	 * @param name the file
	 * @param localAt when it was taken, in the platform's zone
	 * @param sizeBytes the file's size
	 * @param size the size for people, e.g. {@code 12.5 MB}
	 * @param schemaVersion the schema version
	 * @param tables the number of tables
	 * @param rows the number of rows
	 */
	public record BackupRow(String name, LocalDateTime localAt, long sizeBytes, String size, String schemaVersion,
			int tables, long rows) {

		static String readableSize(long bytes) {
			if (bytes < 1024) {
				return bytes + " B";
			}
			String[] units = { "KB", "MB", "GB", "TB" };
			double value = bytes;
			int unit = -1;
			while (value >= 1024 && unit < units.length - 1) {
				value /= 1024;
				unit++;
			}
			return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
		}

	}

}
