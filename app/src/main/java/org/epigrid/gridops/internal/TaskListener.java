package org.epigrid.gridops.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.epigrid.gridops.TaskKind;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.shared.health.ContactStatusChanged;
import org.epigrid.shared.health.InboundFromRiskCity;
import org.epigrid.shared.health.TestingRoundMissed;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Turns the other modules' batched facts into tasks at the door, one statement per batch:
 * a round's untested residents, new close contacts, arrivals from risk cities. Delivered
 * twice, an event makes no second task (kind, cause and person are the key).
 */
@Component
class TaskListener {

	private final TaskRepository tasks;

	private final GridopsProperties settings;

	private final Clock clock;

	TaskListener(TaskRepository tasks, GridopsProperties settings, Clock clock) {
		this.tasks = tasks;
		this.settings = settings;
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(TestingRoundMissed event) {
		Instant due = event.deadline().plus(this.settings.slaOf(TaskKind.UNTESTED));
		this.tasks.create(TaskKind.UNTESTED, event.personIds(),
				Collections.nCopies(event.personIds().size(), "round:" + event.roundId()),
				Collections.nCopies(event.personIds().size(), due), 2, this.clock.instant());
	}

	@ApplicationModuleListener
	void on(ContactStatusChanged event) {
		if (event.level() != ContactLevel.CLOSE) {
			return;
		}
		// told once that they are a close contact; a second case makes no second visit
		Instant due = event.at().plus(this.settings.slaOf(TaskKind.CLOSE_CONTACT));
		this.tasks.create(TaskKind.CLOSE_CONTACT, event.personIds(),
				Collections.nCopies(event.personIds().size(), "close-contact"),
				Collections.nCopies(event.personIds().size(), due), 1, this.clock.instant());
	}

	@ApplicationModuleListener
	void on(InboundFromRiskCity event) {
		List<Long> persons = new ArrayList<>();
		List<String> causes = new ArrayList<>();
		List<Instant> dues = new ArrayList<>();
		Instant now = this.clock.instant();
		for (InboundFromRiskCity.Arrival arrival : event.arrivals()) {
			persons.add(arrival.personId());
			String city = (arrival.city() == null) ? "" : arrival.city();
			String cause = "arrival:" + LocalDate.ofInstant(arrival.arrivedAt(), this.clock.getZone()) + ":" + city;
			causes.add((cause.length() > 100) ? cause.substring(0, 100) : cause);
			Instant from = arrival.arrivedAt().isAfter(now) ? arrival.arrivedAt() : now;
			dues.add(from.plus(this.settings.slaOf(TaskKind.INBOUND_TRAVELLER)));
		}
		if (!persons.isEmpty()) {
			this.tasks.create(TaskKind.INBOUND_TRAVELLER, persons, causes, dues, 2, now);
		}
	}

}
