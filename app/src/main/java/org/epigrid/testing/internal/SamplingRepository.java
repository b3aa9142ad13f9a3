package org.epigrid.testing.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Tubes, samples, transport boxes and hand-overs. Each scan is a few statements in the
 * caller's transaction, the tube or box locked first, so that two scanners cannot
 * overfill a tube or put one tube into two boxes.
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
	 * Stores a sample; a second routine sample of a person in a round is refused.
	 * @param tube the tube
	 * @param personId the person
	 * @param by who sampled
	 * @param now when
	 * @return the sample's id, empty if the person was already sampled in the round
	 */
	public Optional<Long> insertSample(Tube tube, long personId, String by, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO testing_sample (tube_id, round_id, person_id, site_id, retest, sampled_at, sampled_by)
				VALUES (:tube, :round, :person, :site, :retest, :now, :by)
				ON CONFLICT (round_id, person_id) WHERE NOT retest DO NOTHING RETURNING id""")
			.param("tube", tube.id())
			.param("round", tube.roundId())
			.param("person", personId)
			.param("site", tube.siteId())
			.param("retest", tube.retest())
			.param("now", Timestamp.from(now))
			.param("by", by)
			.query(Long.class)
			.optional();
	}

	/**
	 * Where and when a person was sampled in a round (routine sample).
	 * @param roundId the round
	 * @param personId the person
	 * @return the tube's barcode and the time
	 */
	public Optional<Previous> routineSample(long roundId, long personId) {
		return this.jdbc.sql("""
				SELECT t.barcode, s.sampled_at, s.site_id FROM testing_sample s JOIN testing_tube t ON t.id = s.tube_id
				WHERE s.round_id = :round AND s.person_id = :person AND NOT s.retest""")
			.param("round", roundId)
			.param("person", personId)
			.query((rs, n) -> new Previous(rs.getString("barcode"), rs.getTimestamp("sampled_at").toInstant(),
					rs.getLong("site_id")))
			.optional();
	}

	/**
	 * Counts a sample into its tube and closes the tube when full.
	 * @param tubeId the tube
	 * @param now when
	 * @return samples in the tube now, and whether it closed
	 */
	public Filled fill(long tubeId, Instant now) {
		return this.jdbc.sql("""
				UPDATE testing_tube SET samples = samples + 1,
				       closed_at = CASE WHEN samples + 1 = capacity THEN :now ELSE closed_at END
				WHERE id = :id RETURNING samples, closed_at IS NOT NULL AS closed""")
			.param("id", tubeId)
			.param("now", Timestamp.from(now))
			.query((rs, n) -> new Filled(rs.getInt("samples"), rs.getBoolean("closed")))
			.single();
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
	 * Where a person stands in a round.
	 * @param roundId the round
	 * @param personId the person
	 * @return the state, empty if not in the round
	 */
	public Optional<String> state(long roundId, long personId) {
		return this.jdbc.sql("SELECT state FROM testing_round_person WHERE round_id = :round AND person_id = :person")
			.param("round", roundId)
			.param("person", personId)
			.query(String.class)
			.optional();
	}

	/**
	 * Marks a person sampled in a round; a person not due in it (a visitor) joins it, not
	 * required, under the grid they live in.
	 * @param roundId the round
	 * @param personId the person
	 * @param now when
	 */
	public void sampled(long roundId, long personId, Instant now) {
		// the usual case, a person due in the round: one indexed update
		int updated = this.jdbc.sql(
				"UPDATE testing_round_person SET state = 'SAMPLED', sampled_at = :now WHERE round_id = :round AND person_id = :person")
			.param("round", roundId)
			.param("person", personId)
			.param("now", Timestamp.from(now))
			.update();
		if (updated == 1) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO testing_round_person (round_id, person_id, grid_id, path, required, state, sampled_at)
				SELECT :round, p.person_id, testing_grid_of(p.path), p.path, FALSE, 'SAMPLED', :now
				FROM population_person_profile p WHERE p.person_id = :person
				ON CONFLICT (round_id, person_id) DO UPDATE SET state = 'SAMPLED', sampled_at = EXCLUDED.sampled_at""")
			.param("round", roundId)
			.param("person", personId)
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
	 * A tube after a sample.
	 *
	 * @param samples persons in it
	 * @param closed whether it is now closed (full)
	 */
	public record Filled(int samples, boolean closed) {
	}

}
