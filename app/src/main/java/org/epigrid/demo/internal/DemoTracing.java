package org.epigrid.demo.internal;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.epigrid.demo.DemoLoaded;
import org.epigrid.demo.DemoVenue;
import org.epigrid.demo.internal.DemoTownReader.Resident;
import org.epigrid.tracing.CaseClassification;
import org.epigrid.tracing.CaseManagement;
import org.epigrid.tracing.Contact;
import org.epigrid.tracing.ContactManagement;
import org.epigrid.tracing.NewCase;
import org.epigrid.tracing.TopicManagement;
import org.epigrid.tracing.TopicManagement.NewTopic;
import org.epigrid.tracing.TracingCase;
import org.epigrid.tracing.TransferManagement;
import org.epigrid.tracing.TransferManagement.NewTransfer;
import org.epigrid.tracing.TransferManagement.StatusReport;
import org.epigrid.tracing.TransferManagement.Transfer;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.venues.CheckInManagement;
import org.epigrid.venues.CheckInManagement.PastCheckIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Tracing in the demo town: 14 days of check-ins (one worker in seven checks in at their
 * workplace from Monday to Saturday around eight; nearly half the people go to a shop,
 * market, restaurant or clinic of their grid on a day, a few twice) and a small outbreak
 * — an index case found two days ago whose contacts were computed, two of its close
 * contacts positive since, and an unrelated case in another grid — so a newcomer sees
 * cases, contacts with their evidence and their codes on first start. Deterministic by
 * the demo's seed; in the demo load's transaction, after testing and the demo accounts.
 */
@Component
public class DemoTracing {

	private static final Logger log = LoggerFactory.getLogger(DemoTracing.class);

	/** Kinds of venue people work at rather than visit. */
	private static final Set<String> WORKPLACES = Set.of("FACTORY", "OFFICE", "SCHOOL", "KINDERGARTEN", "NURSING_HOME",
			"HOTEL", "BUS_STATION");

	public static final int DAYS = 14;

	/** The share of workers who check in at their workplace. */
	static final double SCANS_AT_WORK = 0.15;

	private final DemoTownReader town;

	private final CheckInManagement checkIns;

	private final CaseManagement cases;

	private final ContactManagement contacts;

	private final TransferManagement transfers;

	private final TopicManagement topics;

	private final DemoProperties properties;

	private final Clock clock;

	DemoTracing(DemoTownReader town, CheckInManagement checkIns, CaseManagement cases, ContactManagement contacts,
			TransferManagement transfers, TopicManagement topics, DemoProperties properties, Clock clock) {
		this.transfers = transfers;
		this.topics = topics;
		this.town = town;
		this.checkIns = checkIns;
		this.cases = cases;
		this.contacts = contacts;
		this.properties = properties;
		this.clock = clock;
	}

	@EventListener
	@Order(3)
	void on(DemoLoaded event) {
		if (!this.properties.tracing()) {
			return;
		}
		long t0 = System.nanoTime();
		List<Resident> residents = this.town.residents();
		List<DemoVenue> venues = this.town.venues();
		if (residents.isEmpty() || venues.isEmpty()) {
			return;
		}
		List<PastCheckIn> history = history(residents, venues, seed(), this.clock.instant(), this.clock);
		this.checkIns.importHistory(history);
		List<TracingCase> opened = outbreak(residents);
		log.info("Demo tracing: {} check-ins over {} days, {} cases in {} ms", history.size(), DAYS, opened.size(),
				(System.nanoTime() - t0) / 1_000_000);
	}

	private long seed() {
		return (this.properties.seed() == null) ? 20220301L : this.properties.seed();
	}

	/** The town's check-ins of the last 14 days, deterministic by the seed. */
	static List<PastCheckIn> history(List<Resident> residents, List<DemoVenue> venues, long seed, Instant now,
			Clock clock) {
		return visits(residents, venues, seed, now, clock).stream()
			.map(v -> new PastCheckIn(v.at(), v.venueId(), v.personId()))
			.toList();
	}

	/**
	 * The town's visits to venues in the last 14 days, deterministic by the seed.
	 * @param residents the persons
	 * @param venues the venues
	 * @param seed the seed
	 * @param now the end
	 * @param clock the zone's clock
	 * @return the visits, person by person
	 */
	public static List<Visit> visits(List<Resident> residents, List<DemoVenue> venues, long seed, Instant now,
			Clock clock) {
		Map<String, Long> workplaces = new HashMap<>();
		Map<Long, List<Long>> shopsOfGrid = new HashMap<>();
		List<Long> shops = new ArrayList<>();
		for (DemoVenue venue : venues) {
			workplaces.putIfAbsent(venue.name(), venue.id());
			if (!WORKPLACES.contains(venue.venueType())) {
				shopsOfGrid.computeIfAbsent(venue.gridId(), g -> new ArrayList<>()).add(venue.id());
				shops.add(venue.id());
			}
		}
		LocalDate today = LocalDate.ofInstant(now, clock.getZone());
		List<Visit> history = new ArrayList<>();
		for (Resident resident : residents) {
			SplittableRandom random = new SplittableRandom(seed * 1_000_003L + resident.personId());
			// most workplaces keep their own attendance: one worker in seven scans a
			// venue
			// code at work (an office, a shop, a clinic that asks for it)
			Long workplace = (resident.workplace() == null || random.nextDouble() >= SCANS_AT_WORK) ? null
					: workplaces.get(resident.workplace());
			List<Long> near = shopsOfGrid.getOrDefault(resident.gridId(), shops);
			for (int d = DAYS - 1; d >= 0; d--) {
				LocalDate day = today.minusDays(d);
				ZonedDateTime midnight = day.atStartOfDay(clock.getZone());
				if (workplace != null && day.getDayOfWeek() != DayOfWeek.SUNDAY && random.nextDouble() < 0.95) {
					add(history, midnight.plusMinutes(450 + random.nextInt(60)), workplace, resident, now);
				}
				int visits = (random.nextDouble() < 0.45) ? ((random.nextDouble() < 0.1) ? 2 : 1) : 0;
				for (int v = 0; v < visits && !near.isEmpty(); v++) {
					add(history, midnight.plusMinutes(480 + random.nextInt(12 * 60)).plusSeconds(random.nextInt(60)),
							near.get(random.nextInt(near.size())), resident, now);
				}
			}
		}
		return history;
	}

