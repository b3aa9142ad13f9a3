package org.epigrid.datahub.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.type.TypeReference;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.Dossier;
import org.epigrid.datahub.DossierManagement.Trip;
import org.epigrid.shared.Masking;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads a person's source records for their dossier and travel record.
 */
@Repository
public class DossierReader {

	private final JdbcClient jdbc;

	DossierReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A person's records, newest first, identifiers masked unless the caller may see
	 * them.
	 * @param personId the person
	 * @param fullId whether ID numbers are shown in full
	 * @param fullPhone whether phones are shown in full
	 * @param zone the zone of local times
	 * @return the entries
	 */
	public List<Dossier.Entry> timeline(long personId, boolean fullId, boolean fullPhone, ZoneId zone) {
		return this.jdbc.sql("""
				SELECT r.id, s.code, s.name, s.department, r.category, r.occurred_at, r.created_at, r.job_id,
				       r.link_method, r.link_score, r.id_number, r.phone, r.fields::text AS fields
				FROM source_record r JOIN data_source s ON s.id = r.source_id
				WHERE r.person_id = :person
				ORDER BY coalesce(r.occurred_at, r.created_at) DESC, r.id DESC
				""").param("person", personId).query((rs, i) -> {
			// the identifiers first (their own columns), then the category's fields
			Map<String, Object> fields = new LinkedHashMap<>();
			String idNumber = rs.getString("id_number");
			String phone = rs.getString("phone");
			if (idNumber != null) {
				fields.put("idNumber", fullId ? idNumber : Masking.idNumber(idNumber));
			}
			if (phone != null) {
				fields.put("phone", fullPhone ? phone : Masking.phone(phone));
			}
			Map<String, Object> stored = RecordJson.JSON.readValue(rs.getString("fields"),
					new TypeReference<LinkedHashMap<String, Object>>() {
					});
			stored.keySet().removeAll(Set.of("name", "idNumber", "phone"));
			fields.putAll(stored);
			java.sql.Timestamp occurred = rs.getTimestamp("occurred_at");
			return new Dossier.Entry(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
					rs.getString("department"), DataCategory.valueOf(rs.getString("category")),
					occurred == null ? null : occurred.toInstant(), rs.getTimestamp("created_at").toInstant(),
					rs.getLong("job_id"), rs.getString("link_method"), rs.getObject("link_score", Float.class), fields,
					occurred == null ? null : occurred.toInstant().atZone(zone).toLocalDateTime());
		}).list();
	}

	/**
	 * How many records each source has of a person, most first.
	 * @param personId the person
	 * @return the counts
	 */
	public List<Dossier.SourceCount> sources(long personId) {
		return this.jdbc.sql("""
				SELECT s.code, s.name, s.department, count(*) AS records
				FROM source_record r JOIN data_source s ON s.id = r.source_id
				WHERE r.person_id = :person
				GROUP BY s.code, s.name, s.department ORDER BY count(*) DESC, s.code
				""")
			.param("person", personId)
			.query((rs, i) -> new Dossier.SourceCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
			.list();
	}

	/**
	 * A person's journeys into the city since a time, newest first.
	 * @param personId the person
	 * @param since the earliest arrival
	 * @return at most 100 journeys
	 */
	public List<Trip> tripsOf(long personId, Instant since) {
		return this.jdbc
			.sql("""
					SELECT r.occurred_at, r.fields ->> 'originCity', r.fields ->> 'transport', r.fields ->> 'trainOrFlight', s.name
					FROM source_record r JOIN data_source s ON s.id = r.source_id
					WHERE r.person_id = :person AND r.category = 'INBOUND_TRAVELLER' AND r.occurred_at >= :since
					ORDER BY r.occurred_at DESC LIMIT 100
					""")
			.param("person", personId)
			.param("since", java.sql.Timestamp.from(since))
			.query((rs, i) -> new Trip(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
					rs.getString(4), rs.getString(5)))
			.list();
	}

}
