package org.epigrid.testing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.epigrid.population.Division;
import org.epigrid.population.DivisionManagement;
import org.epigrid.security.Caller;
import org.epigrid.testing.LabResultManagement.Delivery;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SamplingSiteManagement.StatusReport;
import org.epigrid.testing.internal.DemoSampleWriter;
import org.epigrid.testing.internal.lab.LabResult;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How testing shows itself in the demo town: its candidate places become sampling sites
 * (most open, some with queues, one busy, some closed), a round that ended yesterday with
 * its results in (its untested are reported as having missed it), and a round running
 * today with about half sampled, results for most of the tubes: negatives, one positive
 * pooled tube (ten persons recalled) and two invalid tubes (to resample). Samples are
 * written set-based; results go through the same path as a lab's.
 */
@Service
public class TestingDemo {

	/** The demo's lab. */
	public static final String LAB = "演示市疾控中心实验室";

	private final SamplingSiteManagement sites;

	private final TestingRoundManagement rounds;

	private final LabResultManagement results;

	private final DemoSampleWriter samples;

	private final DivisionManagement divisions;

	private final Clock clock;

	TestingDemo(SamplingSiteManagement sites, TestingRoundManagement rounds, LabResultManagement results,
			DemoSampleWriter samples, DivisionManagement divisions, Clock clock) {
		this.sites = sites;
		this.rounds = rounds;
		this.results = results;
		this.samples = samples;
		this.divisions = divisions;
		this.clock = clock;
	}

	/**
	 * Sets up the demo's sites and rounds.
	 * @param admin the caller the demo acts as (an admin of the whole country)
	 * @param candidates the town's candidate sites
	 * @return the sites' ids, in the order of the candidates
	 */
	@Transactional
	public List<Long> load(Caller admin, List<NewSite> candidates) {
		Instant now = this.clock.instant();
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < candidates.size(); i++) {
			SamplingSite site = this.sites.register(admin, candidates.get(i));
			ids.add(site.id());
			SiteStatus status = (i % 10 == 9) ? SiteStatus.CLOSED
					: (i % 10 == 8) ? SiteStatus.PAUSED : (i == 3) ? SiteStatus.BUSY : SiteStatus.OPEN;
			int queue = status.sampling() ? ((i * 37) % 60) + ((i == 3) ? site.capacityPerHour() : 0) : 0;
			this.sites.report(admin, site.id(), new StatusReport(status, queue));
		}
		List<Long> town = this.divisions.top(admin).stream().map(Division::id).toList();
		TestingRound finished = this.rounds.start(admin,
				new TestingRoundManagement.NewRound("第1轮全员核酸检测", now.minus(Duration.ofHours(30)),
						now.minus(Duration.ofHours(18)), RoundPopulation.ALL, List.of(), List.of(), 10, 0, town));
		List<String> done = this.samples.sample(finished.id(), 96, finished.startsAt(), finished.endsAt(), "demo");
		deliver(done, List.of(), List.of(), now.minus(Duration.ofHours(16)));
		TestingRound running = this.rounds.start(admin,
				new TestingRoundManagement.NewRound("第2轮全员核酸检测", now.minus(Duration.ofHours(4)),
						now.plus(Duration.ofHours(8)), RoundPopulation.ALL, List.of(), List.of(), 10, 7, town));
		List<String> today = this.samples.sample(running.id(), 45, running.startsAt(), now.minus(Duration.ofMinutes(5)),
				"demo");
		List<String> tested = today.subList(0, today.size() * 7 / 10);
		int middle = tested.size() / 2;
		deliver(tested, List.of(tested.get(middle)), List.of(tested.get(3), tested.get(middle + 7)),
				now.minus(Duration.ofMinutes(30)));
		return ids;
	}

	private void deliver(List<String> tubes, List<String> positive, List<String> invalid, Instant testedAt) {
		List<LabResult> list = new ArrayList<>();
		for (String tube : tubes) {
			TubeOutcome outcome = positive.contains(tube) ? TubeOutcome.POSITIVE
					: invalid.contains(tube) ? TubeOutcome.INVALID : TubeOutcome.NEGATIVE;
			list.add(new LabResult(tube, outcome, (outcome == TubeOutcome.POSITIVE) ? new BigDecimal("27.40") : null,
					LAB, testedAt));
		}
		for (int from = 0; from < list.size(); from += 10_000) {
			this.results.receive(new Delivery("API", LAB, null, "demo",
					list.subList(from, Math.min(list.size(), from + 10_000)), List.of()));
		}
	}

}