	private static Instant earliest(Instant a, Instant b) {
		return a.isBefore(b) ? a : b;
	}

	private static boolean has(Contact contact, String kind) {
		return contact.evidence().stream().anyMatch(e -> e.kind().equals(kind));
	}

	private static void add(List<Visit> history, ZonedDateTime at, long venue, Resident resident, Instant now) {
		if (at.toInstant().isBefore(now)) {
			history.add(new Visit(resident.personId(), venue, at.toInstant()));
		}
	}

	/**
	 * A visit to a venue.
	 *
	 * @param personId who
	 * @param venueId where
	 * @param at when they arrived (checked in)
	 */
	public record Visit(long personId, long venueId, Instant at) {
	}

	/**
	 * An index case positive two days ago with its contacts computed, two of its close
	 * contacts positive yesterday, and an unrelated case elsewhere.
	 */
	private List<TracingCase> outbreak(List<Resident> residents) {
		Instant now = this.clock.instant();
		SplittableRandom random = new SplittableRandom(seed());
		List<Resident> workers = residents.stream().filter(r -> r.workplace() != null).toList();
		if (workers.isEmpty()) {
			return List.of();
		}
		Resident index = workers.get(random.nextInt(workers.size()));
		List<TracingCase> opened = new ArrayList<>();
		TracingCase first = this.cases.open(DemoTesting.DEMO,
				new NewCase(index.personId(), CaseClassification.MILD,
						LocalDate.ofInstant(now.minus(Duration.ofDays(3)), this.clock.getZone()),
						now.minus(Duration.ofDays(2)), "演示：发热门诊报告 Demo: fever clinic report", "演示市人民医院"),
				"WEB", null);
		opened.add(first);
		// the index case went to hospital by 120 ambulance
		Transfer transfer = this.transfers.request(DemoTesting.DEMO, first.id(),
				new NewTransfer(null, "演示市人民医院", "演示：可自行步行 Demo: walks unaided"), "WEB", null);
		for (String step : List.of("DISPATCHED", "PICKED_UP", "ARRIVED")) {
			this.transfers.report(DemoTesting.DEMO, null, transfer.id(),
					new StatusReport(step, null, "演A·120-01", "演示 Demo"));
		}
		List<Contact> close = this.contacts
			.contacts(DemoTesting.DEMO, first.id(), ContactLevel.CLOSE, new PageRequest(0, 50), "WEB", null)
			.items();
		// a household member and, if there is one, someone met at a venue: the overlay
		// of their trajectories shows where
		List<Contact> infected = new ArrayList<>();
		close.stream().filter(c -> has(c, "HOUSEHOLD")).findFirst().ifPresent(infected::add);
		close.stream().filter(c -> !has(c, "HOUSEHOLD") && has(c, "VENUE")).findFirst().ifPresent(infected::add);
		for (int i = 0; i < infected.size(); i++) {
			opened.add(this.cases.open(DemoTesting.DEMO,
					new NewCase(infected.get(i).personId(), (i == 0) ? CaseClassification.ASYMPTOMATIC : null, null,
							now.minus(Duration.ofDays(1)), "演示：密接核酸阳性 Demo: a close contact tested positive", null),
					"WEB", null));
		}
		if (opened.size() > 1) {
			// its infectee waits for the ambulance (no 120 endpoint in the demo: call
			// 120)
			this.transfers.request(DemoTesting.DEMO, opened.get(1).id(), new NewTransfer(null, "演示方舱医院", null), "WEB",
					null);
		}
		Resident elsewhere = residents.stream()
			.filter(r -> r.gridId() != index.gridId())
			.skip(random.nextInt(Math.max(1, residents.size() / 2)))
			.findFirst()
			.orElse(null);
		if (elsewhere != null) {
			opened.add(this.cases.open(DemoTesting.DEMO, new NewCase(elsewhere.personId(), null, null,
					now.minus(Duration.ofHours(6)), "演示：社区筛查阳性 Demo: positive in community screening", null), "WEB",
					null));
		}
		// a screening topic: everyone at the venue where the index case met a close
		// contact,
		// around that time, for the grids to verify
		close.stream()
			.flatMap(c -> c.evidence().stream())
			.filter(e -> "VENUE".equals(e.kind()) && e.venueId() != null)
			.findFirst()
			.ifPresent(e -> this.topics.create(DemoTesting.DEMO,
					new NewTopic("演示专题：" + e.venueName() + " Demo topic", List.of(e.venueId()), null,
							e.exposedFrom().minus(Duration.ofHours(2)),
							earliest(e.exposedFrom().plus(Duration.ofHours(4)), now),
							"演示：指数病例到访 Demo: the index case was there")));
		return opened;
	}

}
