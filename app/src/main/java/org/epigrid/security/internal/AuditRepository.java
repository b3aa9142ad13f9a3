package org.epigrid.security.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.epigrid.security.AuditManagement.Entry;
import org.epigrid.security.AuditManagement.Filter;
import org.epigrid.security.AuditManagement.View;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The audit log in {@code audit_log}: written, never changed.
 */
@Repository
public class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Adds an entry.
	 * @param at when
	 * @param username who
	 * @param view what and why
	 */
	public void insert(Instant at, String username, View view) {
		this.jdbc
			.sql("""
					INSERT INTO audit_log (at, username, action, subject_type, subject_id, subject_label, purpose, channel, client_ip)
					VALUES (:at, :username, :action, :subjectType, :subjectId, :subjectLabel, :purpose, :channel, :clientIp)
					""")
			.param("at", Timestamp.from(at))
			.param("username", username)
			.param("action", view.action())
			.param("subjectType", view.subjectType())
			.param("subjectId", view.subjectId())
			.param("subjectLabel", view.subjectLabel())
			.param("purpose", view.purpose())
			.param("channel", view.channel())
			.param("clientIp", view.clientIp())
			.update();
	}

	/**
	 * Entries, newest first.
	 * @param filter what to show; {@code null} fields match everything
	 * @param limit at most so many
	 * @param offset after so many
	 * @param zone the zone of the entries' local times
	 * @return the entries
	 */
	public List<Entry> browse(Filter filter, int limit, long offset, ZoneId zone) {
		return this.jdbc.sql("""
				SELECT id, at, username, action, subject_type, subject_id, subject_label, purpose, channel, client_ip
				FROM audit_log
				WHERE (CAST(:username AS text) IS NULL OR username = :username)
				  AND (CAST(:subjectType AS text) IS NULL OR subject_type = :subjectType)
				  AND (CAST(:subjectId AS text) IS NULL OR subject_id = :subjectId)
				  AND (CAST(:from AS date) IS NULL OR at >= CAST(:from AS date))
				ORDER BY at DESC, id DESC
				LIMIT :limit OFFSET :offset
				""")
			.param("username", filter.username())
			.param("subjectType", filter.subjectType())
			.param("subjectId", filter.subjectId())
			.param("from", filter.from())
			.param("limit", limit)
			.param("offset", offset)
			.query((rs, i) -> new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("username"),
					rs.getString("action"), rs.getString("subject_type"), rs.getString("subject_id"),
					rs.getString("subject_label"), rs.getString("purpose"), rs.getString("channel"),
					rs.getString("client_ip"), rs.getTimestamp("at").toInstant().atZone(zone).toLocalDateTime()))
			.list();
	}

}
