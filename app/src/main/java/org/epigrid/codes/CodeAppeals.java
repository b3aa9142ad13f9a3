package org.epigrid.codes;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.epigrid.codes.internal.status.Fact;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Appeals (申诉): a resident who thinks their colour is wrong says why; a reviewer in whose
 * jurisdiction they live either rejects it with an answer or corrects the facts that were
 * wrong (e.g. a trip that was only a transit), after which the code is computed again.
 * The appeal keeps the status it was about; the correction is in the code's history with
 * the appeal as its cause, and in the audit log.
 */
@Service
public class CodeAppeals {

	private final JdbcClient jdbc;

	private final HealthCodeManagement codes;

	private final AuditManagement audit;

	private final Clock clock;

	CodeAppeals(JdbcClient jdbc, HealthCodeManagement codes, AuditManagement audit, Clock clock) {
		this.jdbc = jdbc;
		this.codes = codes;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Files an appeal.
	 * @param personId whose code
	 * @param personPath where the person lives (decides who reviews it)
	 * @param submittedBy who files it (a masked phone for a resident, a username for
	 * staff)
	 * @param statement why the code is wrong, 5–1,000 characters
	 * @return the appeal
	 * @throws FieldErrorsException naming {@code statement}
	 * @throws ConflictException if an appeal of the person is still open
	 */
	@Transactional
	public Appeal submit(long personId, String personPath, String submittedBy, String statement) {
		String text = (statement == null) ? "" : statement.strip();
		if (text.length() < 5 || text.length() > 1000) {
			throw FieldErrorsException.of("statement", "say in 5 to 1,000 characters why the code is wrong");
		}
		boolean open = this.jdbc
			.sql("SELECT EXISTS (SELECT 1 FROM code_appeal WHERE person_id = :p AND state = 'OPEN')")
			.param("p", personId)
			.query(Boolean.class)
			.single();
		if (open) {
			throw new ConflictException("personId", "an appeal of this code is already being reviewed");
		}
		CodeStatus status = this.codes.status(personId);
		long id = this.jdbc.sql("""
				INSERT INTO code_appeal (person_id, person_path, submitted_at, submitted_by, colour, star, reasons,
				                         statement, state)
				VALUES (:p, :path, :at, :by, :colour, :star, :reasons, :statement, 'OPEN') RETURNING id
				""")
			.param("p", personId)
			.param("path", personPath)
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", submittedBy)
			.param("colour", status.colour().ordinal())
			.param("star", status.star())
			.param("reasons", status.reasons().stream().map(Reason::code).toArray(String[]::new))
			.param("statement", text)
			.query(Long.class)
			.single();
		return find(id);
	}

	/**
	 * A person's appeals, newest first (for the resident's own page).
	 * @param personId the person
	 * @return the appeals
	 */
	public List<Appeal> ofPerson(long personId) {
		return this.jdbc.sql(SELECT + " WHERE person_id = :p ORDER BY submitted_at DESC LIMIT 50")
			.param("p", personId)
			.query((rs, i) -> appeal(rs))
			.list();
	}

	/**
	 * Open appeals of persons in the reviewer's jurisdiction, oldest first.
	 * @param reviewer an administrator, epidemiologist or data officer
	 * @return at most 200 appeals
	 */
	public List<Appeal> open(Caller reviewer) {
		requireReviewer(reviewer);
		var range = reviewer.jurisdiction();
		return this.jdbc
			.sql(SELECT + " WHERE state = 'OPEN' AND person_path >= :lo AND person_path < :hi"
					+ " ORDER BY submitted_at LIMIT 200")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query((rs, i) -> appeal(rs))
			.list();
	}

	/**
	 * Decides an appeal.
	 * @param reviewer an administrator, epidemiologist or data officer whose jurisdiction
	 * holds the person
	 * @param appealId the appeal
	 * @param corrected {@code true} to correct the facts, {@code false} to reject
	 * @param answer what the resident is told, required
	 * @param clearFacts for a correction, the facts that were wrong (e.g.
	 * {@code riskTripAt})
	 * @param channel {@code WEB} or {@code API}
	 * @param clientIp the reviewer's address
	 * @return the decided appeal
	 * @throws NotFoundException if there is no such appeal in the jurisdiction
	 * @throws ConflictException if it was already decided
	 * @throws FieldErrorsException naming {@code answer} or {@code clearFacts}
	 */
	@Transactional
	public Appeal decide(Caller reviewer, long appealId, boolean corrected, String answer, List<String> clearFacts,
			String channel, String clientIp) {
		requireReviewer(reviewer);
		Appeal appeal = find(appealId);
		if (appeal == null || !reviewer.jurisdiction().contains(appeal.personPath())) {
			throw new NotFoundException("appeal " + appealId);
		}
		if (!"OPEN".equals(appeal.state())) {
			throw new ConflictException("appealId", "appeal " + appealId + " was already decided: " + appeal.state());
		}
		String text = (answer == null) ? "" : answer.strip();
		List<FieldErrorsException.FieldError> errors = new ArrayList<>();
		if (text.isEmpty() || text.length() > 1000) {
			errors.add(new FieldErrorsException.FieldError("answer", "is required, at most 1,000 characters"));
		}
		Set<Fact> facts = new LinkedHashSet<>();
		List<String> names = (clearFacts == null) ? List.of() : clearFacts;
		for (int i = 0; i < names.size(); i++) {
			Fact fact = Fact.byKey(String.valueOf(names.get(i))).orElse(null);
			if (fact == null) {
				errors.add(new FieldErrorsException.FieldError("clearFacts[" + i + "]", "is not a known fact"));
			}
			else {
				facts.add(fact);
			}
		}
		if (corrected && facts.isEmpty() && errors.isEmpty()) {
			errors.add(new FieldErrorsException.FieldError("clearFacts", "name the facts that were wrong"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (corrected) {
			List<String> sets = new ArrayList<>();
			for (Fact fact : facts) {
				sets.add(fact.column() + " = NULL");
				// a time and its city go together
				if (fact == Fact.RISK_TRIP_AT) {
					sets.add(Fact.RISK_TRIP_CITY.column() + " = NULL");
				}
				if (fact == Fact.INBOUND_AT) {
					sets.add(Fact.INBOUND_CITY.column() + " = NULL");
				}
			}
			this.jdbc
				.sql("UPDATE code_fact SET " + String.join(", ", new LinkedHashSet<>(sets))
						+ ", updated_at = :now WHERE person_id = :p")
				.param("now", Timestamp.from(this.clock.instant()))
				.param("p", appeal.personId())
				.update();
			this.codes.recompute(List.of(appeal.personId()), "appeal #" + appealId);
		}
		this.jdbc.sql("""
				UPDATE code_appeal SET state = :state, decided_at = :at, decided_by = :by, answer = :answer,
				  cleared_facts = :facts WHERE id = :id
				""")
			.param("state", corrected ? "CORRECTED" : "REJECTED")
			.param("at", Timestamp.from(this.clock.instant()))
			.param("by", reviewer.username())
			.param("answer", text)
			.param("facts", facts.stream().map(Fact::key).toArray(String[]::new))
			.param("id", appealId)
			.update();
		this.audit.record(reviewer, new AuditManagement.View(corrected ? "CORRECT_CODE" : "REJECT_APPEAL", "PERSON",
				String.valueOf(appeal.personId()), "appeal #" + appealId, "code appeal", channel, clientIp));
		return find(appealId);
	}

	private static void requireReviewer(Caller caller) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.EPIDEMIOLOGIST) && !caller.has(Role.DATA_OFFICER)) {
			throw new ForbiddenException("appeal",
					"only administrators, epidemiologists and data officers review appeals");
		}
	}

	private Appeal find(long id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id")
			.param("id", id)
			.query((rs, i) -> appeal(rs))
			.optional()
			.orElse(null);
	}

	private static final String SELECT = """
			SELECT id, person_id, person_path, submitted_at, submitted_by, colour, star, reasons, statement, state,
			       decided_at, decided_by, answer, cleared_facts FROM code_appeal""";

	private static Appeal appeal(java.sql.ResultSet rs) throws java.sql.SQLException {
		Timestamp decided = rs.getTimestamp("decided_at");
		java.sql.Array cleared = rs.getArray("cleared_facts");
		return new Appeal(rs.getLong("id"), rs.getLong("person_id"), rs.getString("person_path"),
				rs.getTimestamp("submitted_at").toInstant(), rs.getString("submitted_by"),
				Colour.ofRank(rs.getInt("colour")), rs.getBoolean("star"),
				Arrays.asList((String[]) rs.getArray("reasons").getArray()), rs.getString("statement"),
				rs.getString("state"), (decided == null) ? null : decided.toInstant(), rs.getString("decided_by"),
				rs.getString("answer"), (cleared == null) ? List.of() : Arrays.asList((String[]) cleared.getArray()));
	}

	/**
	 * An appeal.
	 *
	 * @param id its id
	 * @param personId whose code
	 * @param personPath where they live
	 * @param submittedAt when filed
	 * @param submittedBy who filed it
	 * @param colour the colour appealed against
	 * @param star the star appealed against
	 * @param reasons the reason codes appealed against
	 * @param statement why the resident thinks it is wrong
	 * @param state {@code OPEN}, {@code CORRECTED} or {@code REJECTED}
	 * @param decidedAt when decided
	 * @param decidedBy by whom
	 * @param answer what the resident is told
	 * @param clearedFacts the facts found wrong and cleared
	 */
	public record Appeal(long id, long personId, String personPath, Instant submittedAt, String submittedBy,
			Colour colour, boolean star, List<String> reasons, String statement, String state, Instant decidedAt,
			String decidedBy, String answer, List<String> clearedFacts) {
	}

}
