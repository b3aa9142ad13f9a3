package org.epigrid.codes.internal.status;

import org.epigrid.codes.internal.CodesProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.epigrid.codes.HealthCodeChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Computes health-code statuses from facts with the rules in force, as set-based SQL: one
 * statement for a set of persons, or for all persons in chunks of ids after a rule
 * change. Only real changes are written to the history and announced.
 */
@Component
public class StatusEngine implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(StatusEngine.class);

	/** Persons per statement in a full recompute. */
	static final int CHUNK = 100_000;

	/** Above this many changes in one statement, no event per person is published. */
	static final int MAX_EVENTS = 1_000;

	private final StatusWriter writer;

	private final ProtocolStore protocols;

	private final StatusCache cache;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Clock clock;

	private final Duration expiryCheck;

	private volatile Default lastDefault;

	StatusEngine(StatusWriter writer, ProtocolStore protocols, StatusCache cache, ApplicationEventPublisher events,
			TransactionTemplate tx, Clock clock, CodesProperties properties) {
		this.expiryCheck = properties.expiryCheck();
		this.writer = writer;
		this.protocols = protocols;
		this.cache = cache;
		this.events = events;
		this.tx = tx;
		this.clock = clock;
	}

	/**
	 * Computes the statuses of some persons again (in the caller's transaction).
	 * @param personIds the persons
	 * @param cause what changed, for the history
	 * @return how many changed colour, star or reasons
	 */
	public int recompute(Collection<Long> personIds, String cause) {
		if (personIds.isEmpty()) {
			return 0;
		}
		// their facts were written: read again even if the colour stays (a new test time)
		List<Long> ids = List.copyOf(personIds);
		this.cache.factsChanged(ids);
		afterCommit(() -> this.cache.evict(ids));
		return run(StatusWriter.Persons.of(personIds.toArray(Long[]::new)), cause);
	}

	/**
	 * Computes every status again, chunk by chunk of person ids, each in its own
	 * transaction.
	 * @param cause what changed, for the history
	 * @return how many changed
	 */
	public int recomputeAll(String cause) {
		Long max = this.writer.lastPersonWithFacts();
		int changed = 0;
		if (max != null) {
			for (long from = 0; from <= max; from += CHUNK) {
				long start = from;
				changed += this.tx.execute(s -> run(StatusWriter.Persons.range(start, start + CHUNK), cause));
			}
		}
		this.cache.clear();
		return changed;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar tasks) {
		// the interval is a setting (CodesProperties.expiryCheck)
		tasks.addFixedDelayTask(new FixedDelayTask(this::recomputeExpired, this.expiryCheck, Duration.ofSeconds(20)));
	}

	/**
	 * Computes again the statuses whose time conditions have flipped (a 14-day window
	 * passed, a test result became too old), every {@code epigrid.codes.expiry-check}.
	 */
	public void recomputeExpired() {
		int changed = this.tx.execute(s -> run(StatusWriter.Persons.expired(), "time"));
		if (changed > 0) {
			log.info("{} health codes changed as time passed", changed);
		}
	}

	private int run(StatusWriter.Persons persons, String cause) {
		ProtocolStore.Current current = this.protocols.current();
		RuleSet rules = current.rules();
		Instant now = this.clock.instant();
		Default def = defaultStatus(current.version(), rules, now);
		List<HealthCodeChanged> changes = this.writer.write(rules, current.version(), def, persons, cause, now);
		if (changes.size() <= MAX_EVENTS) {
			List<Long> changedIds = new ArrayList<>(changes.size());
			for (HealthCodeChanged change : changes) {
				this.events.publishEvent(change);
				changedIds.add(change.personId());
			}
			this.cache.evict(changedIds);
			afterCommit(() -> this.cache.evict(changedIds));
		}
		else {
			this.cache.clear();
			afterCommit(this.cache::clear);
		}
		return changes.size();
	}

	/**
	 * Runs again once the transaction has committed, so that nobody caches what another
	 * reader saw before the commit.
	 */
	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					action.run();
				}
			});
		}
	}

	/**
	 * Whether, under the rules in force, a person whose only facts are among these has
	 * the code of a person without facts ({@link RuleSet#indifferentTo}).
	 * @param facts the facts
	 * @return {@code true} if such persons need no computing
	 */
	public boolean indifferentTo(Set<Fact> facts) {
		return this.protocols.current().rules().indifferentTo(facts);
	}

	/**
	 * Evaluates the rules in force for one person from their facts, storing nothing (what
	 * a verifier without the status table would have to do on every scan).
	 * @param personId the person
	 * @return colour rank, star and reason codes; what the rules give for no facts if the
	 * person has none
	 */
	public Default evaluate(long personId) {
		ProtocolStore.Current current = this.protocols.current();
		RuleSet rules = current.rules();
		Instant now = this.clock.instant();
		return this.writer.evaluate(rules, current.version(), personId, now)
			.orElseGet(() -> defaultStatus(current.version(), rules, now));
	}

	/**
	 * The status the rules give a person without facts.
	 * @param rules the rules
	 * @param now when
	 * @return colour rank, star, reason codes
	 */
	public Default defaultStatus(int version, RuleSet rules, Instant now) {
		Default known = this.lastDefault;
		if (known != null && known.version() == version) {
			return known;
		}
		Default computed = this.writer.evaluateWithoutFacts(rules, version, now);
		this.lastDefault = computed;
		return computed;
	}

	public record Default(int version, int colour, boolean star, String[] reasons) {
	}

}
