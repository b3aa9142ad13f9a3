package org.epigrid.testing.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
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

	/** Generic plans for the rest of the transaction: see {@link #genericPlans}. */
	private static final String GENERIC_PLANS = "SET LOCAL plan_cache_mode = force_generic_plan";

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	SamplingRepository(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
	}

	/**
	 * Turns on generic plans for the rest of the transaction (the scan writer's
	 * statements are the same few, again and again; the pool plans every execution afresh
	 * by default) and opens tubes in one statement, both in one round trip. A tube opens
	 * if it is in order: the user works at the site, the round exists and takes routine
	 * samples until its end (retests until a window after it), the barcode is free (and
	 * first in this list). The capacity is the round's pooling (1 for a retest).
	 * @param openings the tubes to open, none to turn on generic plans only
	 * @param now when
	 * @param retestWindow how long after its end a round takes retests
	 * @return the tubes opened, by their position in the list; the others are not in
	 * order (their callers find out what is wrong)
	 */
	public Map<Integer, Tube> genericPlansAndOpen(List<ScanWriter.Opening> openings, Instant now,
			java.time.Duration retestWindow) {
		Map<Integer, Tube> opened = new HashMap<>();
		if (openings.isEmpty()) {
			genericPlans();
			return opened;
		}
		Map<String, Integer> positions = new HashMap<>();
		for (int i = openings.size() - 1; i >= 0; i--) {
			positions.put(openings.get(i).barcode(), i);
		}
		Timestamp at = Timestamp.from(now);
		this.jdbcTemplate.execute((Connection con) -> {
			// the SET runs before the insert is bound, so the insert's plan is generic
			// too
			try (PreparedStatement ps = con.prepareStatement(
					"""
							%s;
							INSERT INTO testing_tube (barcode, round_id, site_id, capacity, retest, opened_at, opened_by)
							SELECT v.barcode, r.id, v.site_id, CASE WHEN v.retest THEN 1 ELSE r.pooling END, v.retest, p.now,
							       v.opened_by
							FROM (SELECT DISTINCT ON (x.barcode) x.*
							      FROM unnest(CAST(? AS text[]), CAST(? AS bigint[]), CAST(? AS bigint[]),
							                  CAST(? AS boolean[]), CAST(? AS bigint[]), CAST(? AS text[]))
							           WITH ORDINALITY AS x(barcode, round_id, site_id, retest, user_id, opened_by, n)
							      ORDER BY x.barcode, x.n) v
							CROSS JOIN (SELECT CAST(? AS timestamptz) AS now, CAST(? AS interval) AS window) p
							JOIN testing_round r ON r.id = v.round_id
							WHERE EXISTS (SELECT 1 FROM sampling_site_staff s WHERE s.site_id = v.site_id AND s.user_id = v.user_id)
							  AND CASE WHEN v.retest THEN p.now <= r.ends_at + p.window ELSE p.now < r.ends_at END
							ON CONFLICT (barcode) DO NOTHING
							RETURNING id, barcode, round_id, site_id, capacity, retest, samples, opened_at, closed_at, outcome,
							          CAST(NULL AS text) AS box,
							          (SELECT e.ends_at FROM testing_round e WHERE e.id = testing_tube.round_id) AS ends_at"""
						.formatted(GENERIC_PLANS))) {
				int i = 0;
				ps.setArray(++i,
						con.createArrayOf("text", openings.stream().map(ScanWriter.Opening::barcode).toArray()));
				ps.setArray(++i,
						con.createArrayOf("bigint", openings.stream().map(ScanWriter.Opening::roundId).toArray()));
				ps.setArray(++i,
						con.createArrayOf("bigint", openings.stream().map(ScanWriter.Opening::siteId).toArray()));
				ps.setArray(++i,
						con.createArrayOf("boolean", openings.stream().map(ScanWriter.Opening::retest).toArray()));
				ps.setArray(++i,
						con.createArrayOf("bigint", openings.stream().map(ScanWriter.Opening::userId).toArray()));
				ps.setArray(++i, con.createArrayOf("text", openings.stream().map(ScanWriter.Opening::by).toArray()));
				ps.setTimestamp(++i, at);
				ps.setString(++i, retestWindow.toSeconds() + " seconds");
				ps.execute();
				// the SET, then the tubes
				ps.getMoreResults();
				try (ResultSet rs = ps.getResultSet()) {
					while (rs.next()) {
						Tube tube = tubeRow(rs, 0);
						opened.put(positions.get(tube.barcode()), tube);
					}
				}
				return null;
			}
		});
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
	 * Makes PostgreSQL use generic plans for the rest of the caller's transaction: the
	 * scan writer's statements take arrays of at most a few hundred and are the same
	 * thousands of times a minute, so planning each execution (the pool's default, made
	 * for look-ups of thousands of ids) costs more than it can win. Forced, not left to
	 * PostgreSQL: it kept planning the codes' look-up of a batch's statuses afresh every
	 * time (0.17 ms a batch), its custom plans for a few ids looking cheaper.
	 */
	public void genericPlans() {
		this.jdbc.sql(GENERIC_PLANS).update();
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
	 * What a batch of scans needs to be checked, read in one statement (one round trip
	 * where there were four): the scans' tubes, locked until the transaction ends (in the
	 * order of their ids, so that two writers never wait for each other); per scan,
	 * whether its user works at its tube's site, the person's routine sample in the
	 * tube's round (for a routine tube) and where the person stands in that round (for a
	 * retest tube).
	 * @param scans the scans, in their order of arrival (person 0: nobody found)
	 * @return per scan, in the same order, what was found
	 */
	public List<Seen> lockAndRead(List<ScanKey> scans) {
		List<Seen> seen = new ArrayList<>(scans.size());
		this.jdbc
			.sql("""
						WITH s AS (
						  SELECT * FROM unnest(CAST(:barcodes AS text[]), CAST(:users AS bigint[]), CAST(:persons AS bigint[]))
						                WITH ORDINALITY AS s(barcode, user_id, person_id, n)
						), t AS MATERIALIZED (
						  SELECT t.id, t.barcode, t.round_id, t.site_id, t.capacity, t.retest, t.samples, t.opened_at,
						         t.closed_at, t.outcome, t.box_id
						  FROM testing_tube t WHERE t.barcode = ANY(CAST(:barcodes AS text[])) ORDER BY t.id FOR UPDATE
						)
						SELECT s.n, t.id, t.barcode, t.round_id, t.site_id, t.capacity, t.retest, t.samples, t.opened_at,
					       t.closed_at, t.outcome, b.barcode AS box, r.ends_at,
					       EXISTS (SELECT 1 FROM sampling_site_staff f WHERE f.site_id = t.site_id AND f.user_id = s.user_id)
					         AS staff,
					       p.barcode AS previous_barcode, p.sampled_at AS previous_at, p.site_id AS previous_site,
					       CASE WHEN t.retest THEN (SELECT rp.state FROM testing_round_person rp
					                                WHERE rp.round_id = t.round_id AND rp.person_id = s.person_id) END AS state
					FROM s
					LEFT JOIN t ON t.barcode = s.barcode
					LEFT JOIN testing_round r ON r.id = t.round_id
					LEFT JOIN testing_box b ON b.id = t.box_id
					LEFT JOIN LATERAL (
					  SELECT pt.barcode, ps.sampled_at, ps.site_id FROM testing_sample ps JOIN testing_tube pt ON pt.id = ps.tube_id
					  WHERE NOT t.retest AND ps.round_id = t.round_id AND ps.person_id = s.person_id AND NOT ps.retest
					) p ON TRUE
					ORDER BY s.n""")
			.param("barcodes", scans.stream().map(ScanKey::barcode).toArray(String[]::new))
			.param("users", scans.stream().map(ScanKey::userId).toArray(Long[]::new))
			.param("persons", scans.stream().map(ScanKey::personId).toArray(Long[]::new))
			.query(rs -> {
				if (rs.getObject("id") == null) {
					seen.add(Seen.NO_TUBE);
					return;
				}
				Timestamp previousAt = rs.getTimestamp("previous_at");
				seen.add(new Seen(tubeRow(rs, 0), rs.getBoolean("staff"),
						(previousAt == null) ? null : new Previous(rs.getString("previous_barcode"),
								previousAt.toInstant(), rs.getLong("previous_site")),
						rs.getString("state")));
			});
		return seen;
	}

	/**
	 * Stores a batch's accepted scans and commits the transaction, sending the statements
	 * and the commit together (one round trip where there were five; PostgreSQL runs them
	 * in order, and skips the rest, the commit too, after an error): the persons marked
	 * sampled in their rounds (a person not due in the round, a visitor, joins it, not
	 * required, under the grid they live in), the samples, each with the grid its person
	 * has in the round, and the tubes' counts, each tube closed when full. The caller's
	 * transaction manager then finds the transaction ended: the driver sends no second
	 * commit when the server reports none open.
	 * @param sampled the rounds and persons sampled, each once
	 * @param samples the samples (none: nothing is sent, nothing committed)
	 * @param added samples added, by tube id
	 * @param now when
	 * @throws org.springframework.dao.DuplicateKeyException if a person of a routine
	 * sample was sampled in the round meanwhile (nothing is written)
	 */
	public void storeAndCommit(Collection<RoundPerson> sampled, List<NewSample> samples, Map<Long, Integer> added,
			Instant now) {
		if (samples.isEmpty()) {
			return;
		}
		// in key order: the order the persons' rows are locked in
		List<RoundPerson> sorted = sampled.stream()
			.sorted(Comparator.comparingLong(RoundPerson::roundId).thenComparingLong(RoundPerson::personId))
			.toList();
		Long[] rounds = sorted.stream().map(RoundPerson::roundId).toArray(Long[]::new);
		Long[] persons = sorted.stream().map(RoundPerson::personId).toArray(Long[]::new);
		Timestamp at = Timestamp.from(now);
		this.jdbcTemplate.execute((Connection con) -> {
			try (PreparedStatement ps = con.prepareStatement(
					"""
							UPDATE testing_round_person p SET state = 'SAMPLED', sampled_at = ?
							FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[])) AS k(round_id, person_id)
							WHERE p.round_id = k.round_id AND p.person_id = k.person_id;
							INSERT INTO testing_round_person (round_id, person_id, grid_id, path, required, state, sampled_at)
							SELECT k.round_id, p.person_id, testing_grid_of(p.path), p.path, FALSE, 'SAMPLED', ?
							FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[])) AS k(round_id, person_id)
							JOIN population_person_profile p ON p.person_id = k.person_id
							WHERE NOT EXISTS (SELECT 1 FROM testing_round_person r
							                  WHERE r.round_id = k.round_id AND r.person_id = k.person_id)
							ON CONFLICT (round_id, person_id) DO UPDATE SET state = 'SAMPLED', sampled_at = EXCLUDED.sampled_at;
							INSERT INTO testing_sample (tube_id, round_id, person_id, site_id, retest, sampled_at, sampled_by, grid_id)
							SELECT v.tube_id, v.round_id, v.person_id, v.site_id, v.retest, ?, v.sampled_by, r.grid_id
							FROM unnest(CAST(? AS bigint[]), CAST(? AS bigint[]), CAST(? AS bigint[]),
							            CAST(? AS bigint[]), CAST(? AS boolean[]), CAST(? AS text[]))
							     AS v(tube_id, round_id, person_id, site_id, retest, sampled_by)
							LEFT JOIN testing_round_person r ON r.round_id = v.round_id AND r.person_id = v.person_id;
							UPDATE testing_tube t SET samples = t.samples + v.n,
							       closed_at = CASE WHEN t.samples + v.n >= t.capacity THEN ? ELSE t.closed_at END
							FROM unnest(CAST(? AS bigint[]), CAST(? AS int[])) AS v(id, n) WHERE t.id = v.id;
							COMMIT""")) {
				int i = 0;
				ps.setTimestamp(++i, at);
				ps.setArray(++i, con.createArrayOf("bigint", rounds));
				ps.setArray(++i, con.createArrayOf("bigint", persons));
				ps.setTimestamp(++i, at);
				ps.setArray(++i, con.createArrayOf("bigint", rounds));
				ps.setArray(++i, con.createArrayOf("bigint", persons));
				ps.setTimestamp(++i, at);
				ps.setArray(++i, con.createArrayOf("bigint", samples.stream().map(NewSample::tubeId).toArray()));
				ps.setArray(++i, con.createArrayOf("bigint", samples.stream().map(NewSample::roundId).toArray()));
				ps.setArray(++i, con.createArrayOf("bigint", samples.stream().map(NewSample::personId).toArray()));
				ps.setArray(++i, con.createArrayOf("bigint", samples.stream().map(NewSample::siteId).toArray()));
				ps.setArray(++i, con.createArrayOf("boolean", samples.stream().map(NewSample::retest).toArray()));
				ps.setArray(++i, con.createArrayOf("text", samples.stream().map(NewSample::by).toArray()));
				ps.setTimestamp(++i, at);
				ps.setArray(++i, con.createArrayOf("bigint", added.keySet().toArray()));
				ps.setArray(++i, con.createArrayOf("int4", added.values().toArray()));
				ps.execute();
				return null;
			}
		});
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
	 * A scan to check.
	 *
	 * @param barcode its tube
	 * @param userId who scans
	 * @param personId the person, 0 if nobody was found
	 */
	public record ScanKey(String barcode, long userId, long personId) {
	}

	/**
	 * What was found for a scan.
	 *
	 * @param tube its tube, locked, {@code null} if there is none
	 * @param staff whether the user works at the tube's site
	 * @param previous the person's routine sample in the tube's round, for a routine tube
	 * @param state where the person stands in the tube's round, for a retest tube
	 * ({@code null} if not in it)
	 */
	public record Seen(Tube tube, boolean staff, Previous previous, String state) {

		static final Seen NO_TUBE = new Seen(null, false, null, null);

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
