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

	private final CodeFactWriter facts;

	private final StatusEngine engine;

	private final Clock clock;

	FactListener(CodeFactWriter facts, StatusEngine engine, Clock clock) {
		this.facts = facts;
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
				event.arrivals()
					.stream()
					.map(a -> new CodeFactWriter.Travel(a.personId(), a.city(), a.arrivedAt()))
					.toList(),
				event.getClass());
	}

	@ApplicationModuleListener
	void on(RiskCityVisited event) {
		travel("risk_trip_at", "risk_trip_city",
				event.visits().stream().map(v -> new CodeFactWriter.Travel(v.personId(), v.city(), v.at())).toList(),
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
		this.facts.setStatus(personIds, column, value, this.clock.instant());
		recompute(personIds, cause);
	}

	private void upsert(long personId, String update, String columns, String values, Object t, Object n,
			Class<?> cause) {
		this.facts.upsert(personId, update, columns, values, t, n, this.clock.instant());
		recompute(List.of(personId), cause);
	}

	/**
	 * Sets a travel fact (the latest time and its city) for a batch of persons in one
	 * statement, then computes their codes again chunk by chunk.
	 */
	private void travel(String atColumn, String cityColumn, List<CodeFactWriter.Travel> travels, Class<?> cause) {
		if (travels.isEmpty()) {
			return;
		}
		this.facts.travel(atColumn, cityColumn, travels, this.clock.instant());
		recompute(travels.stream().map(CodeFactWriter.Travel::personId).distinct().toList(), cause);
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
