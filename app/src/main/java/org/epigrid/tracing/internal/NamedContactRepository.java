package org.epigrid.tracing.internal;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.List;

import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.NamedContact;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The persons cases named ({@code tracing_named_contact}).
 */
@Repository
public class NamedContactRepository {

	private final JdbcClient jdbc;

	NamedContactRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a named contact.
	 * @param c the contact (its id ignored; phone and ID number unmasked)
	 * @return its id
	 */
	public long insert(NamedContact c) {
		return this.jdbc
			.sql("""
					INSERT INTO tracing_named_contact (case_id, name, phone, id_number, relation, exposed_at, level, person_id,
					                                   resolved_by, created_at, created_by)
					VALUES (:case, :name, :phone, :id, :relation, :at, :level, :person, :resolved, :created, :by) RETURNING id""")
			.param("case", c.caseId())
			.param("name", c.name())
			.param("phone", c.phone())
			.param("id", c.idNumber())
			.param("relation", c.relation())
			.param("at", Timestamp.from(c.exposedAt()))
			.param("level", c.level().name())
			.param("person", c.personId())
			.param("resolved", c.resolvedBy())
			.param("created", Timestamp.from(c.createdAt()))
			.param("by", c.createdBy())
			.query(Long.class)
			.single();
	}

	/**
	 * The named contacts of cases, unmasked (the caller masks what it shows).
	 * @param caseIds the cases
	 * @return by case and entry
	 */
	public List<NamedContact> ofCases(Collection<Long> caseIds) {
		return this.jdbc
			.sql("""
					SELECT id, case_id, name, phone, id_number, relation, exposed_at, level, person_id, resolved_by, created_at,
					       created_by
					  FROM tracing_named_contact WHERE case_id = ANY(CAST(:ids AS bigint[])) ORDER BY case_id, id""")
			.param("ids", caseIds.stream().distinct().toArray(Long[]::new))
			.query((rs, i) -> new NamedContact(rs.getLong("id"), rs.getLong("case_id"), rs.getString("name"),
					rs.getString("phone"), rs.getString("id_number"), rs.getString("relation"),
					rs.getTimestamp("exposed_at").toInstant(), ContactLevel.valueOf(rs.getString("level")),
					rs.getObject("person_id", Long.class), rs.getString("resolved_by"),
					rs.getTimestamp("created_at").toInstant(), rs.getString("created_by")))
			.list();
	}

}
