package org.epigrid.codes.internal.status;

import java.time.Clock;
import java.util.List;
import java.util.Set;

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

	/** The facts any test result sets. */
	private static final Set<Fact> TEST_TIMES = Set.of(Fact.TESTED_AT, Fact.NEGATIVE_TEST_AT);

	private final CodeFactWriter facts;

	private final StatusEngine engine;

	private final ProtocolStore protocols;

	private final Clock clock;

	FactListener(CodeFactWriter facts, StatusEngine engine, ProtocolStore protocols, Clock clock) {
		this.facts = facts;
		this.engine = engine;
		this.protocols = protocols;
		this.clock = clock;
	}

	/**
	 * Reads the rules in force before any fact is written: on a new database the first
	 * use installs them, and two listeners that each held their persons' facts while
	 * waiting for the other's uncommitted first version deadlocked (a contact's and a
	 * test result's, on the demo town's first start), losing an event until the next
	 * restart.
	 */
	private void rulesFirst() {
		this.protocols.current();
	}

	@ApplicationModuleListener
	void on(CaseStatusChanged event) {
		rulesFirst();
		set(List.of(event.personId()), Fact.CASE_STATUS, name(event.status()), event.getClass());
	}

	@ApplicationModuleListener
	void on(ContactStatusChanged event) {
		rulesFirst();
		if (event.personIds().isEmpty()) {
			return;
		}
		set(event.personIds().stream().distinct().toList(), Fact.CONTACT_LEVEL, name(event.level()), event.getClass());
	}

	@ApplicationModuleListener
	void on(QuarantineStatusChanged event) {
		rulesFirst();
		set(List.of(event.personId()), Fact.QUARANTINE, name(event.kind()), event.getClass());
	}

	@ApplicationModuleListener
	void on(ZoneResidenceChanged event) {
		rulesFirst();
		set(event.personIds(), Fact.ZONE_LEVEL, name(event.level()), event.getClass());
	}

	@ApplicationModuleListener
	void on(TestResultRecorded event) {
		rulesFirst();
		if (event.results().isEmpty()) {
			return;
		}
		// a person whose facts are test times alone keeps the code of a person without
		// facts if the rules in force say so: such persons are not computed again
		Set<Fact> indifferent = this.engine.indifferentTo(TEST_TIMES) ? TEST_TIMES : Set.of();
		recompute(this.facts.tests(event.results(), indifferent, this.clock.instant()), event.getClass());
	}

	@ApplicationModuleListener
	void on(TestingRoundMissed event) {
		rulesFirst();
		if (event.personIds().isEmpty()) {
			return;
		}
		this.facts.missedRound(event.personIds(), event.deadline(), this.clock.instant());
		recompute(event.personIds().stream().distinct().toList(), event.getClass());
	}

	@ApplicationModuleListener
	void on(InboundFromRiskCity event) {
		rulesFirst();
		travel(CodeFactWriter.Trip.INBOUND,
				event.arrivals()
					.stream()
					.map(a -> new CodeFactWriter.Travel(a.personId(), a.city(), a.arrivedAt()))
					.toList(),
				event.getClass());
	}

	@ApplicationModuleListener
	void on(RiskCityVisited event) {
		rulesFirst();
		travel(CodeFactWriter.Trip.RISK_CITY,
				event.visits().stream().map(v -> new CodeFactWriter.Travel(v.personId(), v.city(), v.at())).toList(),
				event.getClass());
	}

	@ApplicationModuleListener
	void on(VaccinationRecorded event) {
		rulesFirst();
		this.facts.vaccination(event.personId(), event.at(), event.doses(), this.clock.instant());
		recompute(List.of(event.personId()), event.getClass());
	}

	/** Sets a status fact (last decision wins) for some persons. */
	private void set(List<Long> personIds, Fact fact, String value, Class<?> cause) {
		this.facts.setStatus(personIds, fact, value, this.clock.instant());
		recompute(personIds, cause);
	}

	/**
	 * Sets a travel fact (the latest time and its city) for a batch of persons in one
	 * statement, then computes their codes again chunk by chunk.
	 */
	private void travel(CodeFactWriter.Trip trip, List<CodeFactWriter.Travel> travels, Class<?> cause) {
		if (travels.isEmpty()) {
			return;
		}
		this.facts.travel(trip, travels, this.clock.instant());
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
