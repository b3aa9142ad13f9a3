package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.epigrid.codes.CodeProtocolManagement.Version;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The versions of the colour rules ({@code code_protocol}): added, never changed. The
 * rules in force and their cache are {@link ProtocolStore}'s.
 */
@Repository
public class ProtocolRepository {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String SELECT = "SELECT version, disease, rules::text, note, created_at, created_by FROM code_protocol";

	private final JdbcClient jdbc;

	ProtocolRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return the newest version, 0 if there is none
	 */
	public int newest() {
		return this.jdbc.sql("SELECT COALESCE(max(version), 0) FROM code_protocol").query(Integer.class).single();
	}

	/**
	 * Stores the first version unless there is one already.
	 * @param rules the rules
	 * @param note what they are
	 * @param at when
	 */
	public void addFirst(RuleSet rules, String note, Instant at) {
		this.jdbc.sql("""
				INSERT INTO code_protocol (version, disease, rules, note, created_at, created_by)
				VALUES (1, :disease, CAST(:rules AS jsonb), :note, :at, 'system')
				ON CONFLICT (version) DO NOTHING
				""")
			.param("disease", rules.disease())
			.param("rules", rules.json())
			.param("note", note)
			.param("at", Timestamp.from(at))
			.update();
	}

	/**
	 * Stores the next version.
	 * @param rules the checked rules
	 * @param note what changed
	 * @param at when
	 * @param by who
	 * @return the new version
	 */
	public int addNext(RuleSet rules, String note, Instant at, String by) {
		return this.jdbc.sql("""
				INSERT INTO code_protocol (version, disease, rules, note, created_at, created_by)
				SELECT max(version) + 1, :disease, CAST(:rules AS jsonb), :note, :at, :by FROM code_protocol
				RETURNING version
				""")
			.param("disease", rules.disease())
			.param("rules", rules.json())
			.param("note", note)
			.param("at", Timestamp.from(at))
			.param("by", by)
			.query(Integer.class)
			.single();
	}

	/**
	 * The document of a version.
	 * @param version the version, which exists
	 * @return its rules as stored (JSON)
	 */
	public String rulesOf(int version) {
		return this.jdbc.sql("SELECT rules::text FROM code_protocol WHERE version = :v")
			.param("v", version)
			.query(String.class)
			.single();
	}

	/**
	 * One version.
	 * @param version the version, which exists
	 * @return it
	 */
	public Version get(int version) {
		return this.jdbc.sql(SELECT + " WHERE version = :v").param("v", version).query((rs, i) -> version(rs)).single();
	}

	/**
	 * @return every version, newest first
	 */
	public List<Version> all() {
		return this.jdbc.sql(SELECT + " ORDER BY version DESC").query((rs, i) -> version(rs)).list();
	}

	private static Version version(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Version(rs.getInt(1), rs.getString(2), JSON.readTree(rs.getString(3)), rs.getString(4),
				rs.getTimestamp(5).toInstant(), rs.getString(6));
	}

}
