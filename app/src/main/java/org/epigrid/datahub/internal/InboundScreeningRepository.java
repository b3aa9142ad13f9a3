package org.epigrid.datahub.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.InboundStatus;
import org.epigrid.datahub.ScreenedPerson;
import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of the inbound screening ({@code InboundScreening}, which explains what
 * they find): one classifies everybody tied to a city in a window, set-based.
 */
@Repository
public class InboundScreeningRepository {

	private static final String SQL = """
			WITH tie AS (
				SELECT r.id, r.person_id, r.id_number FROM source_record r
				WHERE r.place_keys && CAST(:keys AS bigint[])
				  AND CASE r.category
				      WHEN 'INBOUND_TRAVELLER' THEN r.occurred_at >= :start
				           AND (strpos(r.fields ->> 'originCity', :city) > 0
				                OR (r.occurred_at <= :now AND strpos(r.fields ->> 'destination', :city) > 0))
				      WHEN 'ASSISTANCE_LETTER' THEN strpos(r.fields ->> 'riskArea', :city) > 0
				           AND coalesce(r.occurred_at, r.created_at) >= :start
				           AND coalesce(r.occurred_at, r.created_at) <= :now
				      ELSE FALSE END
			),
			keyed AS (
				SELECT t.person_id, CASE WHEN t.person_id IS NULL THEN t.id_number END AS id_number,
				       CASE WHEN t.person_id IS NULL AND t.id_number IS NULL THEN t.id END AS record_id,
				       FALSE AS listed, NULL AS listed_id
				FROM tie t
				UNION ALL
				SELECT l.person_id, CASE WHEN l.person_id IS NULL THEN l.id_number END, NULL, TRUE, l.id_number
				FROM unnest(CAST(:listedIds AS text[]), CAST(:listedPersons AS bigint[])) AS l(id_number, person_id)
			),
			keys AS (
				SELECT coalesce('p' || person_id, 'i' || id_number, 'r' || record_id) AS k,
				       min(person_id) AS person_id, min(id_number) AS id_number, min(record_id) AS record_id,
				       bool_or(listed) AS listed, min(listed_id) AS listed_id
				FROM keyed
				GROUP BY 1
			),
			-- what classifies a key: its arrivals in the window (the index on person and time
			-- reads nothing older) and its letters (an index of their own)
			candidates AS (
				SELECT k.k, k.listed, r.* FROM keys k JOIN source_record r ON r.person_id = k.person_id
				WHERE k.person_id IS NOT NULL AND r.category = 'INBOUND_TRAVELLER' AND r.occurred_at >= :start
				UNION ALL
				SELECT k.k, k.listed, r.* FROM keys k JOIN source_record r ON r.person_id = k.person_id
				WHERE k.person_id IS NOT NULL AND r.category = 'ASSISTANCE_LETTER'
				UNION ALL
				SELECT k.k, k.listed, r.* FROM keys k JOIN source_record r ON r.id_number = k.id_number AND r.person_id IS NULL
				WHERE k.person_id IS NULL AND r.category IN ('INBOUND_TRAVELLER', 'ASSISTANCE_LETTER')
				UNION ALL
				SELECT k.k, k.listed, r.* FROM keys k JOIN source_record r ON r.id = k.record_id
			),
			flagged AS (
				SELECT c.k, c.listed, c.id, c.source_id, c.job_id, c.category, c.name, c.id_number, c.phone, c.occurred_at,
				       c.fields,
				       (c.category = 'INBOUND_TRAVELLER' AND c.occurred_at >= :start) AS arrival,
				       (c.category = 'INBOUND_TRAVELLER' AND c.occurred_at >= :start
				        AND strpos(c.fields ->> 'originCity', :city) > 0) AS from_city,
				       c.id IN (SELECT id FROM tie)
				        AND NOT (c.category = 'INBOUND_TRAVELLER' AND strpos(c.fields ->> 'originCity', :city) > 0) AS placement
				FROM candidates c
			),
			scored AS (
				SELECT f.*,
				       f.arrival AND (f.from_city OR f.listed OR bool_or(f.placement) OVER w)
				        AND f.occurred_at > coalesce(max(f.occurred_at) FILTER (WHERE f.placement) OVER w, '-infinity')
				        AS counts
				FROM flagged f
				WHERE f.arrival OR f.placement
				WINDOW w AS (PARTITION BY f.k)
			),
			-- every key once more without a record, so that keys with no records (listed, nothing
			-- recorded) stay; a UNION, not a join of keys and records, whose sizes the planner
			-- cannot estimate (it chose a nested loop of 33,000 x 32,000 once)
			all_rows AS (
				SELECT s.k, CAST(NULL AS bigint) AS key_person, FALSE AS key_listed, CAST(NULL AS text) AS key_listed_id,
				       s.id, s.source_id, s.job_id, s.category, s.name, s.id_number, s.phone, s.occurred_at, s.fields,
				       s.from_city, s.placement, s.counts
				FROM scored s
				UNION ALL
				SELECT k.k, k.person_id, k.listed, k.listed_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
				       FALSE, FALSE, FALSE
				FROM keys k
			)
			SELECT s.k, max(s.key_person) AS person_id, bool_or(s.key_listed) AS listed, max(s.key_listed_id) AS listed_id,
			       (array_agg(s.name ORDER BY s.occurred_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.name IS NOT NULL))[1] AS name,
			       (array_agg(s.id_number ORDER BY s.occurred_at DESC NULLS LAST, s.id DESC)
			          FILTER (WHERE s.id_number IS NOT NULL))[1] AS id_number,
			       (array_agg(s.phone ORDER BY s.occurred_at DESC NULLS LAST, s.id DESC) FILTER (WHERE s.phone IS NOT NULL))[1] AS phone,
			       CASE WHEN bool_or(s.counts AND s.occurred_at > :now) THEN 'ABOUT_TO_RETURN'
			            WHEN bool_or(s.counts) THEN 'RETURNED'
			            WHEN bool_or(s.placement) THEN 'STILL_AWAY'
			            ELSE 'UNKNOWN' END AS status,
			       max(s.occurred_at) FILTER (WHERE s.counts) AS latest_arrival,
			       coalesce((array_agg(s.fields ->> 'originCity' ORDER BY s.occurred_at DESC) FILTER (WHERE s.counts))[1],
			                (array_agg(coalesce(s.fields ->> 'riskArea', s.fields ->> 'destination')
			                           ORDER BY s.occurred_at DESC NULLS LAST) FILTER (WHERE s.placement))[1]) AS origin,
			       coalesce((array_agg(s.fields ->> 'destination' ORDER BY s.occurred_at DESC) FILTER (WHERE s.counts))[1],
			                (array_agg(s.fields ->> 'address' ORDER BY s.occurred_at DESC NULLS LAST)
			                   FILTER (WHERE s.placement AND s.category = 'ASSISTANCE_LETTER'))[1]) AS destination,
			       array_agg(s.id ORDER BY s.occurred_at NULLS FIRST, s.id)
			         FILTER (WHERE s.counts OR s.placement OR s.from_city) AS evidence_ids,
			       array_agg(ds.code ORDER BY s.occurred_at NULLS FIRST, s.id)
			         FILTER (WHERE s.counts OR s.placement OR s.from_city) AS evidence_sources,
			       array_agg(s.category ORDER BY s.occurred_at NULLS FIRST, s.id)
			         FILTER (WHERE s.counts OR s.placement OR s.from_city) AS evidence_categories,
			       array_agg(s.occurred_at ORDER BY s.occurred_at NULLS FIRST, s.id)
			         FILTER (WHERE s.counts OR s.placement OR s.from_city) AS evidence_times,
			       coalesce(bool_or(j.jurisdiction >= :lo AND j.jurisdiction < :hi), FALSE) AS importer_visible
			FROM all_rows s
			LEFT JOIN data_source ds ON ds.id = s.source_id
			LEFT JOIN import_job j ON j.id = s.job_id
			GROUP BY s.k
			""";

