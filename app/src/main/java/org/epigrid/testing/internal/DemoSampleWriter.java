package org.epigrid.testing.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Samples a share of a round's due persons at once, set-based, for the demo town: tubes
 * of the round's pooling at the site of each person's grid (any site when the grid has
 * none), filled in the order of grid and person, sampled at times spread over the round
 * so far. Which persons is decided by a hash of their id: the same town gives the same
 * samples. The tubes and the samples are written in the order they were sampled, as the
 * sampling sites' scans write them (a tube's samples together on disk, so that a lab's
 * delivery reads them from a few pages, as for a real round).
 */
@Repository
public class DemoSampleWriter {

	private final JdbcClient jdbc;

	/**
	 * Reads and writes with a client (public for the benchmarks in bench/).
	 * @param jdbc the database
	 */
	public DemoSampleWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Samples about {@code percent} % of a round's due persons.
	 * @param roundId the round
	 * @param percent 0 to 100
	 * @param from the first sampling time
	 * @param to the last sampling time
	 * @param by who is recorded as the sampler
	 * @return the barcodes of the tubes, in order
	 */
	public List<String> sample(long roundId, int percent, Instant from, Instant to, String by) {
		this.jdbc
			.sql("""
					CREATE TEMPORARY TABLE demo_sampled ON COMMIT DROP AS
					WITH chosen AS (
					  SELECT r.person_id, r.grid_id,
					         row_number() OVER (ORDER BY r.grid_id NULLS LAST, r.person_id) - 1 AS n
					  FROM testing_round_person r
					  WHERE r.round_id = :round AND r.required AND r.exemption IS NULL
					    AND abs(hashint8(r.person_id * 7919 + :round)) % 100 < :percent
					), sites AS (
					  SELECT DISTINCT ON (s.division_id) s.division_id, s.id FROM sampling_site s ORDER BY s.division_id, s.id
					)
					SELECT c.person_id, c.n, c.n / t.pooling AS tube,
					       coalesce(x.id, (SELECT min(id) FROM sampling_site)) AS site_id,
					       CAST(:from AS timestamptz) + (CAST(:to AS timestamptz) - CAST(:from AS timestamptz))
					         * (c.n / t.pooling * t.pooling) / greatest(1, (SELECT count(*) FROM chosen)) AS sampled_at,
					       t.pooling
					FROM chosen c
					CROSS JOIN (SELECT pooling FROM testing_round WHERE id = :round) t
					LEFT JOIN sites x ON x.division_id = c.grid_id""")
			.param("round", roundId)
			.param("percent", percent)
			.param("from", Timestamp.from(from))
			.param("to", Timestamp.from(to))
			.update();
		this.jdbc
			.sql("""
					INSERT INTO testing_tube (barcode, round_id, site_id, capacity, samples, opened_at, opened_by, closed_at)
					SELECT 'R' || :round || '-' || lpad(CAST(tube AS text), 6, '0'), :round, min(site_id), min(pooling),
					       count(*), min(sampled_at), :by, max(sampled_at)
					FROM demo_sampled GROUP BY tube ORDER BY tube""")
			.param("round", roundId)
			.param("by", by)
			.update();
		this.jdbc
			.sql("""
					INSERT INTO testing_sample (tube_id, round_id, person_id, site_id, retest, sampled_at, sampled_by, grid_id)
					SELECT t.id, :round, d.person_id, t.site_id, FALSE, d.sampled_at, :by, r.grid_id
					FROM demo_sampled d JOIN testing_tube t ON t.barcode = 'R' || :round || '-' || lpad(CAST(d.tube AS text), 6, '0')
					LEFT JOIN testing_round_person r ON r.round_id = :round AND r.person_id = d.person_id
					ORDER BY d.n""")
			.param("round", roundId)
			.param("by", by)
			.update();
		this.jdbc.sql("""
				UPDATE testing_round_person r SET state = 'SAMPLED', sampled_at = d.sampled_at
				FROM demo_sampled d WHERE r.round_id = :round AND r.person_id = d.person_id""")
			.param("round", roundId)
			.update();
		List<String> barcodes = this.jdbc
			.sql("SELECT barcode FROM testing_tube WHERE round_id = :round AND NOT retest ORDER BY barcode")
			.param("round", roundId)
			.query(String.class)
			.list();
		this.jdbc.sql("DROP TABLE demo_sampled").update();
		// the planner must see what this transaction wrote: the results applied next join
		// these tables (with the statistics of empty tables, each tube's members were
		// found
		// by scanning every sample: minutes for the demo town)
		for (String table : List.of("testing_tube", "testing_sample", "testing_round_person")) {
			this.jdbc.sql("ANALYZE " + table).update();
		}
		return barcodes;
	}

}
