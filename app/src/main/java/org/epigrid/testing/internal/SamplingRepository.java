package org.epigrid.testing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tubes, samples, transport boxes and hand-overs. Samples are written many scans at a
 * time ({@link ScanWriter}), a few statements per batch; the tube or box is locked first,
 * so that two scanners cannot overfill a tube or put one tube into two boxes.
 */
@Repository
public class SamplingRepository {

	private static final String TUBE = """
			SELECT t.id, t.barcode, t.round_id, t.site_id, t.capacity, t.retest, t.samples, t.opened_at, t.closed_at,
			       t.outcome, b.barcode AS box, r.ends_at
			FROM testing_tube t JOIN testing_round r ON r.id = t.round_id LEFT JOIN testing_box b ON b.id = t.box_id""";

	private static final String BOX = """
			SELECT b.id, b.barcode, b.site_id, b.holder, b.tubes, b.opened_at, b.closed_at FROM testing_box b""";

	private final JdbcClient jdbc;

	SamplingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Opens tubes in one statement, each that is in order: the user works at the site,
	 * the round exists and takes routine samples until its end (retests until a window
	 * after it), the barcode is free (and first in this list). The capacity is the
	 * round's pooling (1 for a retest).
	 * @param openings the tubes to open
	 * @param now when
	 * @param retestWindow how long after its end a round takes retests
	 * @return the tubes opened, by their position in the list; the others are not in
	 * order (their callers find out what is wrong)
	 */
	public Map<Integer, Tube> openIfInOrder(List<ScanWriter.Opening> openings, Instant now,
			java.time.Duration retestWindow) {
		Map<String, Integer> positions = new HashMap<>();
		for (int i = openings.size() - 1; i >= 0; i--) {
			positions.put(openings.get(i).barcode(), i);
		}
		Map<Integer, Tube> opened = new HashMap<>();
		this.jdbc.sql("""
				INSERT INTO testing_tube (barcode, round_id, site_id, capacity, retest, opened_at, opened_by)
				SELECT v.barcode, r.id, v.site_id, CASE WHEN v.retest THEN 1 ELSE r.pooling END, v.retest, :now,
				       v.opened_by
				FROM (SELECT DISTINCT ON (x.barcode) x.*
				      FROM unnest(CAST(:barcodes AS text[]), CAST(:rounds AS bigint[]), CAST(:sites AS bigint[]),
				                  CAST(:retests AS boolean[]), CAST(:users AS bigint[]), CAST(:bys AS text[]))
				           WITH ORDINALITY AS x(barcode, round_id, site_id, retest, user_id, opened_by, n)
				      ORDER BY x.barcode, x.n) v
				JOIN testing_round r ON r.id = v.round_id
				WHERE EXISTS (SELECT 1 FROM sampling_site_staff s WHERE s.site_id = v.site_id AND s.user_id = v.user_id)
				  AND CASE WHEN v.retest THEN :now <= r.ends_at + CAST(:window AS interval) ELSE :now < r.ends_at END
				ON CONFLICT (barcode) DO NOTHING
				RETURNING id, barcode, round_id, site_id, capacity, retest, samples, opened_at, closed_at, outcome,
				          CAST(NULL AS text) AS box,
				          (SELECT e.ends_at FROM testing_round e WHERE e.id = testing_tube.round_id) AS ends_at""")
			.param("barcodes", openings.stream().map(ScanWriter.Opening::barcode).toArray(String[]::new))
			.param("rounds", openings.stream().map(ScanWriter.Opening::roundId).toArray(Long[]::new))
			.param("sites", openings.stream().map(ScanWriter.Opening::siteId).toArray(Long[]::new))
			.param("retests", openings.stream().map(ScanWriter.Opening::retest).toArray(Boolean[]::new))
			.param("users", openings.stream().map(ScanWriter.Opening::userId).toArray(Long[]::new))
			.param("bys", openings.stream().map(ScanWriter.Opening::by).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.param("window", retestWindow.toSeconds() + " seconds")
			.query(this::tubeRow)
			.list()
			.forEach(tube -> opened.put(positions.get(tube.barcode()), tube));
		return opened;
	}

	/**
	 * Opens a tube.
	 * @param barcode its barcode
	 * @param roundId the round
	 * @param siteId the site
	 * @param capacity persons it takes
	 * @param retest whether a single retest tube
	 * @param by who
	 * @param now when
	 * @return its id, empty if the barcode is taken
	 */
	public Optional<Long> insertTube(String barcode, long roundId, long siteId, int capacity, boolean retest, String by,
			Instant now) {
		try {
			return Optional.of(this.jdbc.sql("""
					INSERT INTO testing_tube (barcode, round_id, site_id, capacity, retest, opened_at, opened_by)
					VALUES (:barcode, :round, :site, :capacity, :retest, :now, :by) RETURNING id""")
				.param("barcode", barcode)
				.param("round", roundId)
				.param("site", siteId)
				.param("capacity", capacity)
				.param("retest", retest)
				.param("now", Timestamp.from(now))
				.param("by", by)
				.query(Long.class)
				.single());
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A tube by barcode, locked until the transaction ends.
	 * @param barcode the barcode
	 * @return the tube
	 */
	public Optional<Tube> lockTube(String barcode) {
		return this.jdbc.sql(TUBE + " WHERE t.barcode = :barcode FOR UPDATE OF t")
			.param("barcode", barcode)
			.query(this::tubeRow)
			.optional();
	}

	/**
	 * Lets PostgreSQL keep generic plans for the rest of the caller's transaction: the
	 * scan writer's statements take arrays of at most a few hundred and are the same
	 * thousands of times a minute, so planning each execution (the pool's default, made
	 * for look-ups of thousands of ids) costs more than it can win.
	 */
	public void genericPlans() {
		this.jdbc.sql("SET LOCAL plan_cache_mode = auto").update();
	}

	/**
	 * How many samples PostgreSQL's statistics count (what the planner plans the scan
	 * writer's statements for).
	 * @return the samples at the last {@code ANALYZE}, 0 if never analysed
	 */
	public long analysedSamples() {
		return this.jdbc
			.sql("SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = 'testing_sample'::regclass")
			.query(Long.class)
			.single();
	}

	/**
	 * Gathers the statistics of the tables a round's scans make grow (samples and tubes),
	 * so that plans are made for their size.
	 */
	public void analyseGrowingTables() {
		this.jdbc.sql("ANALYZE testing_tube, testing_sample").update();
	}

	/**
	 * Tubes by barcode, locked until the transaction ends (in the order of their ids, so
	 * that two writers never wait for each other).
	 * @param barcodes the barcodes
	 * @return the tubes that exist
	 */
	public List<Tube> lockTubes(Collection<String> barcodes) {
		return this.jdbc.sql(TUBE + " WHERE t.barcode = ANY(:barcodes) ORDER BY t.id FOR UPDATE OF t")
			.param("barcodes", barcodes.toArray(String[]::new))
			.query(this::tubeRow)
			.list();
	}

	/**
	 * Where persons stand in rounds.
	 * @param keys the rounds and persons
	 * @return the states of those in their round
	 */
	public Map<RoundPerson, String> states(Collection<RoundPerson> keys) {
		Map<RoundPerson, String> states = new HashMap<>();
		if (keys.isEmpty()) {
			return states;
		}
		this.jdbc.sql("""
				SELECT p.round_id, p.person_id, p.state FROM testing_round_person p
				JOIN unnest(CAST(:rounds AS bigint[]), CAST(:persons AS bigint[])) AS k(round_id, person_id)
				  ON p.round_id = k.round_id AND p.person_id = k.person_id""")
			.param("rounds", keys.stream().map(RoundPerson::roundId).toArray(Long[]::new))
			.param("persons", keys.stream().map(RoundPerson::personId).toArray(Long[]::new))
			.query(rs -> {
				states.put(new RoundPerson(rs.getLong("round_id"), rs.getLong("person_id")), rs.getString("state"));
			});
		return states;
	}

	/**
	 * Where and when persons were sampled in rounds (routine samples).
	 * @param keys the rounds and persons
	 * @return the routine samples of those sampled
	 */
	public Map<RoundPerson, Previous> routineSamples(Collection<RoundPerson> keys) {
		Map<RoundPerson, Previous> samples = new HashMap<>();
		if (keys.isEmpty()) {
			return samples;
		}
		this.jdbc.sql("""
				SELECT s.round_id, s.person_id, t.barcode, s.sampled_at, s.site_id
				FROM unnest(CAST(:rounds AS bigint[]), CAST(:persons AS bigint[])) AS k(round_id, person_id)
				JOIN testing_sample s ON s.round_id = k.round_id AND s.person_id = k.person_id AND NOT s.retest
				JOIN testing_tube t ON t.id = s.tube_id""")
			.param("rounds", keys.stream().map(RoundPerson::roundId).toArray(Long[]::new))
			.param("persons", keys.stream().map(RoundPerson::personId).toArray(Long[]::new))
			.query(rs -> {
				samples.put(new RoundPerson(rs.getLong("round_id"), rs.getLong("person_id")), new Previous(
						rs.getString("barcode"), rs.getTimestamp("sampled_at").toInstant(), rs.getLong("site_id")));
			});
		return samples;
	}

	/**
	 * Stores samples in one statement, each with the grid its person has in the round
	 * (call {@link #sampled} first: a visitor's place in the round is made there); a
	 * second routine sample of a person in a round is not stored.
	 * @param samples the samples
	 * @param now when they were taken
	 * @return how many were stored
	 */
	public int insertSamples(List<NewSample> samples, Instant now) {
		if (samples.isEmpty()) {
			return 0;
		}
		return this.jdbc
			.sql("""
					INSERT INTO testing_sample (tube_id, round_id, person_id, site_id, retest, sampled_at, sampled_by, grid_id)
					SELECT v.tube_id, v.round_id, v.person_id, v.site_id, v.retest, :now, v.sampled_by, r.grid_id
					FROM unnest(CAST(:tubes AS bigint[]), CAST(:rounds AS bigint[]), CAST(:persons AS bigint[]),
					            CAST(:sites AS bigint[]), CAST(:retests AS boolean[]), CAST(:bys AS text[]))
					     AS v(tube_id, round_id, person_id, site_id, retest, sampled_by)
					LEFT JOIN testing_round_person r ON r.round_id = v.round_id AND r.person_id = v.person_id
					ON CONFLICT (round_id, person_id) WHERE NOT retest DO NOTHING""")
			.param("tubes", samples.stream().map(NewSample::tubeId).toArray(Long[]::new))
			.param("rounds", samples.stream().map(NewSample::roundId).toArray(Long[]::new))
			.param("persons", samples.stream().map(NewSample::personId).toArray(Long[]::new))
			.param("sites", samples.stream().map(NewSample::siteId).toArray(Long[]::new))
			.param("retests", samples.stream().map(NewSample::retest).toArray(Boolean[]::new))
			.param("bys", samples.stream().map(NewSample::by).toArray(String[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Counts samples into their tubes and closes the tubes that are full, in one
	 * statement.
	 * @param added samples added, by tube id
	 * @param now when
	 */
	public void fillTubes(Map<Long, Integer> added, Instant now) {
		if (added.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE testing_tube t SET samples = t.samples + v.n,
				       closed_at = CASE WHEN t.samples + v.n >= t.capacity THEN :now ELSE t.closed_at END
				FROM unnest(CAST(:ids AS bigint[]), CAST(:ns AS int[])) AS v(id, n) WHERE t.id = v.id""")
			.param("ids", added.keySet().toArray(Long[]::new))
			.param("ns", added.values().toArray(Integer[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Marks persons sampled in rounds; persons not due in their round (visitors) join it,
	 * not required, under the grid they live in.
	 * @param keys the rounds and persons, each once
	 * @param now when
	 */
	public void sampled(Collection<RoundPerson> keys, Instant now) {
		if (keys.isEmpty()) {
			return;
		}
		// the usual case, persons due in the round: one indexed update, in key order
		List<RoundPerson> sorted = keys.stream()
			.sorted(Comparator.comparingLong(RoundPerson::roundId).thenComparingLong(RoundPerson::personId))
			.toList();
		Set<RoundPerson> updated = new HashSet<>();
		this.jdbc.sql("""
				UPDATE testing_round_person p SET state = 'SAMPLED', sampled_at = :now
				FROM unnest(CAST(:rounds AS bigint[]), CAST(:persons AS bigint[])) AS k(round_id, person_id)
				WHERE p.round_id = k.round_id AND p.person_id = k.person_id RETURNING p.round_id, p.person_id""")
			.param("rounds", sorted.stream().map(RoundPerson::roundId).toArray(Long[]::new))
			.param("persons", sorted.stream().map(RoundPerson::personId).toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.query(rs -> {
				updated.add(new RoundPerson(rs.getLong("round_id"), rs.getLong("person_id")));
			});
		List<RoundPerson> visitors = sorted.stream().filter(k -> !updated.contains(k)).toList();
		if (visitors.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO testing_round_person (round_id, person_id, grid_id, path, required, state, sampled_at)
				SELECT k.round_id, p.person_id, testing_grid_of(p.path), p.path, FALSE, 'SAMPLED', :now
				FROM unnest(CAST(:rounds AS bigint[]), CAST(:persons AS bigint[])) AS k(round_id, person_id)
				JOIN population_person_profile p ON p.person_id = k.person_id
				ON CONFLICT (round_id, person_id) DO UPDATE SET state = 'SAMPLED', sampled_at = EXCLUDED.sampled_at""")
			.param("rounds", visitors.stream().map(RoundPerson::roundId).toArray(Long[]::new))
			.param("persons", visitors.stream().map(RoundPerson::personId).toArray(Long[]::new))
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * A tube by barcode.
	 * @param barcode the barcode
	 * @return the tube
	 */
	public Optional<Tube> tube(String barcode) {
		return this.jdbc.sql(TUBE + " WHERE t.barcode = :barcode")
			.param("barcode", barcode)
			.query(this::tubeRow)
			.optional();
	}

	/**
	 * Closes a tube by hand.
	 * @param tubeId the tube
	 * @param now when
	 */
	public void closeTube(long tubeId, Instant now) {
		this.jdbc.sql("UPDATE testing_tube SET closed_at = :now WHERE id = :id AND closed_at IS NULL")
			.param("id", tubeId)
			.param("now", Timestamp.from(now))
			.update();
	}

	/**
	 * Opens a transport box at a site.
	 * @param barcode its barcode
	 * @param siteId the site
	 * @param by who
	 * @param now when
	 * @return its id, empty if the barcode is taken
	 */
	public Optional<Long> insertBox(String barcode, long siteId, String by, Instant now) {
		try {
			return Optional.of(this.jdbc.sql("""
					INSERT INTO testing_box (barcode, site_id, opened_at, opened_by) VALUES (:b, :site, :now, :by)
					RETURNING id""")
				.param("b", barcode)
				.param("site", siteId)
				.param("now", Timestamp.from(now))
				.param("by", by)
				.query(Long.class)
				.single());
		}
		catch (DuplicateKeyException ex) {
			return Optional.empty();
		}
	}

	/**
	 * A box by barcode, locked until the transaction ends.
	 * @param barcode the barcode
	 * @return the box
	 */
	public Optional<Box> lockBox(String barcode) {
		return this.jdbc.sql(BOX + " WHERE b.barcode = :b FOR UPDATE")
			.param("b", barcode)
			.query(this::boxRow)
			.optional();
	}

	/**
	 * A box by barcode.
	 * @param barcode the barcode
	 * @return the box
	 */
	public Optional<Box> box(String barcode) {
		return this.jdbc.sql(BOX + " WHERE b.barcode = :b").param("b", barcode).query(this::boxRow).optional();
	}

	/**
	 * Puts a tube into a box.
	 * @param tubeId the tube
	 * @param boxId the box
	 */
	public void box(long tubeId, long boxId) {
		this.jdbc.sql("UPDATE testing_tube SET box_id = :box WHERE id = :id")
			.param("box", boxId)
			.param("id", tubeId)
			.update();
		this.jdbc.sql("UPDATE testing_box SET tubes = tubes + 1 WHERE id = :box").param("box", boxId).update();
	}

	/**
	 * Seals a box.
	 * @param boxId the box
	 * @param by who
	 * @param now when
	 */
	public void closeBox(long boxId, String by, Instant now) {
		this.jdbc.sql("UPDATE testing_box SET closed_at = :now, closed_by = :by WHERE id = :id")
			.param("id", boxId)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.update();
	}

	/**
	 * Records a hand-over of a box.
	 * @param box the box
	 * @param to the new holder
	 * @param by who scanned it
	 * @param note a note
	 * @param now when
	 */
	public void handOver(Box box, String to, String by, String note, Instant now) {
		this.jdbc.sql("""
				INSERT INTO testing_handover (box_id, from_holder, to_holder, at, by_user, note)
				VALUES (:box, :from, :to, :now, :by, :note)""")
			.param("box", box.id())
			.param("from", box.holder())
			.param("to", to)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.param("note", note)
			.update();
		this.jdbc.sql("UPDATE testing_box SET holder = :to WHERE id = :box")
			.param("to", to)
			.param("box", box.id())
			.update();
	}

	/**
	 * A box's hand-overs, oldest first.
	 * @param boxId the box
	 * @return the hand-overs
	 */
	public List<Handover> handovers(long boxId) {
		return this.jdbc
			.sql("""
					SELECT from_holder, to_holder, at, by_user, note FROM testing_handover WHERE box_id = :box ORDER BY at, id""")
			.param("box", boxId)
			.query((rs, n) -> new Handover(rs.getString("from_holder"), rs.getString("to_holder"),
					rs.getTimestamp("at").toInstant(), rs.getString("by_user"), rs.getString("note")))
			.list();
	}

	/**
	 * The barcodes of a box's tubes.
	 * @param boxId the box
	 * @return barcodes
	 */
	public List<String> tubesOf(long boxId) {
		return this.jdbc.sql("SELECT barcode FROM testing_tube WHERE box_id = :box ORDER BY barcode")
			.param("box", boxId)
			.query(String.class)
			.list();
	}

	private Tube tubeRow(ResultSet rs, int row) throws SQLException {
		Timestamp closed = rs.getTimestamp("closed_at");
		return new Tube(rs.getLong("id"), rs.getString("barcode"), rs.getLong("round_id"), rs.getLong("site_id"),
				rs.getInt("capacity"), rs.getBoolean("retest"), rs.getInt("samples"),
				rs.getTimestamp("opened_at").toInstant(), (closed == null) ? null : closed.toInstant(),
				rs.getString("outcome"), rs.getString("box"), rs.getTimestamp("ends_at").toInstant());
	}

	private Box boxRow(ResultSet rs, int row) throws SQLException {
		Timestamp closed = rs.getTimestamp("closed_at");
		return new Box(rs.getLong("id"), rs.getString("barcode"), rs.getLong("site_id"), rs.getString("holder"),
				rs.getInt("tubes"), rs.getTimestamp("opened_at").toInstant(),
				(closed == null) ? null : closed.toInstant());
	}

	/**
	 * A tube.
	 *
	 * @param id id
	 * @param barcode barcode
	 * @param roundId round
	 * @param siteId site
	 * @param capacity persons it takes
	 * @param retest a single retest tube
	 * @param samples persons in it
	 * @param openedAt opened
	 * @param closedAt closed, {@code null} while open
	 * @param outcome the lab's result, {@code null} before
	 * @param box the barcode of its box, {@code null} if none
	 * @param roundEndsAt the round's deadline
	 */
	public record Tube(long id, String barcode, long roundId, long siteId, int capacity, boolean retest, int samples,
			Instant openedAt, Instant closedAt, String outcome, String box, Instant roundEndsAt) {
	}

	/**
	 * A box.
	 *
	 * @param id id
	 * @param barcode barcode
	 * @param siteId the site it was packed at
	 * @param holder who has it: SITE, COURIER, LAB
	 * @param tubes tubes in it
	 * @param openedAt opened
	 * @param closedAt sealed, {@code null} while open
	 */
	public record Box(long id, String barcode, long siteId, String holder, int tubes, Instant openedAt,
			Instant closedAt) {
	}

	/**
	 * A hand-over.
	 *
	 * @param from from
	 * @param to to
	 * @param at when
	 * @param by who scanned
	 * @param note note
	 */
	public record Handover(String from, String to, Instant at, String by, String note) {
	}

	/**
	 * A previous sample.
	 *
	 * @param barcode its tube
	 * @param sampledAt when
	 * @param siteId where
	 */
	public record Previous(String barcode, Instant sampledAt, long siteId) {
	}

	/**
	 * A person in a round.
	 *
	 * @param roundId the round
	 * @param personId the person
	 */
	public record RoundPerson(long roundId, long personId) {
	}

	/**
	 * A sample to store.
	 *
	 * @param tubeId the tube
	 * @param roundId the tube's round
	 * @param personId the person
	 * @param siteId the tube's site
	 * @param retest whether a retest tube
	 * @param by who sampled
	 */
	public record NewSample(long tubeId, long roundId, long personId, long siteId, boolean retest, String by) {
	}

}
