package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.epigrid.codes.CodeAppealManagement.Appeal;
import org.epigrid.codes.Colour;
import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The appeals against health codes ({@code code_appeal}). An appeal is {@code OPEN} until
 * decided once ({@link #decide}).
 */
@Repository
public class AppealRepository {

	private static final String SELECT = """
			SELECT id, person_id, person_path, submitted_at, submitted_by, colour, star, reasons, statement, state,
			       decided_at, decided_by, answer, cleared_facts FROM code_appeal""";

	private final JdbcClient jdbc;

	AppealRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Whether a person has an appeal still being reviewed.
	 * @param personId the person
	 * @return {@code true} if one is open
	 */
	public boolean hasOpen(long personId) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM code_appeal WHERE person_id = :p AND state = 'OPEN')")
			.param("p", personId)
			.query(Boolean.class)
			.single();
	}

	/**
	 * Files an open appeal.
	 * @param appeal what is appealed and why
	 * @return its id
	 */
	public long add(NewAppeal appeal) {
		return this.jdbc.sql("""
				INSERT INTO code_appeal (person_id, person_path, submitted_at, submitted_by, colour, star, reasons,
				                         statement, state)
				VALUES (:p, :path, :at, :by, :colour, :star, :reasons, :statement, 'OPEN') RETURNING id
				""")
			.param("p", appeal.personId())
			.param("path", appeal.personPath())
			.param("at", Timestamp.from(appeal.submittedAt()))
			.param("by", appeal.submittedBy())
			.param("colour", appeal.colour().ordinal())
			.param("star", appeal.star())
			.param("reasons", appeal.reasons().toArray(String[]::new))
			.param("statement", appeal.statement())
			.query(Long.class)
			.single();
	}

	/**
	 * One appeal.
	 * @param id its id
	 * @return the appeal, empty if there is none
	 */
	public Optional<Appeal> find(long id) {
		return this.jdbc.sql(SELECT + " WHERE id = :id").param("id", id).query((rs, i) -> appeal(rs)).optional();
	}

	/**
	 * A person's latest appeals, newest first.
	 * @param personId the person
	 * @return at most 50
	 */
	public List<Appeal> ofPerson(long personId) {
		return this.jdbc.sql(SELECT + " WHERE person_id = :p ORDER BY submitted_at DESC LIMIT 50")
			.param("p", personId)
			.query((rs, i) -> appeal(rs))
			.list();
	}

	/**
	 * Open appeals of persons living in a jurisdiction, oldest first.
	 * @param jurisdiction the range of paths
	 * @return at most 200
	 */
	public List<Appeal> openIn(PathPrefix jurisdiction) {
		return this.jdbc
			.sql(SELECT + " WHERE state = 'OPEN' AND person_path >= :lo AND person_path < :hi"
					+ " ORDER BY submitted_at LIMIT 200")
			.param("lo", jurisdiction.lower())
			.param("hi", jurisdiction.upper())
			.query((rs, i) -> appeal(rs))
			.list();
	}

	/**
	 * Decides an open appeal: {@code CORRECTED} or {@code REJECTED}.
	 * @param id the appeal
	 * @param corrected whether the facts were corrected
	 * @param at when
	 * @param by who decided (user name)
	 * @param answer what the resident is told
	 * @param clearedFacts the keys of the facts found wrong
	 * @return {@code false} if the appeal was not open (decided meanwhile)
	 */
	public boolean decide(long id, boolean corrected, Instant at, String by, String answer, List<String> clearedFacts) {
		return this.jdbc.sql("""
				UPDATE code_appeal SET state = :state, decided_at = :at, decided_by = :by, answer = :answer,
				  cleared_facts = :facts WHERE id = :id AND state = 'OPEN'
				""")
			.param("state", corrected ? "CORRECTED" : "REJECTED")
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("answer", answer)
			.param("facts", clearedFacts.toArray(String[]::new))
			.param("id", id)
			.update() == 1;
	}

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
	 * An appeal to file.
	 *
	 * @param personId whose code
	 * @param personPath where the person lives
	 * @param submittedAt when
	 * @param submittedBy who files it
	 * @param colour the colour appealed against
	 * @param star the star appealed against
	 * @param reasons the reason codes appealed against
	 * @param statement why the code is wrong
	 */
	public record NewAppeal(long personId, String personPath, Instant submittedAt, String submittedBy, Colour colour,
			boolean star, List<String> reasons, String statement) {
	}

}
