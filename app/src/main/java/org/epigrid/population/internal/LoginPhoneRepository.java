package org.epigrid.population.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Persons' phones and whether each is a verified login phone.
 */
@Repository
public class LoginPhoneRepository {

	private final JdbcClient jdbc;

	LoginPhoneRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A person's phone inside a jurisdiction, locked for a change.
	 * @param personId the person
	 * @param jurisdiction the caller's jurisdiction
	 * @return the phone as it stands; empty if there is no such person in it
	 */
	public Optional<PhoneRow> lock(long personId, PathPrefix jurisdiction) {
		return this.jdbc.sql("""
				SELECT id, name, phone, phone_verified, phone_source FROM person
				WHERE id = :id AND path >= :lo AND path < :hi AND merged_into IS NULL
				FOR UPDATE
				""")
			.param("id", personId)
			.param("lo", jurisdiction.lower())
			.param("hi", jurisdiction.upper())
			.query((rs, i) -> new PhoneRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
					rs.getString(5)))
			.optional();
	}

	/**
	 * Stores a verified login phone.
	 * @param personId the person
	 * @param phone the normalised phone
	 * @param source where it comes from, e.g. {@code STAFF}
	 * @param at when
	 */
	public void verify(long personId, String phone, String source, Instant at) {
		this.jdbc.sql("""
				UPDATE person SET phone = :phone, phone_verified = TRUE, phone_source = :source, updated_at = :at
				WHERE id = :id
				""")
			.param("id", personId)
			.param("phone", phone)
			.param("source", source)
			.param("at", Timestamp.from(at))
			.update();
	}

	/**
	 * A person's phone as stored.
	 *
	 * @param personId the person
	 * @param name their name
	 * @param phone the phone, may be {@code null}
	 * @param verified whether it is a login phone
	 * @param source where it came from, may be {@code null}
	 */
	public record PhoneRow(long personId, String name, String phone, boolean verified, String source) {
	}

}