	private final JdbcClient jdbc;

	InboundScreeningRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The ids of the place names ({@code record_place}) containing a city's name.
	 * @param city the city
	 * @return the ids
	 */
	public List<Long> placesContaining(String city) {
		return this.jdbc.sql("""
				SELECT id FROM record_place
				WHERE datahub_bigrams(name) @> datahub_bigrams(CAST(:city AS text)) AND strpos(name, :city) > 0
				""").param("city", city).query(Long.class).list();
	}

	/**
	 * Classifies everybody tied to a city in a window, one row per person (or ID number,
	 * or unlinked record), in the caller's transaction.
	 * @param city the city
	 * @param start the window's start
	 * @param now the time
	 * @param keys the place keys of the city's names in the window
	 * @param listedIds the listed ID numbers
	 * @param listedPersons their persons, {@code null} where not registered
	 * @param jurisdiction the caller's jurisdiction (for unlinked records' importers)
	 * @return the rows
	 */
	public List<Row> screen(String city, Instant start, Instant now, long[] keys, String[] listedIds,
			Long[] listedPersons, PathPrefix jurisdiction) {
		// a big city's window is tens of thousands of records: keep its bitmaps exact
		this.jdbc.sql("SET LOCAL work_mem = '64MB'").update();
		return this.jdbc.sql(SQL)
			.param("city", city)
			.param("start", Timestamp.from(start))
			.param("now", Timestamp.from(now))
			.param("keys", keys)
			.param("listedIds", listedIds)
			.param("listedPersons", listedPersons)
			.param("lo", jurisdiction.lower())
			.param("hi", jurisdiction.upper())
			.query((rs, i) -> row(rs))
			.list();
	}

