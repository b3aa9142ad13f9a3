package org.epigrid.codes.internal.card;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.epigrid.codes.CodeCardManagement.Card;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Printed code cards ({@code code_card}): issued, and revoked once (lost, replaced). The
 * holder's masked name is not stored here: callers pass it in.
 */
@Repository
public class CodeCardRepository {

	private static final String SELECT = "SELECT id, person_id, issued_at, issued_by, expires_at, revoked_at, revoked_by FROM code_card";

	private final JdbcClient jdbc;

	CodeCardRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Issues a card.
	 * @param personId the holder
	 * @param at when
	 * @param by who (user name)
	 * @param expiresAt until when it verifies
	 * @return the card number
	 */
	public long issue(long personId, Instant at, String by, Instant expiresAt) {
		return this.jdbc.sql("""
				INSERT INTO code_card (person_id, issued_at, issued_by, expires_at)
				VALUES (:p, :at, :by, :expires) RETURNING id
				""")
			.param("p", personId)
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("expires", Timestamp.from(expiresAt))
			.query(Long.class)
			.single();
	}

	/**
	 * Revokes a holder's cards but one (a new card replaces the older ones).
	 * @param personId the holder
	 * @param keptId the card that stays
	 * @param at when
	 * @param by who
	 * @return how many were revoked
	 */
	public int revokeAllBut(long personId, long keptId, Instant at, String by) {
		return this.jdbc.sql("""
				UPDATE code_card SET revoked_at = :at, revoked_by = :by
				WHERE person_id = :p AND id <> :id AND revoked_at IS NULL
				""").param("at", Timestamp.from(at)).param("by", by).param("p", personId).param("id", keptId).update();
	}

	/**
	 * Revokes a card not yet revoked.
	 * @param id the card
	 * @param at when
	 * @param by who
	 * @return {@code false} if it was revoked already
	 */
	public boolean revoke(long id, Instant at, String by) {
		return this.jdbc
			.sql("UPDATE code_card SET revoked_at = :at, revoked_by = :by WHERE id = :id AND revoked_at IS NULL")
			.param("at", Timestamp.from(at))
			.param("by", by)
			.param("id", id)
			.update() == 1;
	}

	/**
	 * The holder of a card.
	 * @param id the card
	 * @return the person, empty if there is no such card
	 */
	public Optional<Long> holderOf(long id) {
		return this.jdbc.sql("SELECT person_id FROM code_card WHERE id = :id")
			.param("id", id)
			.query(Long.class)
			.optional();
	}

	/**
	 * One card.
	 * @param id the card, which exists
	 * @param maskedName its holder's masked name
	 * @return the card
	 */
	public Card get(long id, String maskedName) {
		return this.jdbc.sql(SELECT + " WHERE id = :id")
			.param("id", id)
			.query((rs, i) -> card(rs, maskedName))
			.single();
	}

	/**
	 * A holder's cards, newest first.
	 * @param personId the holder
	 * @param maskedName their masked name
	 * @return the cards, revoked ones included
	 */
	public List<Card> ofHolder(long personId, String maskedName) {
		return this.jdbc.sql(SELECT + " WHERE person_id = :p ORDER BY id DESC")
			.param("p", personId)
			.query((rs, i) -> card(rs, maskedName))
			.list();
	}

	/**
	 * Whether a card read at a gate still stands: it exists, is the person's and is not
	 * revoked.
	 * @param id the card
	 * @param personId the person its token names
	 * @return {@code true} if it verifies
	 */
	public boolean stands(long id, long personId) {
		return this.jdbc
			.sql("SELECT EXISTS (SELECT 1 FROM code_card WHERE id = :id AND person_id = :p AND revoked_at IS NULL)")
			.param("id", id)
			.param("p", personId)
			.query(Boolean.class)
			.single();
	}

	private static Card card(java.sql.ResultSet rs, String maskedName) throws java.sql.SQLException {
		Timestamp revoked = rs.getTimestamp("revoked_at");
		return new Card(rs.getLong("id"), rs.getLong("person_id"), maskedName, rs.getTimestamp("issued_at").toInstant(),
				rs.getString("issued_by"), rs.getTimestamp("expires_at").toInstant(),
				(revoked != null) ? revoked.toInstant() : null, rs.getString("revoked_by"));
	}

}
