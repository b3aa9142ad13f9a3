package org.epigrid.security;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.epigrid.security.internal.AuditRepository;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit log: every view of personal data, written before the data is returned
 * (MISSION K3: every access is accountable).
 */
@Service
public class AuditManagement {

	private final AuditRepository log;

	private final Clock clock;

	AuditManagement(AuditRepository log, Clock clock) {
		this.log = log;
		this.clock = clock;
	}

	/**
	 * Records that the caller viewed a subject. Joins the caller's transaction, so that a
	 * view whose audit entry cannot be written fails with it.
	 * @param caller who looked
	 * @param view what was looked at and why
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public void record(Caller caller, View view) {
		record(caller.username(), view);
	}

	/**
	 * Records an event of someone who is not logged in (e.g. {@code anonymous} for a
	 * login lock). Joins the caller's transaction.
	 * @param username who acted, as far as known
	 * @param view what happened and why
	 */
	@Transactional(propagation = Propagation.REQUIRED)
	public void record(String username, View view) {
		this.log.insert(this.clock.instant(), username, view);
	}

	/**
	 * Browses the log, newest first.
	 * @param filter what to show; blank fields match everything
	 * @param page the page
	 * @return one page of entries
	 */
	@Transactional(readOnly = true)
	public Slice<Entry> browse(Filter filter, PageRequest page) {
		Filter given = new Filter(blankToNull(filter.username()), blankToNull(filter.subjectType()),
				blankToNull(filter.subjectId()), filter.from());
		List<Entry> rows = this.log.browse(given, page.size() + 1, page.offset(), this.clock.getZone());
		return Slice.of(rows, page);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * One view to record.
	 *
	 * @param action what was done, e.g. {@code VIEW_PERSON}
	 * @param subjectType the kind of subject, e.g. {@code PERSON}
	 * @param subjectId the subject's id
	 * @param subjectLabel a masked label to make the log readable, may be {@code null}
	 * @param purpose why (stated by the user, or the default of the channel)
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the client address, may be {@code null}
	 */
	public record View(String action, String subjectType, String subjectId, String subjectLabel, String purpose,
			String channel, String clientIp) {
	}

	/**
	 * What to show of the log.
	 *
	 * @param username only this user's views, may be blank
	 * @param subjectType only this kind of subject, may be blank
	 * @param subjectId only this subject, may be blank
	 * @param from only entries on or after this day, may be {@code null}
	 */
	public record Filter(String username, String subjectType, String subjectId, LocalDate from) {
	}

	/**
	 * One entry of the log.
	 *
	 * @param id entry id
	 * @param at when
	 * @param username who
	 * @param action what
	 * @param subjectType kind of subject
	 * @param subjectId subject id
	 * @param subjectLabel masked label
	 * @param purpose why
	 * @param channel WEB or API
	 * @param clientIp client address
	 * @param localAt {@code at} in the platform's time zone
	 */
	public record Entry(long id, Instant at, String username, String action, String subjectType, String subjectId,
			String subjectLabel, String purpose, String channel, String clientIp, java.time.LocalDateTime localAt) {
	}

}
