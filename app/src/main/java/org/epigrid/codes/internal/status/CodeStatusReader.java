package org.epigrid.codes.internal.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads stored statuses ({@code code_status}) and their history with the text facts their
 * reasons name, and aggregates of statuses within a jurisdiction, filtered in SQL through
 * the places population publishes ({@code population_person_place}).
 */
@Component
public class CodeStatusReader {

	private static final String TEXT_FACTS;

	static {
		StringJoiner joiner = new StringJoiner(", ");
		for (Fact fact : Fact.values()) {
			if (fact.type() == Fact.Type.TEXT) {
				joiner.add("f." + fact.column());
			}
		}
		TEXT_FACTS = joiner.toString();
	}

	private final JdbcClient jdbc;

	CodeStatusReader(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * How many persons living in a jurisdiction have each colour, among persons with a
	 * stored status.
	 * @param jurisdiction the range of paths
	 * @return count per colour rank (0 green, 1 yellow, 2 red); ranks nobody has are
	 * missing
	 */
	/**
	 * The stored statuses of some persons, and the persons with facts but no stored
	 * status (their status is the default: {@link StoredStatus#isDefault()}); persons
	 * with neither are missing.
	 * @param personIds the persons
	 * @return their statuses, in no order
	 */
	public List<StoredStatus> stored(Collection<Long> personIds) {
		return this.jdbc.sql("""
				SELECT i.id, s.colour, s.star, s.reasons, s.protocol_version, s.changed_at,
				       f.negative_test_at, %s
				FROM unnest(CAST(:ids AS bigint[])) AS i(id)
				LEFT JOIN code_status s ON s.person_id = i.id
				LEFT JOIN code_fact f ON f.person_id = i.id
				WHERE s.person_id IS NOT NULL OR f.person_id IS NOT NULL
				""".formatted(TEXT_FACTS)).param("ids", personIds.toArray(Long[]::new)).query((rs, i) -> {
			Timestamp negative = rs.getTimestamp(7);
			Timestamp changed = rs.getTimestamp(6);
			boolean stored = rs.getObject(2) != null;
			return new StoredStatus(rs.getLong(1), stored ? rs.getInt(2) : -1, stored && rs.getBoolean(3),
					stored ? (String[]) rs.getArray(4).getArray() : new String[0], stored ? rs.getInt(5) : 0,
					(changed == null) ? null : changed.toInstant(), (negative == null) ? null : negative.toInstant(),
					texts(rs, 8));
		}).list();
	}

	/**
	 * How a person's code changed, newest first.
	 * @param personId the person
	 * @return at most 200 changes
	 */
	public List<StoredChange> history(long personId) {
		return this.jdbc.sql("""
				SELECT h.at, h.colour, h.star, h.reasons, h.protocol_version, h.cause, %s
				FROM code_status_history h LEFT JOIN code_fact f ON f.person_id = h.person_id
				WHERE h.person_id = :id ORDER BY h.at DESC, h.id DESC LIMIT 200
				""".formatted(TEXT_FACTS))
			.param("id", personId)
			.query((rs, i) -> new StoredChange(rs.getTimestamp(1).toInstant(), rs.getInt(2), rs.getBoolean(3),
					(String[]) rs.getArray(4).getArray(), rs.getInt(5), rs.getString(6), texts(rs, 7)))
			.list();
	}

	/** The text facts (for the reasons' placeholders), read from a column on. */
	private static Map<String, String> texts(ResultSet rs, int firstColumn) throws SQLException {
		Map<String, String> texts = new HashMap<>();
		int column = firstColumn;
		for (Fact fact : Fact.values()) {
			if (fact.type() == Fact.Type.TEXT) {
				texts.put(fact.key(), rs.getString(column++));
			}
		}
		return texts;
	}

	public Map<Integer, Long> countsByColour(PathPrefix jurisdiction) {
		Map<Integer, Long> counts = new HashMap<>();
		this.jdbc.sql("""
				SELECT s.colour, count(*) FROM code_status s
				JOIN population_person_place p ON p.person_id = s.person_id
				WHERE p.path >= :lower AND p.path < :upper
				GROUP BY s.colour
				""").param("lower", jurisdiction.lower()).param("upper", jurisdiction.upper()).query(rs -> {
			counts.put(rs.getInt(1), rs.getLong(2));
		});
		return counts;
	}

	/**
	 * A stored status.
	 *
	 * @param personId the person
	 * @param colour the colour's rank, -1 for a person with facts but no stored status
	 * @param star the travel star
	 * @param reasons the reasons' codes
	 * @param protocolVersion by which rules
	 * @param changedAt since when ({@code null} without a stored status)
	 * @param negativeTestAt the latest negative test, {@code null} if none
	 * @param texts the text facts by key, for the reasons' placeholders
	 */
	public record StoredStatus(long personId, int colour, boolean star, String[] reasons, int protocolVersion,
			Instant changedAt, Instant negativeTestAt, Map<String, String> texts) {

		/**
		 * @return whether the person has facts but no stored status: the rules give them
		 * what they give for no facts
		 */
		public boolean isDefault() {
			return this.colour < 0;
		}

	}

	/**
	 * A change in a person's history.
	 *
	 * @param at when
	 * @param colour the colour's rank
	 * @param star the travel star
	 * @param reasons the reasons' codes
	 * @param protocolVersion by which rules
	 * @param cause what caused it
	 * @param texts the person's text facts now, for the reasons' placeholders
	 */
	public record StoredChange(Instant at, int colour, boolean star, String[] reasons, int protocolVersion,
			String cause, Map<String, String> texts) {
	}

}
