package org.epigrid.datahub;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.epigrid.population.PersonDetail;
import org.epigrid.population.PersonCompletion;
import org.epigrid.population.PersonCompletion.Completion;
import org.epigrid.population.PersonManagement;
import org.epigrid.population.PersonManagement.Access;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The person dossier (一人一档, MISSION A5, A6): the base record and every source record
 * linked to the person. Every view is audited (through the person view it starts with)
 * and limited to the caller's jurisdiction.
 */
@Service
public class DossierManagement {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PersonManagement persons;

	private final PersonCompletion completion;

	private final PrivacyPolicy privacy;

	private final JdbcClient jdbc;

	private final Clock clock;

	DossierManagement(PersonManagement persons, PersonCompletion completion, PrivacyPolicy privacy, JdbcClient jdbc,
			Clock clock) {
		this.persons = persons;
		this.completion = completion;
		this.privacy = privacy;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A person's dossier.
	 * @param caller the caller
	 * @param personId the person
	 * @param access why and through which channel; recorded in the audit log
	 * @return the dossier
	 * @throws NotFoundException if the person does not exist or lies outside the
	 * jurisdiction
	 */
	@Transactional
	public Dossier dossier(Caller caller, long personId, Access access) {
		PersonDetail person = this.persons.view(caller, personId,
				new Access("dossier: " + access.purpose(), access.channel(), access.clientIp()));
		boolean fullId = this.privacy.mayUnmaskIdNumber(caller);
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		List<Dossier.Entry> timeline = this.jdbc.sql("""
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
			Map<String, Object> stored = JSON.readValue(rs.getString("fields"),
					new TypeReference<LinkedHashMap<String, Object>>() {
					});
			stored.keySet().removeAll(Set.of("name", "idNumber", "phone"));
			fields.putAll(stored);
			java.sql.Timestamp occurred = rs.getTimestamp("occurred_at");
			return new Dossier.Entry(rs.getLong("id"), rs.getString("code"), rs.getString("name"),
					rs.getString("department"), DataCategory.valueOf(rs.getString("category")),
					occurred == null ? null : occurred.toInstant(), rs.getTimestamp("created_at").toInstant(),
					rs.getLong("job_id"), rs.getString("link_method"), rs.getObject("link_score", Float.class), fields,
					occurred == null ? null : occurred.toInstant().atZone(this.clock.getZone()).toLocalDateTime());
		}).list();
		List<Dossier.SourceCount> sources = this.jdbc.sql("""
				SELECT s.code, s.name, s.department, count(*) AS records
				FROM source_record r JOIN data_source s ON s.id = r.source_id
				WHERE r.person_id = :person
				GROUP BY s.code, s.name, s.department ORDER BY count(*) DESC, s.code
				""")
			.param("person", personId)
			.query((rs, i) -> new Dossier.SourceCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
			.list();
		List<Completion> completions = this.completion.completions(personId)
			.stream()
			.map(c -> (c.field() == PersonCompletion.Field.PHONE && !fullPhone)
					? new Completion(c.field(), Masking.phone(c.value()), c.source(), c.reference(), c.method(),
							c.score(), c.recordedAt(), c.filledAt())
					: c)
			.toList();
		return new Dossier(person, sources, timeline, completions);
	}

	/**
	 * A person's own journeys into the city reported by transport and telecom sources
	 * (inbound traveller lists) since a time, newest first: for their travel record (行程),
	 * shown to the person themselves.
	 * @param personId the person
	 * @param since the earliest arrival
	 * @return at most 100 journeys
	 */
	public List<Trip> tripsOf(long personId, java.time.Instant since) {
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

	/**
	 * One journey into the city.
	 *
	 * @param arrivedAt when
	 * @param originCity from where, as the source wrote it
	 * @param transport how (rail, air, road), may be {@code null}
	 * @param trainOrFlight the train or flight, may be {@code null}
	 * @param source which list reported it
	 */
	public record Trip(java.time.Instant arrivedAt, String originCity, String transport, String trainOrFlight,
			String source) {
	}

}
