package org.epigrid.datahub.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.epigrid.population.PersonCompletion.Field;
import org.epigrid.population.PersonCompletion.Fill;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads an import's stored records for what follows an import (information completion,
 * travel facts), by ranges of record ids: a job's records have the ids between its first
 * and last.
 */
@Repository
class ImportedRecordReader {

	private final JdbcClient jdbc;

	ImportedRecordReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The ids of a completed job's records.
	 * @param jobId the job
	 * @return the range (first exclusive, last inclusive), empty if the job has none
	 */
	Optional<Range> range(long jobId) {
		return this.jdbc.sql("SELECT first_record_id, last_record_id FROM import_job WHERE id = :id")
			.param("id", jobId)
			.query((rs, i) -> new Range(rs.getObject(1, Long.class), rs.getObject(2, Long.class)))
			.optional()
			.filter(r -> r.first() != null && r.last() != null);
	}

	/**
	 * Per person and field, the newest value the job's records in (from, to] give.
	 * @param jobId the job
	 * @param from after this record id
	 * @param to up to this record id
	 * @return the values
	 */
	List<Fill> fills(long jobId, long from, long to) {
		List<Fill> fills = new ArrayList<>();
		this.jdbc.sql("""
				SELECT DISTINCT ON (r.person_id, f.field) r.person_id, f.field, f.value, s.code, r.id,
				       coalesce(r.occurred_at, r.created_at) AS at, s.phones_verified
				FROM source_record r JOIN data_source s ON s.id = r.source_id
				CROSS JOIN LATERAL (VALUES ('PHONE', r.phone), ('ADDRESS', r.fields ->> 'address')) AS f(field, value)
				WHERE r.id > :from AND r.id <= :to AND r.job_id = :job AND r.person_id IS NOT NULL
				  AND f.value IS NOT NULL AND f.value <> ''
				ORDER BY r.person_id, f.field, coalesce(r.occurred_at, r.created_at) DESC, r.id DESC
				""").param("from", from).param("to", to).param("job", jobId).query(rs -> {
			fills.add(new Fill(rs.getLong(1), Field.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
					"record " + rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getBoolean(7)));
		});
		return fills;
	}

	/**
	 * The job's inbound travellers in (from, to] linked to a person who arrived (by now)
	 * from a city whose name contains one of the risk cities ("湖北省武汉市" contains "武汉", as
	 * in the inbound screening).
	 * @param jobId the job
	 * @param from after this record id
	 * @param to up to this record id
	 * @param riskCities the risk cities, not empty
	 * @param now arrivals later than this are bookings, not arrivals
	 * @return the arrivals, with the origin as the source wrote it
	 */
	List<RiskArrival> riskArrivals(long jobId, long from, long to, List<String> riskCities, Instant now) {
		return this.jdbc.sql("""
				SELECT r.person_id, r.fields ->> 'originCity', r.occurred_at
				FROM source_record r
				WHERE r.id > :from AND r.id <= :to AND r.job_id = :job AND r.category = 'INBOUND_TRAVELLER'
				  AND r.person_id IS NOT NULL AND r.occurred_at IS NOT NULL AND r.occurred_at <= :now
				  AND EXISTS (SELECT 1 FROM unnest(CAST(:cities AS text[])) AS c(city)
				              WHERE strpos(r.fields ->> 'originCity', c.city) > 0)
				ORDER BY r.id
				""")
			.param("from", from)
			.param("to", to)
			.param("job", jobId)
			.param("now", Timestamp.from(now))
			.param("cities", riskCities.toArray(String[]::new))
			.query((rs, i) -> new RiskArrival(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
	}

	/**
	 * A job's record ids.
	 *
	 * @param first after this id
	 * @param last up to this id
	 */
	record Range(Long first, Long last) {
	}

	/**
	 * An arrival from a risk city.
	 *
	 * @param personId the person
	 * @param origin where from, as the source wrote it
	 * @param at when
	 */
	record RiskArrival(long personId, String origin, Instant at) {
	}

}