	private static Row row(ResultSet rs) throws SQLException {
		List<ScreenedPerson.Evidence> evidence = new ArrayList<>();
		Long[] ids = array(rs.getArray("evidence_ids"), Long[].class);
		if (ids != null) {
			String[] sources = array(rs.getArray("evidence_sources"), String[].class);
			String[] categories = array(rs.getArray("evidence_categories"), String[].class);
			Timestamp[] times = array(rs.getArray("evidence_times"), Timestamp[].class);
			for (int i = 0; i < ids.length; i++) {
				evidence.add(new ScreenedPerson.Evidence(ids[i], sources[i], DataCategory.valueOf(categories[i]),
						(times[i] != null) ? times[i].toInstant() : null));
			}
		}
		Timestamp latest = rs.getTimestamp("latest_arrival");
		return new Row(rs.getObject("person_id", Long.class), rs.getBoolean("listed"), rs.getString("listed_id"),
				rs.getString("name"), rs.getString("id_number"), rs.getString("phone"),
				InboundStatus.valueOf(rs.getString("status")), (latest != null) ? latest.toInstant() : null,
				rs.getString("origin"), rs.getString("destination"), List.copyOf(evidence),
				rs.getBoolean("importer_visible"));
	}

	private static <T> T array(Array array, Class<T> type) throws SQLException {
		return (array != null) ? type.cast(array.getArray()) : null;
	}

	/**
	 * What the screening found of one person, ID number or record, before the caller's
	 * jurisdiction is applied.
	 *
	 * @param personId the linked person, may be {@code null}
	 * @param listed whether on the given list
	 * @param listedId the listed ID number, may be {@code null}
	 * @param name the latest name
	 * @param idNumber the latest ID number
	 * @param phone the latest phone
	 * @param status the status
	 * @param latestArrival the latest counting arrival, may be {@code null}
	 * @param origin where from
	 * @param destination where to
	 * @param evidence the records
	 * @param importerVisible whether the caller's jurisdiction covers an importer's
	 */
	public record Row(Long personId, boolean listed, String listedId, String name, String idNumber, String phone,
			InboundStatus status, Instant latestArrival, String origin, String destination,
			List<ScreenedPerson.Evidence> evidence, boolean importerVisible) {
	}

}
