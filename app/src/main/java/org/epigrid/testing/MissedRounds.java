package org.epigrid.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.epigrid.shared.health.TestResultRecorded;
import org.epigrid.shared.health.TestingRoundMissed;
import org.epigrid.testing.internal.RoundPersonReader;
import org.epigrid.testing.internal.RoundRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * After a round's deadline, its untested (due, not exempted, not sampled) are reported to
 * the health codes as {@link TestingRoundMissed}, 10,000 persons an event, once per round
 * (claimed in the same transaction as the events are published, so a restart neither
 * loses nor repeats them).
 */
@Service
public class MissedRounds {

	private static final Logger log = LoggerFactory.getLogger(MissedRounds.class);

	private final RoundRepository rounds;

	private final RoundPersonReader persons;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	MissedRounds(RoundRepository rounds, RoundPersonReader persons, ApplicationEventPublisher events,
			TransactionTemplate transactions, Clock clock) {
		this.rounds = rounds;
		this.persons = persons;
		this.events = events;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * Reports the untested of every round past its deadline not yet reported.
	 * @return persons reported
	 */
	@Scheduled(fixedDelayString = "${epigrid.testing.missed-check:PT1M}", initialDelayString = "PT20S")
	public long reportDue() {
		Instant now = this.clock.instant();
		long total = 0;
		for (long roundId : this.rounds.dueForMissed(now)) {
			Long reported = this.transactions.execute(status -> report(roundId, now));
			total += (reported == null) ? 0 : reported;
		}
		return total;
	}

	private long report(long roundId, Instant now) {
		if (!this.rounds.claimMissed(roundId, now)) {
			return 0;
		}
		TestingRound round = this.rounds.find(roundId, org.epigrid.shared.PathPrefix.of("/")).orElseThrow();
		long count = this.persons.untested(roundId, TestResultRecorded.MAX,
				ids -> this.events.publishEvent(new TestingRoundMissed(roundId, round.endsAt(), ids)));
		log.info("Testing round {} ({}) ended: {} persons untested reported to the health codes", roundId, round.name(),
				count);
		return count;
	}

}
