package org.epigrid.testing;

import java.util.List;
import java.util.Set;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo town shows testing on its first start: its candidate places are sampling sites
 * with live status, a round finished yesterday whose untested missed it, and a round
 * running now with progress, an untested list, a recall and tubes to resample.
 */
@IntegrationTest
@TestPropertySource(properties = { "epigrid.demo.testing=true", "epigrid.demo.tracing=true" })
class TestingDemoIntegrationTests {

	private static final Caller ADMIN = new Caller(0, "test", "Test", Set.of(Role.ADMIN), "/");

	@Autowired
	SamplingSiteManagement sites;

	@Autowired
	TestingRoundManagement rounds;

	@Autowired
	MissedRounds missed;

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	JdbcClient jdbc;

	@Test
	void theDemoTownHasSitesAFinishedRoundAndARunningOne() {
		List<SamplingSite> all = this.sites.all();
		long candidates = this.jdbc.sql("SELECT count(*) FROM demo_sampling_site_candidate").query(Long.class).single();
		assertThat(all).hasSize((int) candidates).isNotEmpty();
		assertThat(all).anyMatch(s -> s.status() == SiteStatus.OPEN && s.waitMinutes() != null);
		assertThat(all).allMatch(s -> s.code().matches("\\d+-\\d{3}"));

		List<TestingRound> list = this.rounds.list(ADMIN, new PageRequest(0, 10)).items();
		assertThat(list).hasSize(2);
		TestingRound running = list.get(0);
		TestingRound finished = list.get(1);
		assertThat(running.stage(java.time.Instant.now())).isEqualTo("RUNNING");
		assertThat(finished.stage(java.time.Instant.now())).isEqualTo("FINISHED");

		TestingRoundManagement.Row now = this.rounds.progress(ADMIN, running.id(), null).total();
		assertThat(now.required()).isEqualTo(running.required()).isPositive();
		assertThat(now.percent()).isBetween(30.0, 60.0);
		assertThat(now.recall()).isBetween(1L, 10L);
		assertThat(now.resample()).isPositive();
		assertThat(now.negative()).isPositive();
		assertThat(this.rounds.list(ADMIN, running.id(), RoundList.UNTESTED, null, new PageRequest(0, 10), "API", null)
			.items()).hasSize(10);
		long recalled = this.rounds
			.list(ADMIN, running.id(), RoundList.RECALL, null, new PageRequest(0, 10), "API", null)
			.items()
			.get(0)
			.personId();
		await().atMost(java.time.Duration.ofSeconds(5))
			.until(() -> this.codes.status(recalled).colour() == Colour.YELLOW);

		TestingRoundManagement.Row yesterday = this.rounds.progress(ADMIN, finished.id(), null).total();
		assertThat(yesterday.percent()).isBetween(90.0, 99.9);
		assertThat(yesterday.negative()).isEqualTo(yesterday.sampled());
		// its untested are reported once (by the scheduler, or here)
		this.missed.reportDue();
		long untested = this.rounds
			.list(ADMIN, finished.id(), RoundList.UNTESTED, null, new PageRequest(0, 1), "API", null)
			.items()
			.get(0)
			.personId();
		await().atMost(java.time.Duration.ofSeconds(5))
			.until(() -> this.codes.status(untested)
				.reasons()
				.stream()
				.anyMatch(r -> r.code().equals("MISSED_TESTING_ROUND") || r.code().equals("POOLED_POSITIVE_RECALL")));
	}

}
