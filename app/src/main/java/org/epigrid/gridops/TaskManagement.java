package org.epigrid.gridops;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.epigrid.gridops.internal.TaskRepository;
import org.epigrid.gridops.internal.TaskRepository.TaskRow;
import org.epigrid.population.IdentityLookup;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.TextLimit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A grid worker's tasks: those assigned to their grid or a micro-grid of it, the most
 * urgent and earliest due first, each with the person to visit; and the outcome of a
 * visit. Jurisdiction in SQL, every list of persons audited.
 */
@Service
public class TaskManagement {

	/** Who works tasks: grid workers and informants, and the command overseeing them. */
	static final List<Role> WORKERS = List.of(Role.GRID_WORKER, Role.ADMIN, Role.COMMANDER);

	private final TaskRepository tasks;

	private final ResidentDirectory residents;

	private final IdentityLookup identities;

	private final PrivacyPolicy privacy;

	private final AuditManagement audit;

	private final Clock clock;

	TaskManagement(TaskRepository tasks, ResidentDirectory residents, IdentityLookup identities, PrivacyPolicy privacy,
			AuditManagement audit, Clock clock) {
		this.tasks = tasks;
		this.residents = residents;
		this.identities = identities;
		this.privacy = privacy;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * The tasks assigned within the caller's jurisdiction, audited.
	 * @param caller a grid worker, informant or the command
	 * @param mine only those assigned to the caller's own division (a grid worker's, not
	 * the informants' of its micro-grids), else everything assigned within the
	 * jurisdiction
	 * @param openOnly only open and accepted ones
	 * @param page the page
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the tasks with their persons (names masked; the phone in full for roles
	 * that call)
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public Slice<Task> tasks(Caller caller, boolean mine, boolean openOnly, PageRequest page, String channel,
			String clientIp) {
		requireWorker(caller);
		Instant now = this.clock.instant();
		Slice<TaskRow> rows = Slice.of(this.tasks.assigned(caller.jurisdiction(), mine, openOnly, page), page);
		this.audit.record(caller, new AuditManagement.View("LIST_TASKS", "TASK", "mine", null,
				"page " + page.page() + (openOnly ? ", open" : ""), channel, clientIp));
		List<Long> persons = rows.items().stream().map(TaskRow::personId).toList();
		Map<Long, ResidentDirectory.Resident> names = this.residents.byIds(persons);
		Map<Long, IdentityLookup.Place> places = this.identities.places(persons, PathPrefix.of("/"));
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		return rows.map(row -> {
			ResidentDirectory.Resident person = names.get(row.personId());
			IdentityLookup.Place place = places.get(row.personId());
			String phone = (place == null || place.phone() == null) ? null
					: (fullPhone ? place.phone() : Masking.phone(place.phone()));
			return new Task(row.id(), row.kind(), row.personId(), (person == null) ? null : person.maskedName(), phone,
					(place == null) ? null : place.address(), row.assigneePath(), row.priority(), row.dueAt(),
					row.status(),
					List.of("OPEN", "ACCEPTED", "ESCALATED").contains(row.status()) && now.isAfter(row.dueAt()),
					row.outcome(), row.note(), row.updatedAt(), row.updatedBy());
		});
	}

	/**
	 * Records a visit's outcome (or that the task was taken on), audited.
	 * @param caller a grid worker, informant or the command, the task assigned within
	 * their jurisdiction
	 * @param id the task
	 * @param outcome the new status, a code and a note
	 * @return the task
	 * @throws NotFoundException if the task is not in the caller's jurisdiction (or not
	 * there)
	 * @throws FieldErrorsException naming the field
	 */
	@Transactional
	public Task outcome(Caller caller, long id, Outcome outcome) {
		requireWorker(caller);
		List<FieldError> errors = new ArrayList<>();
		String status = (outcome == null || outcome.status() == null) ? null : outcome.status().strip();
		if (status == null || !List.of("ACCEPTED", "DONE", "UNREACHABLE").contains(status)) {
			errors.add(new FieldError("status", "is required: ACCEPTED, DONE or UNREACHABLE"));
		}
		if (outcome != null) {
			TextLimit.check(errors, "outcome", outcome.outcome(), 64);
			TextLimit.check(errors, "note", outcome.note(), 500);
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		TaskRow row = this.tasks
			.outcome(id, caller.jurisdiction(), status, blankToNull(outcome.outcome()), blankToNull(outcome.note()),
					caller.username(), this.clock.instant())
			.orElseThrow(() -> new NotFoundException("task " + id));
		this.audit.record(caller, new AuditManagement.View("TASK_OUTCOME", "PERSON", String.valueOf(row.personId()),
				null, "task " + id + ": " + status, "API", null));
		return new Task(row.id(), row.kind(), row.personId(), null, null, null, row.assigneePath(), row.priority(),
				row.dueAt(), row.status(), false, row.outcome(), row.note(), row.updatedAt(), row.updatedBy());
	}

	static void requireWorker(Caller caller) {
		if (WORKERS.stream().noneMatch(caller::has)) {
			throw new ForbiddenException("role", "tasks are for grid workers, informants and the command");
		}
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	/**
	 * A task at a door.
	 *
	 * @param id the task
	 * @param kind what it is
	 * @param personId the person to visit
	 * @param maskedName their masked name
	 * @param phone their phone (masked unless the caller may see phones in full)
	 * @param address their home
	 * @param assigneePath the micro-grid or grid it is assigned to
	 * @param priority 1 (most urgent) to 3
	 * @param dueAt when due
	 * @param status {@code OPEN}, {@code ACCEPTED}, {@code DONE}, {@code UNREACHABLE},
	 * {@code ESCALATED} or {@code CANCELLED}
	 * @param overdue open past its due time
	 * @param outcome the outcome's code
	 * @param note a note
	 * @param updatedAt last change
	 * @param updatedBy by whom
	 */
	public record Task(long id, TaskKind kind, long personId, String maskedName, String phone, String address,
			String assigneePath, int priority, Instant dueAt, String status, boolean overdue, String outcome,
			String note, Instant updatedAt, String updatedBy) {
	}

	/**
	 * A visit's outcome.
	 *
	 * @param status {@code ACCEPTED} (taken on), {@code DONE} or {@code UNREACHABLE}
	 * @param outcome a short code, e.g. {@code TESTED_AT_SITE}, {@code AWAY},
	 * {@code REFUSES} (at most 64 characters)
	 * @param note at most 500 characters
	 */
	public record Outcome(String status, String outcome, String note) {
	}

}
