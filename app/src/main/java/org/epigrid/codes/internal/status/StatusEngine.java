package org.epigrid.codes.internal.status;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;

import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
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
public class StatusEngine {

	private static final Logger log = LoggerFactory.getLogger(StatusEngine.class);

	/** Persons per statement in a full recompute. */
	static final int CHUNK = 100_000;

	/** Above this many changes in one statement, no event per person is published. */
	static final int MAX_EVENTS = 1_000;

	private final JdbcClient jdbc;

	private final ProtocolStore protocols;

	private final StatusCache cache;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final Clock clock;

	private volatile Default lastDefault;

	StatusEngine(JdbcClient jdbc, ProtocolStore protocols, StatusCache cache, ApplicationEventPublisher events,
			TransactionTemplate tx, Clock clock) {
		this.jdbc = jdbc;
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
		return run("f.person_id = ANY(:ids)", personIds.toArray(Long[]::new), 0, 0, cause);
	}

	/**
	 * Computes every status again, chunk by chunk of person ids, each in its own
	 * transaction.
	 * @param cause what changed, for the history
	 * @return how many changed
	 */
	public int recomputeAll(String cause) {
		Long max = this.jdbc.sql("SELECT max(person_id) FROM code_fact").query(Long.class).single();
		int changed = 0;
		if (max != null) {
			for (long from = 0; from <= max; from += CHUNK) {
				long start = from;
				changed += this.tx
					.execute(s -> run("f.person_id >= :from AND f.person_id < :to", null, start, start + CHUNK, cause));
			}
		}
		this.cache.clear();
		return changed;
	}

	/**
	 * Computes again the statuses whose time conditions have flipped (a 14-day window
	 * passed, a test result became too old).
	 */
	@Scheduled(fixedDelayString = "${epigrid.codes.expiry-check:PT30S}", initialDelayString = "PT20S")
	public void recomputeExpired() {
		int changed = this.tx.execute(s -> run(
				"f.person_id IN (SELECT person_id FROM code_status WHERE valid_until <= CAST(:now AS timestamptz))",
				null, 0, 0, "time"));
		if (changed > 0) {
			log.info("{} health codes changed as time passed", changed);
		}
	}

	private int run(String filter, Long[] ids, long from, long to, String cause) {
		ProtocolStore.Current current = this.protocols.current();
		RuleSet rules = current.rules();
		Instant now = this.clock.instant();
		Default def = defaultStatus(current.version(), rules, now);
		String sql = """
				WITH p AS (SELECT CAST(:now AS timestamptz) AS now),
				c AS (
				  SELECT f.person_id, %s AS colour, %s AS star, %s AS reasons, %s AS valid_until
				  FROM code_fact f CROSS JOIN p WHERE %s
				),
				d AS (
				  SELECT c.*,
				    CASE WHEN s.person_id IS NULL
				      THEN c.colour <> :dc OR c.star <> :ds OR c.reasons <> CAST(:dr AS text[])
				      ELSE c.colour <> s.colour OR c.star <> s.star OR c.reasons <> s.reasons END AS changed,
				    s.person_id IS NULL OR s.valid_until IS DISTINCT FROM c.valid_until AS moved
				  FROM c LEFT JOIN code_status s ON s.person_id = c.person_id
				),
				u AS (
				  INSERT INTO code_status AS s (person_id, colour, star, reasons, protocol_version, changed_at, valid_until)
				  SELECT person_id, colour, star, reasons, :version, CAST(:now AS timestamptz), valid_until
				  FROM d WHERE changed OR moved
				  ON CONFLICT (person_id) DO UPDATE SET colour = EXCLUDED.colour, star = EXCLUDED.star,
				    reasons = EXCLUDED.reasons, valid_until = EXCLUDED.valid_until,
				    protocol_version = CASE WHEN s.colour = EXCLUDED.colour AND s.star = EXCLUDED.star
				      AND s.reasons = EXCLUDED.reasons THEN s.protocol_version ELSE EXCLUDED.protocol_version END,
				    changed_at = CASE WHEN s.colour = EXCLUDED.colour AND s.star = EXCLUDED.star
				      AND s.reasons = EXCLUDED.reasons THEN s.changed_at ELSE EXCLUDED.changed_at END
				),
				h AS (
				  INSERT INTO code_status_history (person_id, at, colour, star, reasons, protocol_version, cause)
				  SELECT person_id, CAST(:now AS timestamptz), colour, star, reasons, :version, :cause FROM d WHERE changed
				)
				SELECT person_id, colour, star FROM d WHERE changed
				"""
			.formatted(rules.colourSql(), rules.starSql(), rules.reasonsSql(), rules.validUntilSql(), filter);
		var statement = this.jdbc.sql(sql)
			.param("now", Timestamp.from(now))
			.param("dc", def.colour())
			.param("ds", def.star())
			.param("dr", def.reasons())
			.param("version", current.version())
			.param("cause", cause);
		if (ids != null) {
			statement = statement.param("ids", ids);
		}
		if (filter.contains(":from")) {
			statement = statement.param("from", from).param("to", to);
		}
		List<HealthCodeChanged> changes = statement
			.query((rs, i) -> new HealthCodeChanged(rs.getLong(1), Colour.ofRank(rs.getInt(2)), rs.getBoolean(3)))
			.list();
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
		return this.jdbc.sql(
				"WITH p AS (SELECT CAST(:now AS timestamptz) AS now) SELECT %s, %s, %s FROM code_fact f CROSS JOIN p WHERE f.person_id = :id"
					.formatted(rules.colourSql(), rules.starSql(), rules.reasonsSql()))
			.param("now", Timestamp.from(now))
			.param("id", personId)
			.query((rs, i) -> new Default(current.version(), rs.getInt(1), rs.getBoolean(2),
					(String[]) rs.getArray(3).getArray()))
			.optional()
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
		StringJoiner nulls = new StringJoiner(", ");
		for (Fact fact : Fact.values()) {
			String type = switch (fact.type()) {
				case TIME -> "timestamptz";
				case NUMBER -> "smallint";
				default -> "text";
			};
			nulls.add("CAST(NULL AS " + type + ") AS " + fact.column());
		}
		Default computed = this.jdbc
			.sql("WITH p AS (SELECT CAST(:now AS timestamptz) AS now) SELECT %s, %s, %s FROM (SELECT %s) f CROSS JOIN p"
				.formatted(rules.colourSql(), rules.starSql(), rules.reasonsSql(), nulls))
			.param("now", Timestamp.from(now))
			.query((rs, i) -> new Default(version, rs.getInt(1), rs.getBoolean(2),
					(String[]) rs.getArray(3).getArray()))
			.single();
		this.lastDefault = computed;
		return computed;
	}

	public record Default(int version, int colour, boolean star, String[] reasons) {
	}

}
