package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.epigrid.shared.health.CaseStatusChanged;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.shared.health.InboundFromRiskCity;
import org.epigrid.shared.health.QuarantineStatusChanged;
import org.epigrid.shared.health.RiskCityVisited;
import org.epigrid.shared.health.TestResultRecorded;
import org.epigrid.shared.health.TestingRoundMissed;
import org.epigrid.shared.health.VaccinationRecorded;
import org.epigrid.shared.health.ZoneResidenceChanged;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the facts the colour rules read, from the events of the modules that learn them,
 * and computes the persons' codes again at once. Each listener runs in its own
 * transaction after the publisher's has committed; an event not yet handled when the
 * platform stops is handled after the restart. Times only move forward: an older event
 * arriving late does not undo a newer one.
 */
@Component
class FactListener {

	private final JdbcClient jdbc;

	private final StatusEngine engine;

	private final Clock clock;

	FactListener(JdbcClient jdbc, StatusEngine engine, Clock clock) {
		this.jdbc = jdbc;
		this.engine = engine;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(CaseStatusChanged event) {
		set(List.of(event.personId()), "case_status", name(event.status()), event.getClass());
	}

	@ApplicationModuleListener
	void on(ContactStatusChanged event) {
		set(List.of(event.personId()), "contact_level", name(event.level()), event.getClass());
	}

	@ApplicationModuleListener
	void on(QuarantineStatusChanged event) {
		set(List.of(event.personId()), "quarantine", name(event.kind()), event.getClass());
	}

	@ApplicationModuleListener
	void on(ZoneResidenceChanged event) {
		set(event.personIds(), "zone_level", name(event.level()), event.getClass());
	}

	@ApplicationModuleListener
	void on(TestResultRecorded event) {
		upsert(event.personId(), """
				tested_at = GREATEST(code_fact.tested_at, EXCLUDED.tested_at),
				negative_test_at = GREATEST(code_fact.negative_test_at, EXCLUDED.negative_test_at)""",
				"tested_at, negative_test_at", "CAST(:t AS timestamptz), CAST(:n AS timestamptz)",
				Timestamp.from(event.sampledAt()), event.negative() ? Timestamp.from(event.sampledAt()) : null,
				event.getClass());
	}

	@ApplicationModuleListener
	void on(TestingRoundMissed event) {
		upsert(event.personId(), "missed_round_at = GREATEST(code_fact.missed_round_at, EXCLUDED.missed_round_at)",
				"missed_round_at", "CAST(:t AS timestamptz)", Timestamp.from(event.deadline()), null, event.getClass());
	}

	@ApplicationModuleListener
	void on(InboundFromRiskCity event) {
		travel("inbound_at", "inbound_city",
				event.arrivals().stream().map(a -> new Travel(a.personId(), a.city(), a.arrivedAt())).toList(),
				event.getClass());
	}

	@ApplicationModuleListener
	void on(RiskCityVisited event) {
		travel("risk_trip_at", "risk_trip_city",
				event.visits().stream().map(v -> new Travel(v.personId(), v.city(), v.at())).toList(),
				event.getClass());
	}

	@ApplicationModuleListener
	void on(VaccinationRecorded event) {
		upsert(event.personId(), """
				vaccine_doses = GREATEST(code_fact.vaccine_doses, EXCLUDED.vaccine_doses),
				vaccinated_at = GREATEST(code_fact.vaccinated_at, EXCLUDED.vaccinated_at)""",
				"vaccinated_at, vaccine_doses", "CAST(:t AS timestamptz), CAST(:n AS smallint)",
				Timestamp.from(event.at()), (short) event.doses(), event.getClass());
	}

	/** Sets a status fact (last decision wins) for some persons. */
	private void set(List<Long> personIds, String column, String value, Class<?> cause) {
		// column is one of the fixed names above
		this.jdbc.sql("""
				INSERT INTO code_fact (person_id, %1$s, updated_at)
				SELECT id, CAST(:v AS text), :now FROM unnest(CAST(:ids AS bigint[])) AS id
				ON CONFLICT (person_id) DO UPDATE SET %1$s = EXCLUDED.%1$s, updated_at = EXCLUDED.updated_at
				""".formatted(column))
			.param("v", value)
			.param("now", Timestamp.from(this.clock.instant()))
			.param("ids", personIds.toArray(Long[]::new))
			.update();
		recompute(personIds, cause);
	}

	private void upsert(long personId, String update, String columns, String values, Object t, Object n,
			Class<?> cause) {
		this.jdbc.sql("""
				INSERT INTO code_fact (person_id, %s, updated_at) VALUES (:id, %s, :now)
				ON CONFLICT (person_id) DO UPDATE SET %s, updated_at = EXCLUDED.updated_at
				""".formatted(columns, values, update))
			.param("id", personId)
			.param("t", t)
			.param("n", n)
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		recompute(List.of(personId), cause);
	}

	/**
	 * Sets a travel fact (the latest time and its city) for a batch of persons in one
	 * statement, then computes their codes again chunk by chunk.
	 */
	private void travel(String atColumn, String cityColumn, List<Travel> travels, Class<?> cause) {
		if (travels.isEmpty()) {
			return;
		}
		// the columns are one of the fixed pairs above; a person's latest entry of the
		// batch wins (one row per person: ON CONFLICT may touch a row once)
		this.jdbc.sql("""
				INSERT INTO code_fact (person_id, %1$s, %2$s, updated_at)
				SELECT DISTINCT ON (t.id) t.id, CAST(t.at AS timestamptz), t.city, :now
				FROM unnest(CAST(:ids AS bigint[]), CAST(:ats AS text[]), CAST(:cities AS text[])) AS t(id, at, city)
				ORDER BY t.id, CAST(t.at AS timestamptz) DESC
				ON CONFLICT (person_id) DO UPDATE SET
				  %2$s = CASE WHEN code_fact.%1$s > EXCLUDED.%1$s THEN code_fact.%2$s ELSE EXCLUDED.%2$s END,
				  %1$s = GREATEST(code_fact.%1$s, EXCLUDED.%1$s), updated_at = EXCLUDED.updated_at
				""".formatted(atColumn, cityColumn))
			.param("ids", travels.stream().map(Travel::personId).toArray(Long[]::new))
			.param("ats", travels.stream().map(t -> t.at().toString()).toArray(String[]::new))
			.param("cities", travels.stream().map(Travel::city).toArray(String[]::new))
			.param("now", Timestamp.from(this.clock.instant()))
			.update();
		recompute(travels.stream().map(Travel::personId).distinct().toList(), cause);
	}

	/** A person in a city at a time. */
	private record Travel(long personId, String city, java.time.Instant at) {
	}

	private void recompute(List<Long> personIds, Class<?> cause) {
		for (int from = 0; from < personIds.size(); from += StatusEngine.CHUNK) {
			this.engine.recompute(personIds.subList(from, Math.min(personIds.size(), from + StatusEngine.CHUNK)),
					cause.getSimpleName());
		}
	}

	private static String name(Enum<?> value) {
		return (value == null) ? null : value.name();
	}

}
