package org.epigrid.testing.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.epigrid.shared.EpochMicros;
import org.epigrid.testing.internal.lab.LabRejection;
import org.epigrid.testing.internal.lab.LabResult;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Lab results into tubes, set-based: a batch's results are checked against the tubes in
 * one statement and applied in another, which also moves the members of the tubes to
 * where they now stand (recalled, positive, to resample) and returns them all for the
 * health codes. Members of a negative tube who live in a grid are not moved: they stay
 * SAMPLED and read as negative through their sample's tube, and their grid's counter of
 * negatives is added to once per delivery, from the grid each sample carries (moving
 * them, or even looking them up, was 100,000 random reads and writes of the round's
 * persons a delivery at a city's scale). Refused results are kept with their reason.
 */
@Repository
public class ResultWriter {

	private final JdbcClient jdbc;

	ResultWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Tells the planner, for the caller's transaction only, that random reads cost about
	 * what sequential ones do (the tables are cached): a delivery's 10,000 tubes and
	 * their 100,000 members are then found through the indexes, not by hashing the whole
	 * tube and sample tables (1.2 s instead of 0.1 s for the tubes of a 10,000,000-person
	 * round, and a scan of its 9,000,000 samples).
	 */
	public void preferIndexes() {
		this.jdbc.sql("SET LOCAL random_page_cost = 1.1").update();
	}

	/**
	 * Opens a batch.
	 * @param source API, FHIR, CSV or XLSX
	 * @param lab the lab
	 * @param fileName the file's name, if any
	 * @param by who delivered it
	 * @param now when
	 * @return the batch's id
	 */
	public long batch(String source, String lab, String fileName, String by, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO testing_result_batch (source, lab, file_name, received_at, received_by)
				VALUES (:source, :lab, :file, :now, :by) RETURNING id""")
			.param("source", source)
			.param("lab", lab)
			.param("file", fileName)
			.param("now", Timestamp.from(now))
			.param("by", by)
			.query(Long.class)
			.single();
	}

	/**
	 * The tubes the barcodes name, in one statement.
	 * @param barcodes the barcodes
	 * @return for each barcode in order, its tube (id 0 when unknown)
	 */
	public List<Known> tubes(List<String> barcodes) {
		return this.jdbc.sql("""
				SELECT i.barcode, coalesce(t.id, 0) AS id, t.outcome, coalesce(t.samples, 0) AS samples
				FROM unnest(CAST(:barcodes AS text[])) WITH ORDINALITY AS i(barcode, n)
				LEFT JOIN testing_tube t ON t.barcode = i.barcode
				ORDER BY i.n""")
			.param("barcodes", barcodes.toArray(String[]::new))
			.query((rs, n) -> new Known(rs.getString("barcode"), rs.getLong("id"), rs.getString("outcome"),
					rs.getInt("samples")))
			.list();
	}

	/**
	 * Applies results to their tubes and their members, in one statement.
	 * @param batchId the batch
	 * @param tubeIds the tubes, each once, without a result yet
	 * @param results their results, in the same order
	 * @param now when
	 * @return every member of the tubes with what the result makes of them: the person,
	 * when sampled and the state for all; the sample, round, site, tube, Ct, lab and time
	 * of testing only for those not negative (99 % of a city's members are negative, and
	 * need no more for their codes; reading 100,000 full rows a delivery cost more than
	 * applying the results)
	 */
	public List<Member> apply(long batchId, List<Long> tubeIds, List<LabResult> results, Instant now) {
		return this.jdbc
			.sql("""
					WITH input AS (
					  SELECT * FROM unnest(CAST(:ids AS bigint[]), CAST(:outcomes AS text[]), CAST(:cts AS numeric[]),
					                       CAST(:labs AS text[]), CAST(:tested AS timestamptz[])) AS i(id, outcome, ct, lab, tested_at)
					), tubes AS (
					  UPDATE testing_tube t SET outcome = i.outcome, ct = i.ct, lab = i.lab, tested_at = i.tested_at,
					         batch_id = :batch, closed_at = coalesce(t.closed_at, :now)
					  FROM input i WHERE t.id = i.id AND t.outcome IS NULL
					  RETURNING t.id, t.barcode, t.outcome, t.samples, t.ct, t.lab, t.tested_at
					), members AS (
					  SELECT s.id AS sample_id, s.person_id, s.round_id, s.site_id, s.sampled_at, s.grid_id, u.barcode,
					         u.outcome, u.ct, u.lab, u.tested_at,
					         CASE WHEN u.outcome = 'NEGATIVE' THEN 'NEGATIVE'
					              WHEN u.outcome = 'POSITIVE' AND u.samples > 1 THEN 'RECALL'
					              WHEN u.outcome = 'POSITIVE' THEN 'POSITIVE'
					              ELSE 'RESAMPLE' END AS state
					  FROM tubes u JOIN testing_sample s ON s.tube_id = u.id
					), moved AS (
					  UPDATE testing_round_person r SET state = m.state, result_at = :now
					  FROM (SELECT * FROM members WHERE state <> 'NEGATIVE' OR grid_id IS NULL) m
					  WHERE r.round_id = m.round_id AND r.person_id = m.person_id AND r.sampled_at = m.sampled_at
					    AND r.state = 'SAMPLED'
					  RETURNING r.person_id
					), counted AS (
					  INSERT INTO testing_round_grid_negative AS c (round_id, grid_id, batch_id, negative)
					  SELECT m.round_id, m.grid_id, :batch, count(*) FROM members m
					  WHERE m.state = 'NEGATIVE' AND m.grid_id IS NOT NULL
					  GROUP BY m.round_id, m.grid_id
					  ORDER BY m.round_id, m.grid_id
					  ON CONFLICT (round_id, grid_id, batch_id) DO UPDATE SET negative = c.negative + EXCLUDED.negative
					  RETURNING c.grid_id
					)
					SELECT m.person_id, CAST(extract(epoch FROM m.sampled_at) * 1000000 AS bigint) AS sampled_us, m.state, x.*
					FROM members m
					LEFT JOIN LATERAL (SELECT m.sample_id, m.round_id, m.site_id, m.barcode, m.ct, m.lab, m.tested_at) x
					  ON m.state <> 'NEGATIVE'""")
			.param("ids", tubeIds.toArray(Long[]::new))
			.param("outcomes", results.stream().map(r -> r.outcome().name()).toArray(String[]::new))
			.param("cts", results.stream().map(LabResult::ct).toArray(BigDecimal[]::new))
			.param("labs", results.stream().map(LabResult::lab).toArray(String[]::new))
			.param("tested",
					results.stream()
						.map(r -> Timestamp.from((r.testedAt() == null) ? now : r.testedAt()))
						.toArray(Timestamp[]::new))
			.param("batch", batchId)
			.param("now", Timestamp.from(now))
			// columns by position: looking 100,000 rows' ten columns up by name cost a
			// sixth of the platform's own CPU time in a city's deliveries
			.query((rs, n) -> {
				String state = rs.getString(3);
				if (state.equals("NEGATIVE")) {
					return new Member(0, rs.getLong(1), 0, 0, EpochMicros.instant(rs.getLong(2)), null, state, null,
							null, null);
				}
				Timestamp tested = rs.getTimestamp(10);
				return new Member(rs.getLong(4), rs.getLong(1), rs.getLong(5), rs.getLong(6),
						EpochMicros.instant(rs.getLong(2)), rs.getString(7), state, rs.getBigDecimal(8),
						rs.getString(9), (tested == null) ? null : tested.toInstant());
			})
			.list();
	}

	/**
	 * Keeps refused results with their reasons, in one statement.
	 * @param batchId the batch
	 * @param rejections the refused results
	 */
	public void reject(long batchId, List<LabRejection> rejections) {
		if (rejections.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO testing_result_rejection (batch_id, barcode, field, reason, raw)
				SELECT :batch, b, f, r, left(w, 65536)
				FROM unnest(CAST(:barcodes AS text[]), CAST(:fields AS text[]), CAST(:reasons AS text[]),
				            CAST(:raws AS text[])) AS x(b, f, r, w)""")
			.param("batch", batchId)
			.param("barcodes", rejections.stream().map(LabRejection::barcode).toArray(String[]::new))
			.param("fields", rejections.stream().map(LabRejection::field).toArray(String[]::new))
			.param("reasons", rejections.stream().map(LabRejection::reason).toArray(String[]::new))
			.param("raws", rejections.stream().map(r -> (r.raw() == null) ? "" : r.raw()).toArray(String[]::new))
			.update();
	}

	/**
	 * Counts a batch.
	 * @param batchId the batch
	 * @param accepted results accepted
	 * @param duplicates results received again (same result)
	 * @param rejected results refused
	 */
	public void counted(long batchId, int accepted, int duplicates, int rejected) {
		this.jdbc.sql("UPDATE testing_result_batch SET accepted = :a, duplicates = :d, rejected = :r WHERE id = :id")
			.param("a", accepted)
			.param("d", duplicates)
			.param("r", rejected)
			.param("id", batchId)
			.update();
	}

	/**
	 * Batches, newest first.
	 * @param limit at most
	 * @return the batches
	 */
	public List<Batch> batches(int limit) {
		return this.jdbc
			.sql("""
					SELECT id, source, lab, file_name, received_at, received_by, accepted, duplicates, rejected,
					       (SELECT count(*) FROM testing_result_rejection x WHERE x.batch_id = b.id AND x.resolved_at IS NULL)
					         AS open
					FROM testing_result_batch b ORDER BY received_at DESC, id DESC LIMIT :limit""")
			.param("limit", limit)
			.query((rs, n) -> new Batch(rs.getLong("id"), rs.getString("source"), rs.getString("lab"),
					rs.getString("file_name"), rs.getTimestamp("received_at").toInstant(), rs.getString("received_by"),
					rs.getInt("accepted"), rs.getInt("duplicates"), rs.getInt("rejected"), rs.getInt("open")))
			.list();
	}

	/**
	 * The refused results still open, oldest first.
	 * @param batchId only this batch, or {@code null}
	 * @param limit at most
	 * @return the refused results
	 */
	public List<Rejected> rejections(Long batchId, int limit) {
		return this.jdbc.sql("""
				SELECT x.id, x.batch_id, x.barcode, x.field, x.reason, x.raw, b.lab, b.received_at
				FROM testing_result_rejection x JOIN testing_result_batch b ON b.id = x.batch_id
				WHERE x.resolved_at IS NULL AND (CAST(:batch AS bigint) IS NULL OR x.batch_id = :batch)
				ORDER BY x.id LIMIT :limit""")
			.param("batch", batchId)
			.param("limit", limit)
			.query((rs, n) -> new Rejected(rs.getLong("id"), rs.getLong("batch_id"), rs.getString("barcode"),
					rs.getString("field"), rs.getString("reason"), rs.getString("raw"), rs.getString("lab"),
					rs.getTimestamp("received_at").toInstant()))
			.list();
	}

	/**
	 * Closes a refused result (corrected by a new delivery, or dismissed).
	 * @param id the refusal
	 * @param resolution CORRECTED or DISMISSED
	 * @param by who
	 * @param now when
	 * @return whether it was open
	 */
	public boolean resolve(long id, String resolution, String by, Instant now) {
		return this.jdbc.sql("""
				UPDATE testing_result_rejection SET resolved_at = :now, resolved_by = :by, resolution = :res
				WHERE id = :id AND resolved_at IS NULL""")
			.param("id", id)
			.param("res", resolution)
			.param("by", by)
			.param("now", Timestamp.from(now))
			.update() == 1;
	}

	/**
	 * A barcode's tube as known.
	 *
	 * @param barcode the barcode
	 * @param id the tube, 0 if unknown
	 * @param outcome its result, if any
	 * @param samples persons in it
	 */
	public record Known(String barcode, long id, String outcome, int samples) {
	}

	/**
	 * A member of a tube that got its result ({@code sampleId}, {@code roundId},
	 * {@code siteId} 0 and the tube's fields {@code null} for a negative member).
	 *
	 * @param sampleId the sample
	 * @param personId the person
	 * @param roundId the round
	 * @param siteId the site
	 * @param sampledAt when sampled
	 * @param barcode the tube
	 * @param state NEGATIVE, RECALL, POSITIVE or RESAMPLE
	 * @param ct the tube's Ct value
	 * @param lab the lab
	 * @param testedAt when tested
	 */
	public record Member(long sampleId, long personId, long roundId, long siteId, Instant sampledAt, String barcode,
			String state, BigDecimal ct, String lab, Instant testedAt) {
	}

	/**
	 * A batch received.
	 *
	 * @param id id
	 * @param source source
	 * @param lab lab
	 * @param fileName file
	 * @param receivedAt when
	 * @param receivedBy who
	 * @param accepted accepted
	 * @param duplicates duplicates
	 * @param rejected refused
	 * @param open refused and not yet resolved
	 */
	public record Batch(long id, String source, String lab, String fileName, Instant receivedAt, String receivedBy,
			int accepted, int duplicates, int rejected, int open) {
	}

	/**
	 * A refused result.
	 *
	 * @param id id
	 * @param batchId its batch
	 * @param barcode the barcode, if read
	 * @param field what is wrong
	 * @param reason why
	 * @param raw as received
	 * @param lab the batch's lab
	 * @param receivedAt when received
	 */
	public record Rejected(long id, long batchId, String barcode, String field, String reason, String raw, String lab,
			Instant receivedAt) {
	}

}
