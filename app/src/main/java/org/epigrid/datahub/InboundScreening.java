package org.epigrid.datahub;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.epigrid.datahub.internal.RecordPlaces;
import org.epigrid.population.IdentityLookup;
import org.epigrid.population.IdentityLookup.Place;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inbound screening (来X必知, MISSION A7, A8): given an outbreak city, a look-back window
 * and optionally the ID numbers of an assistance letter, finds the persons who came from
 * the city, are booked to come, or are placed there, from the imported rail, air, road
 * and telecom records and assistance letters.
 * <p>
 * Per person (a linked person, else an ID number, else a single unlinked record):
 * <ul>
 * <li>a <em>placement</em> is an assistance letter whose risk area contains the city, or
 * a travel or roaming record whose destination contains the city, in the window; being on
 * the given list is a placement without a time;</li>
 * <li>an <em>arrival</em> counts if it is from the city, or from anywhere for a placed
 * person, and comes after the latest timed placement;</li>
 * <li>{@link InboundStatus#ABOUT_TO_RETURN} if a counting arrival lies after now, else
 * {@link InboundStatus#RETURNED} if one lies in the window, else
 * {@link InboundStatus#STILL_AWAY} if placed, else (listed, nothing recorded)
 * {@link InboundStatus#UNKNOWN}.</li>
 * </ul>
 * Place names match by containment ("湖北省武汉市" contains "武汉"). Records without a time say
 * nothing about the window and are not used, except letters without an exposure time,
 * which count by the time they were imported. Arrivals booked more than
 * {@value #MAX_DAYS_AHEAD} days ahead are not seen yet.
 * <p>
 * Each place name is stored once ({@code record_place}); a record carries a key per place
 * field and day ({@link RecordPlaces}), so the screening looks up the names containing
 * the city in the small dictionary, then the records of their keys in the window.
 * <p>
 * The screening is set-based: one statement classifies everybody, one more places the
 * linked persons, limited to the caller's jurisdiction. A linked person outside it is
 * left out; an unlinked record is seen by callers whose jurisdiction covers its
 * importer's. A listed ID number that the caller may not see is reported as
 * {@link InboundStatus#UNKNOWN}, exactly as if nothing were recorded.
 */
@Service
public class InboundScreening {

	/** The longest look-back window, in days. */
	public static final int MAX_DAYS = 60;

	/**
	 * How many days ahead a booked arrival from the city counts as about to return (rail
	 * tickets sell 15 days ahead; later bookings are seen once they come closer).
	 */
	public static final int MAX_DAYS_AHEAD = 90;

	/** The most ID numbers one screening takes. */
	public static final int MAX_ID_NUMBERS = 100_000;

	private static final int MAX_REPORTED_ERRORS = 20;

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

	private static final Comparator<ScreenedPerson> ORDER = Comparator
		.comparing(ScreenedPerson::gridPath, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(ScreenedPerson::status)
		.thenComparing(ScreenedPerson::name, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(ScreenedPerson::idNumber, Comparator.nullsLast(Comparator.naturalOrder()));

	private final JdbcClient jdbc;

	private final IdentityLookup identities;

	private final PrivacyPolicy privacy;

	private final AuditManagement audit;

	private final Clock clock;

	InboundScreening(JdbcClient jdbc, IdentityLookup identities, PrivacyPolicy privacy, AuditManagement audit,
			Clock clock) {
		this.jdbc = jdbc;
		this.identities = identities;
		this.privacy = privacy;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Screens for persons from an outbreak city, with ID numbers and phones masked.
	 * @param caller the caller; only persons in their jurisdiction are returned
	 * @param city the outbreak city, e.g. {@code 武汉}; required, at least two characters
	 * @param days the look-back window in days, 1–{@value #MAX_DAYS}
	 * @param idNumbers ID numbers from an assistance letter, may be {@code null} or
	 * empty; blanks are ignored, at most {@value #MAX_ID_NUMBERS}
	 * @return the screening, never {@code null}
	 * @throws FieldErrorsException naming {@code city}, {@code days} or
	 * {@code idNumbers[i]} for refused input
	 */
	@Transactional(readOnly = true)
	public Screening screen(Caller caller, String city, int days, List<String> idNumbers) {
		return run(caller, city, days, idNumbers, false);
	}

	/**
	 * Screens for persons from an outbreak city for grid workers who have to call them:
	 * phones in full if {@link PrivacyPolicy#mayUnmaskPhone} allows it for the caller, ID
	 * numbers masked. The access is written to the audit log.
	 * @param caller the caller; only persons in their jurisdiction are returned
	 * @param city the outbreak city; as for {@link #screen}
	 * @param days the look-back window in days; as for {@link #screen}
	 * @return the screening, never {@code null}
	 * @throws FieldErrorsException naming {@code city} or {@code days} for refused input
	 */
	@Transactional
	public Screening screenForCalls(Caller caller, String city, int days) {
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		Screening screening = run(caller, city, days, List.of(), fullPhone);
		this.audit.record(caller,
				new View("EXPORT_INBOUND_SCREENING", "INBOUND_SCREENING", screening.city() + "/" + days,
						screening.persons().size() + " persons" + (fullPhone ? ", full phones" : ""),
						"inbound screening", "EXPORT", null));
		return screening;
	}

	private Screening run(Caller caller, String city, int days, List<String> idNumbers, boolean fullPhone) {
		String place = (city == null) ? "" : city.strip();
		List<FieldError> errors = new ArrayList<>();
		if (place.codePointCount(0, place.length()) < 2) {
			errors.add(new FieldError("city", "is required, at least two characters"));
		}
		else if (place.length() > 100) {
			errors.add(new FieldError("city", "is longer than 100 characters"));
		}
		if (days < 1 || days > MAX_DAYS) {
			errors.add(new FieldError("days", "must be between 1 and " + MAX_DAYS));
		}
		Set<String> listed = listed(idNumbers, errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Instant now = this.clock.instant();
		Instant start = now.minus(Duration.ofDays(days));
		Map<String, Long> registered = this.identities.byIdNumber(listed);
		PathPrefix jurisdiction = caller.jurisdiction();
		// a big city's window is tens of thousands of records: keep its bitmaps exact
		this.jdbc.sql("SET LOCAL work_mem = '64MB'").update();
		long[] keys = placeKeys(place, start, now);
		List<Row> rows = this.jdbc.sql(SQL)
			.param("city", place)
			.param("start", Timestamp.from(start))
			.param("now", Timestamp.from(now))
			.param("keys", keys)
			.param("listedIds", listed.toArray(String[]::new))
			.param("listedPersons", listed.stream().map(registered::get).toArray(Long[]::new))
			.param("lo", jurisdiction.lower())
			.param("hi", jurisdiction.upper())
			.query((rs, i) -> row(rs))
			.list();
		Map<Long, Place> places = this.identities
			.places(rows.stream().map(Row::personId).filter(Objects::nonNull).toList(), jurisdiction);
		List<ScreenedPerson> persons = new ArrayList<>();
		for (Row row : rows) {
			ScreenedPerson person = visible(row, places, fullPhone);
			if (person != null) {
				persons.add(person);
			}
		}
		persons.sort(ORDER);
		Map<InboundStatus, Long> counts = new EnumMap<>(InboundStatus.class);
		for (InboundStatus status : InboundStatus.values()) {
			counts.put(status, 0L);
		}
		persons.forEach(p -> counts.merge(p.status(), 1L, Long::sum));
		return new Screening(place, days, start, now, counts, persons);
	}

	/**
	 * The place keys ({@link RecordPlaces}) of every place name containing the city on
	 * every day of the window: arrivals from it up to {@value #MAX_DAYS_AHEAD} days
	 * ahead, trips to it and letters naming it up to now.
	 */
	private long[] placeKeys(String city, Instant start, Instant now) {
		List<Long> places = this.jdbc.sql("""
				SELECT id FROM record_place
				WHERE datahub_bigrams(name) @> datahub_bigrams(CAST(:city AS text)) AND strpos(name, :city) > 0
				""").param("city", city).query(Long.class).list();
		LocalDate first = RecordPlaces.day(start);
		LocalDate today = RecordPlaces.day(now);
		LocalDate last = today.plusDays(MAX_DAYS_AHEAD);
		long[] keys = new long[places.size()
				* (int) (3 * (today.toEpochDay() - first.toEpochDay() + 1) + (last.toEpochDay() - today.toEpochDay()))];
		int k = 0;
		for (long place : places) {
			for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
				keys[k++] = RecordPlaces.key(RecordPlaces.ORIGIN, place, day);
				if (!day.isAfter(today)) {
					keys[k++] = RecordPlaces.key(RecordPlaces.DESTINATION, place, day);
					keys[k++] = RecordPlaces.key(RecordPlaces.RISK_AREA, place, day);
				}
			}
		}
		return keys;
	}

	/**
	 * What the caller may see of a row: all of it, only the listed ID number they gave
	 * (as {@link InboundStatus#UNKNOWN}), or nothing.
	 */
	private static ScreenedPerson visible(Row row, Map<Long, Place> places, boolean fullPhone) {
		Place place = (row.personId() != null) ? places.get(row.personId()) : null;
		boolean visible = (row.personId() != null) ? place != null
				: (row.importerVisible() || row.evidence().isEmpty());
		if (!visible) {
			return row.listed() ? new ScreenedPerson(null, null, Masking.idNumber(row.listedId()), null,
					InboundStatus.UNKNOWN, null, null, null, null, null, List.of()) : null;
		}
		String idNumber = (row.idNumber() != null) ? row.idNumber() : row.listedId();
		// information completion: a record without a phone takes the base's, so that the
		// grid worker can call
		String phone = (row.phone() != null) ? row.phone() : (place != null) ? place.phone() : null;
		return new ScreenedPerson(row.personId(), row.name(), Masking.idNumber(idNumber),
				fullPhone ? phone : Masking.phone(phone), row.status(), row.latestArrival(), row.origin(),
				row.destination(), (place != null) ? place.gridName() : null, (place != null) ? place.gridPath() : null,
				row.evidence());
	}

	private static Set<String> listed(List<String> idNumbers, List<FieldError> errors) {
		Set<String> listed = new LinkedHashSet<>();
		if (idNumbers == null) {
			return listed;
		}
		if (idNumbers.size() > MAX_ID_NUMBERS) {
			errors.add(new FieldError("idNumbers", "has more than " + MAX_ID_NUMBERS + " entries"));
			return listed;
		}
		int refused = 0;
		for (int i = 0; i < idNumbers.size(); i++) {
			String raw = idNumbers.get(i);
			if (raw == null || raw.isBlank()) {
				continue;
			}
			try {
				listed.add(new IdNumber(raw).value());
			}
			catch (InvalidValueException ex) {
				if (++refused <= MAX_REPORTED_ERRORS) {
					errors.add(new FieldError("idNumbers[" + i + "]", ex.getMessage()));
				}
			}
		}
		if (refused > MAX_REPORTED_ERRORS) {
			errors.add(new FieldError("idNumbers",
					(refused - MAX_REPORTED_ERRORS) + " more invalid ID numbers not listed"));
		}
		return listed;
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

	private record Row(Long personId, boolean listed, String listedId, String name, String idNumber, String phone,
			InboundStatus status, Instant latestArrival, String origin, String destination,
			List<ScreenedPerson.Evidence> evidence, boolean importerVisible) {
	}

}
