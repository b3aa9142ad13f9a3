package org.epigrid.codes.internal.resident;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Residents' one-time login codes ({@code resident_login_code}): one per phone, stored
 * hashed, locked while read (callers hold a transaction).
 */
@Repository
public class LoginCodeRepository {

	private final JdbcClient jdbc;

	LoginCodeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * When the phone's code was sent, the row locked until the transaction ends.
	 * @param phone the normalised phone
	 * @return when, empty if no code is stored
	 */
	public Optional<Instant> lockSentAt(String phone) {
		return this.jdbc.sql("SELECT sent_at FROM resident_login_code WHERE phone = :p FOR UPDATE")
			.param("p", phone)
			.query(Timestamp.class)
			.optional()
			.map(Timestamp::toInstant);
	}

	/**
	 * Stores a new code for a phone in place of any other, with no wrong attempts.
	 * @param phone the normalised phone
	 * @param codeHash the code's hash
	 * @param sentAt when it is sent
	 * @param expiresAt until when it is valid
	 */
	public void replace(String phone, String codeHash, Instant sentAt, Instant expiresAt) {
		this.jdbc.sql("""
				INSERT INTO resident_login_code (phone, code_hash, sent_at, expires_at, attempts)
				VALUES (:p, :h, :now, :exp, 0)
				ON CONFLICT (phone) DO UPDATE SET code_hash = EXCLUDED.code_hash, sent_at = EXCLUDED.sent_at,
				  expires_at = EXCLUDED.expires_at, attempts = 0
				""")
			.param("p", phone)
			.param("h", codeHash)
			.param("now", Timestamp.from(sentAt))
			.param("exp", Timestamp.from(expiresAt))
			.update();
	}

	/**
	 * The phone's code, the row locked until the transaction ends.
	 * @param phone the normalised phone
	 * @return the code, empty if none is stored
	 */
	public Optional<Pending> lock(String phone) {
		return this.jdbc
			.sql("SELECT code_hash, expires_at, attempts FROM resident_login_code WHERE phone = :p FOR UPDATE")
			.param("p", phone)
			.query((rs, i) -> new Pending(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getInt(3)))
			.optional();
	}

	/**
	 * Counts a wrong attempt.
	 * @param phone the normalised phone
	 */
	public void countWrongAttempt(String phone) {
		this.jdbc.sql("UPDATE resident_login_code SET attempts = attempts + 1 WHERE phone = :p")
			.param("p", phone)
			.update();
	}

	/**
	 * Forgets the phone's code (used up).
	 * @param phone the normalised phone
	 */
	public void delete(String phone) {
		this.jdbc.sql("DELETE FROM resident_login_code WHERE phone = :p").param("p", phone).update();
	}

	/**
	 * A stored code.
	 *
	 * @param hash the code's hash
	 * @param expiresAt until when it is valid
	 * @param attempts wrong attempts so far
	 */
	public record Pending(String hash, Instant expiresAt, int attempts) {
	}

}
