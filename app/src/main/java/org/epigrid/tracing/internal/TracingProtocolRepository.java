package org.epigrid.tracing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.epigrid.tracing.ContactDefinitions;
import org.epigrid.tracing.TracingProtocolManagement.Protocol;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The versions of the contact definitions ({@code tracing_protocol}).
 */
@Repository
public class TracingProtocolRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = "version, name, rules, note, created_at, created_by";

	private final JdbcClient jdbc;

	TracingProtocolRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The version in force.
	 * @return the newest
	 */
	public Protocol current() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tracing_protocol ORDER BY version DESC LIMIT 1")
			.query((rs, i) -> protocol(rs))
			.single();
	}

	/**
	 * Every version, newest first.
	 * @return the versions
	 */
	public List<Protocol> versions() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tracing_protocol ORDER BY version DESC")
			.query((rs, i) -> protocol(rs))
			.list();
	}

	/**
	 * Adds a version after the newest (two at once: one waits for the other's lock).
	 * @param name its name
	 * @param definitions the checked definitions
	 * @param note why
	 * @param by who
	 * @param now when
	 * @return the version
	 */
	public Protocol add(String name, ContactDefinitions definitions, String note, String by, Instant now) {
		this.jdbc.sql("LOCK TABLE tracing_protocol IN SHARE ROW EXCLUSIVE MODE").update();
		return this.jdbc
			.sql("""
					INSERT INTO tracing_protocol (version, name, rules, note, created_at, created_by)
					SELECT COALESCE(max(version), 0) + 1, :name, CAST(:rules AS jsonb), :note, :now, :by FROM tracing_protocol
					RETURNING %s"""
				.formatted(COLUMNS))
			.param("name", name)
			.param("rules", JSON.writeValueAsString(definitions))
			.param("note", note)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.query((rs, i) -> protocol(rs))
			.single();
	}

	private static Protocol protocol(ResultSet rs) throws SQLException {
		return new Protocol(rs.getInt("version"), rs.getString("name"),
				JSON.readValue(rs.getString("rules"), ContactDefinitions.class), rs.getString("note"),
				rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"));
	}

}
