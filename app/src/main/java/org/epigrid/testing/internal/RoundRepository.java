package org.epigrid.testing.internal;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.epigrid.shared.PathPrefix;
import org.epigrid.testing.RoundPopulation;
import org.epigrid.testing.TestingRound;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Testing rounds ({@code testing_round}), the divisions they cover and their persons
 * ({@code testing_round_person}): the required population is fixed set-based when a round
 * starts, each person with the grid they live in.
 */
@Repository
public class RoundRepository {

	private static final String SELECT = """
			SELECT r.*, ARRAY(SELECT t.division_id FROM testing_round_target t WHERE t.round_id = r.id
			                  ORDER BY t.division_id) AS division_ids,
			       r.due AS required_count
			FROM testing_round r\s""";

	private final JdbcClient jdbc;

	/**
	 * Reads and writes with a client (public for the benchmarks in bench/).
	 * @param jdbc the database
	 */
	public RoundRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Stores a round and the divisions it covers.
	 * @param round the round (id, required and missedAt ignored)
	 * @param path the common ancestor path of its divisions (who may see it)
	 * @param targetPaths the divisions' paths, in the order of
	 * {@code round.divisionIds()}
	 * @return its id
	 */
	public long insert(TestingRound round, String path, List<String> targetPaths) {
		long id = this.jdbc
			.sql("""
					INSERT INTO testing_round (name, path, starts_at, ends_at, population, key_tags, key_workplaces, pooling,
					                           exempt_positive_days, created_by, created_at)
					VALUES (:name, :path, :starts, :ends, :population, CAST(:tags AS text[]), CAST(:workplaces AS text[]),
					        :pooling, :days, :by, :at) RETURNING id""")
			.param("name", round.name())
			.param("path", path)
			.param("starts", Timestamp.from(round.startsAt()))
			.param("ends", Timestamp.from(round.endsAt()))
			.param("population", round.population().name())
			.param("tags", round.keyTags().toArray(String[]::new))
			.param("workplaces", round.keyWorkplaces().toArray(String[]::new))
			.param("pooling", round.pooling())
			.param("days", round.exemptPositiveDays())
			.param("by", round.createdBy())
			.param("at", Timestamp.from(round.createdAt()))
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO testing_round_target (round_id, division_id, path)
				SELECT :id, d, p FROM unnest(CAST(:ids AS bigint[]), CAST(:paths AS text[])) AS t(d, p)
				ON CONFLICT DO NOTHING""")
			.param("id", id)
			.param("ids", round.divisionIds().toArray(Long[]::new))
			.param("paths", targetPaths.toArray(String[]::new))
			.update();
		return id;
	}

	/**
	 * Fixes a round's required population in one statement: everyone its population names
	 * in its divisions, with the grid each lives in; the bedridden for the door-to-door
	 * team; then exempts those positive within the round's days.
	 * @param roundId the round
	 * @param since positives sampled after this are exempted ({@code null}: none)
	 * @return persons added
	 */
	public long fixPopulation(long roundId, Instant since) {
		TestingRound round = find(roundId, PathPrefix.of("/")).orElseThrow();
		List<Integer> depths = this.jdbc.sql("""
				SELECT DISTINCT array_length(string_to_array(path, '/'), 1) - 2 FROM population_division_place
				WHERE level = 'GRID' ORDER BY 1""").query(Integer.class).list();
		StringBuilder grid = new StringBuilder();
		StringBuilder joins = new StringBuilder();
		for (int i = 0; i < depths.size(); i++) {
			joins.append(
					" LEFT JOIN grids g%d ON g%d.path = array_to_string((string_to_array(p.path, '/'))[1 : %d], '/') || '/'"
						.formatted(i, i, depths.get(i) + 1));
			grid.append((i == 0) ? "" : ", ").append("g").append(i).append(".id");
		}
		String gridExpr = depths.isEmpty() ? "CAST(NULL AS bigint)" : "coalesce(" + grid + ", NULL)";
		String filter = switch (round.population()) {
			case ALL -> "TRUE";
			case RESIDENT -> "p.population_type = 'RESIDENT'";
			case FLOATING -> "p.population_type = 'FLOATING'";
			case KEY_GROUPS ->
				"(p.tags && CAST(:tags AS text[]) OR p.workplace LIKE ANY (CAST(:workplaces AS text[])))";
		};
		long added = this.jdbc.sql("""
				WITH grids AS MATERIALIZED (SELECT id, path FROM population_division_place WHERE level = 'GRID')
				INSERT INTO testing_round_person (round_id, person_id, grid_id, path, required, door_to_door)
				SELECT DISTINCT ON (p.person_id) :round, p.person_id, %s, p.path, TRUE, 'BEDRIDDEN' = ANY (p.tags)
				FROM testing_round_target t
				JOIN population_person_profile p ON p.path >= t.path AND p.path < left(t.path, -1) || '0'
				%s
				WHERE t.round_id = :round AND %s
				ON CONFLICT DO NOTHING""".formatted(gridExpr, joins, filter))
			.param("round", roundId)
			.param("tags", round.keyTags().toArray(String[]::new))
			.param("workplaces", round.keyWorkplaces().stream().map(w -> "%" + like(w) + "%").toArray(String[]::new))
			.update();
		if (since != null) {
			this.jdbc.sql("""
					UPDATE testing_round_person r SET exemption = 'RECENT_POSITIVE', exemption_note = NULL
					WHERE r.round_id = :round AND r.exemption IS NULL AND r.person_id IN (
					  SELECT q.person_id FROM testing_round_person q
					  WHERE q.state = 'POSITIVE' AND q.result_at > :since AND q.round_id <> :round)""")
				.param("round", roundId)
				.param("since", Timestamp.from(since))
				.update();
		}
		this.jdbc.sql("""
				UPDATE testing_round SET due = (SELECT count(*) FROM testing_round_person
				                                WHERE round_id = :round AND required AND exemption IS NULL)
				WHERE id = :round""").param("round", roundId).update();
		// the planner must know the table grew by a city (else each scan's update of a
		// person's state may be planned as a scan of the table)
		this.jdbc.sql("ANALYZE testing_round_person").update();
		return added;
	}

	/**
	 * Rounds visible in a range of paths (theirs or one of their divisions lies in it),
	 * newest first.
	 * @param range the jurisdiction
	 * @param limit at most
	 * @param offset from
	 * @return the rounds
	 */
	public List<TestingRound> list(PathPrefix range, int limit, long offset) {
		return this.jdbc
			.sql(SELECT
					+ """
							WHERE EXISTS (SELECT 1 FROM testing_round_target t WHERE t.round_id = r.id
							              AND ((t.path >= :lo AND t.path < :hi) OR (:lo >= t.path AND :lo < left(t.path, -1) || '0')))
							ORDER BY r.starts_at DESC, r.id DESC LIMIT :limit OFFSET :offset""")
			.param("lo", range.lower())
			.param("hi", range.upper())
			.param("limit", limit)
			.param("offset", offset)
			.query(this::round)
			.list();
	}

	/**
	 * A round, if visible in a range of paths.
	 * @param id the round
	 * @param range the jurisdiction
	 * @return the round
	 */
	public Optional<TestingRound> find(long id, PathPrefix range) {
		return this.jdbc.sql(SELECT + " " + """
				WHERE r.id = :id AND EXISTS (SELECT 1 FROM testing_round_target t WHERE t.round_id = r.id
				      AND ((t.path >= :lo AND t.path < :hi) OR (:lo >= t.path AND :lo < left(t.path, -1) || '0')))""")
			.param("id", id)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.query(this::round)
			.optional();
	}

	/**
	 * Rounds past their deadline whose untested were not yet reported.
	 * @param now now
	 * @return their ids
	 */
	public List<Long> dueForMissed(Instant now) {
		return this.jdbc.sql("SELECT id FROM testing_round WHERE ends_at <= :now AND missed_at IS NULL ORDER BY id")
			.param("now", Timestamp.from(now))
			.query(Long.class)
			.list();
	}

	/**
	 * Claims a round for reporting its untested (once, whoever runs it).
	 * @param roundId the round
	 * @param now now
	 * @return whether this caller claimed it
	 */
	public boolean claimMissed(long roundId, Instant now) {
		return this.jdbc.sql("UPDATE testing_round SET missed_at = :now WHERE id = :id AND missed_at IS NULL")
			.param("now", Timestamp.from(now))
			.param("id", roundId)
			.update() == 1;
	}

	/**
	 * Exempts (or un-exempts) a person of a round.
	 * @param roundId the round
	 * @param personId the person
	 * @param exemption {@code AWAY} or {@code null} to lift
	 * @param note the evidence
	 * @param range the caller's jurisdiction
	 * @return whether the person is in the round and the caller's
	 */
	public boolean exempt(long roundId, long personId, String exemption, String note, PathPrefix range) {
		return this.jdbc.sql("""
				UPDATE testing_round_person SET exemption = :e, exemption_note = :note
				WHERE round_id = :round AND person_id = :person AND required AND path >= :lo AND path < :hi""")
			.param("e", exemption)
			.param("note", note)
			.param("round", roundId)
			.param("person", personId)
			.param("lo", range.lower())
			.param("hi", range.upper())
			.update() == 1;
	}

	static String like(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private TestingRound round(ResultSet rs, int row) throws SQLException {
		Timestamp missed = rs.getTimestamp("missed_at");
		return new TestingRound(rs.getLong("id"), rs.getString("name"), rs.getTimestamp("starts_at").toInstant(),
				rs.getTimestamp("ends_at").toInstant(), RoundPopulation.valueOf(rs.getString("population")),
				strings(rs.getArray("key_tags")), strings(rs.getArray("key_workplaces")), rs.getInt("pooling"),
				rs.getInt("exempt_positive_days"), longs(rs.getArray("division_ids")), rs.getLong("required_count"),
				rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
				(missed == null) ? null : missed.toInstant());
	}

	private static List<String> strings(Array array) throws SQLException {
		return (array == null) ? List.of() : List.of((String[]) array.getArray());
	}

	private static List<Long> longs(Array array) throws SQLException {
		if (array == null) {
			return List.of();
		}
		return new ArrayList<>(Arrays.asList((Long[]) array.getArray()));
	}

}
