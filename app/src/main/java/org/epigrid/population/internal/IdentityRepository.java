package org.epigrid.population.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.population.IdentityLookup.Candidate;
import org.epigrid.population.IdentityLookup.CandidateQuery;
import org.epigrid.population.IdentityLookup.NameAndPhone;
import org.epigrid.population.IdentityLookup.Place;
import org.epigrid.population.IdentityLookup.ProvisionalPerson;
import org.epigrid.shared.PathPrefix;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of the identity look-ups ({@code IdentityLookup}): one per call,
 * set-based.
 */
@Repository
public class IdentityRepository {

	private final JdbcClient jdbc;

	private final Clock clock;

	IdentityRepository(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Persons by resident ID number.
	 * @param idNumbers normalised 18-character numbers
	 * @return person id by number, for the numbers that are registered (the survivor's id
	 * for a person merged into another)
	 */
	public Map<String, Long> byIdNumber(Collection<String> idNumbers) {
		Map<String, Long> result = new HashMap<>();
		if (idNumbers.isEmpty()) {
			return result;
		}
		this.jdbc.sql("""
				SELECT document_number, coalesce(merged_into, id) FROM person
				WHERE document_number = ANY(:numbers) AND document_type = 'RESIDENT_ID'
				""").param("numbers", idNumbers.toArray(String[]::new)).query(rs -> {
			result.put(rs.getString(1), rs.getLong(2));
		});
		return result;
	}

	/**
	 * Persons by exact name and phone, where exactly one person has both.
	 * @param keys name and phone pairs
	 * @return person id by pair, for the pairs that identify one person
	 */
	public Map<NameAndPhone, Long> byNameAndPhone(Collection<NameAndPhone> keys) {
		Map<NameAndPhone, Long> result = new HashMap<>();
		if (keys.isEmpty()) {
			return result;
		}
		Set<NameAndPhone> distinct = new LinkedHashSet<>(keys);
		this.jdbc.sql("""
				SELECT p.name, p.phone, min(p.id) AS id
				FROM person p JOIN unnest(CAST(:names AS text[]), CAST(:phones AS text[])) AS k(name, phone)
				  ON p.phone = k.phone AND p.name = k.name AND p.merged_into IS NULL
				GROUP BY p.name, p.phone HAVING count(*) = 1
				""")
			// each pair once: a pair given twice would join its person twice and look
			// ambiguous
			.param("names", distinct.stream().map(NameAndPhone::name).toArray(String[]::new))
			.param("phones", distinct.stream().map(NameAndPhone::phone).toArray(String[]::new))
			.query(rs -> {
				result.put(new NameAndPhone(rs.getString(1), rs.getString(2)), rs.getLong(3));
			});
		return result;
	}

	/**
	 * Persons by phone where the name differs by one typed character: exactly one person
	 * has the phone, and the names have the same length (three characters or more), the
	 * same family name and one other character different. Two-character names are left
	 * out: "王伟" and "王芳" sharing a family phone are two people, not a typo.
	 * @param keys name and phone pairs that matched nobody exactly
	 * @return person id by pair, for the pairs that fit
	 */
	public Map<NameAndPhone, Long> byPhoneWithSimilarName(Collection<NameAndPhone> keys) {
		Map<NameAndPhone, Long> result = new HashMap<>();
		if (keys.isEmpty()) {
			return result;
		}
		Map<String, List<Long>> idsByPhone = new HashMap<>();
		Map<Long, String> names = new HashMap<>();
		this.jdbc.sql("SELECT id, name, phone FROM person WHERE phone = ANY(:phones) AND merged_into IS NULL")
			.param("phones", keys.stream().map(NameAndPhone::phone).distinct().toArray(String[]::new))
			.query(rs -> {
				idsByPhone.computeIfAbsent(rs.getString("phone"), k -> new java.util.ArrayList<>())
					.add(rs.getLong("id"));
				names.put(rs.getLong("id"), rs.getString("name"));
			});
		for (NameAndPhone key : keys) {
			List<Long> ids = idsByPhone.get(key.phone());
			if (ids != null && ids.size() == 1 && oneGivenNameTypo(key.name(), names.get(ids.get(0)))) {
				result.put(key, ids.get(0));
			}
		}
		return result;
	}

	/**
	 * Candidates for records that carry neither an ID number nor a phone that identifies
	 * someone: persons with the same name (and the same birth date, when the record has
	 * one), scored by how well their household address matches the record's address.
	 * Score: 0.5 for the name, 0.3 more for the birth date, up to 0.2 more for the
	 * address (trigram similarity).
	 * @param queries what each record says, keyed by the caller's own key
	 * @param within only persons under this path range (a caller's jurisdiction), or
	 * {@code null} for the whole base (system linking)
	 * @param limit the most candidates per query
	 * @return candidates per key, best first
	 */
	public Map<Long, List<Candidate>> candidates(Map<Long, CandidateQuery> queries, PathPrefix within, int limit) {
		Map<Long, List<Candidate>> result = new HashMap<>();
		if (queries.isEmpty()) {
			return result;
		}
		List<Long> keys = List.copyOf(queries.keySet());
		this.jdbc.sql("""
				SELECT key, id, name, birth_date, address, score FROM (
				  SELECT k.key, p.id, p.name, p.birth_date, h.address,
				         0.5 + CASE WHEN k.birth IS NOT NULL AND p.birth_date = k.birth THEN 0.3 ELSE 0 END
				             + CASE WHEN k.address IS NOT NULL AND h.address IS NOT NULL
				                    THEN 0.2 * similarity(h.address, k.address) ELSE 0 END AS score,
				         row_number() OVER (PARTITION BY k.key ORDER BY p.id) AS n
				  FROM unnest(CAST(:keys AS bigint[]), CAST(:names AS text[]), CAST(:births AS date[]),
				              CAST(:addresses AS text[])) AS k(key, name, birth, address)
				  JOIN person p ON p.name = k.name AND (k.birth IS NULL OR p.birth_date = k.birth)
				  LEFT JOIN household h ON h.id = p.household_id
				  WHERE p.path >= :lo AND p.path < :hi AND p.merged_into IS NULL
				) c
				WHERE n <= 200
				ORDER BY key, score DESC, id
				""")
			.param("keys", keys.toArray(Long[]::new))
			.param("names", keys.stream().map(k -> queries.get(k).name()).toArray(String[]::new))
			.param("births", keys.stream()
				.map(k -> queries.get(k).birthDate() == null ? null : java.sql.Date.valueOf(queries.get(k).birthDate()))
				.toArray(java.sql.Date[]::new))
			.param("addresses", keys.stream().map(k -> queries.get(k).address()).toArray(String[]::new))
			.param("lo", within == null ? "" : within.lower())
			.param("hi", within == null ? "\uffff" : within.upper())
			.query(rs -> {
				List<Candidate> list = result.computeIfAbsent(rs.getLong("key"), k -> new java.util.ArrayList<>());
				if (list.size() < limit) {
					java.sql.Date birth = rs.getDate("birth_date");
					list.add(new Candidate(rs.getLong("id"), rs.getString("name"),
							birth == null ? null : birth.toLocalDate(), rs.getString("address"),
							rs.getDouble("score")));
				}
			});
		return result;
	}

	/**
	 * Registers persons known only from imported records, flagged provisional until
	 * confirmed. A number registered meanwhile (by someone else) is not registered again:
	 * its existing person is returned.
	 * @param persons the persons, each with a valid resident ID number
	 * @param phonesVerified whether their phones come from a source authoritative for
	 * phones (then they are login phones; otherwise contact hints only)
	 * @param path the jurisdiction path they are placed under
	 * @param source where they come from (e.g. the import), kept on the person
	 * @return person id by ID number, for every given person
	 */
	public Map<String, Long> registerProvisional(List<ProvisionalPerson> persons, boolean phonesVerified, String path,
			String source) {
		if (persons.isEmpty()) {
			return Map.of();
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		Map<String, Long> ids = new HashMap<>();
		this.jdbc.sql("""
				INSERT INTO person (name, document_type, document_number, sex, birth_date, phone, path, population_type,
				                    tags, created_at, updated_at, provisional, provisional_source, phone_verified,
				                    phone_source)
				SELECT n, 'RESIDENT_ID', d, s, b, ph, :path, 'FLOATING', '{}', :now, :now, TRUE, :source,
				       ph IS NOT NULL AND :verified, CASE WHEN ph IS NOT NULL THEN left(:source, 64) END
				FROM unnest(CAST(:names AS text[]), CAST(:numbers AS text[]), CAST(:sexes AS text[]),
				            CAST(:births AS date[]), CAST(:phones AS text[])) AS t(n, d, s, b, ph)
				ON CONFLICT (document_number, document_type) DO NOTHING
				RETURNING document_number, id
				""")
			.param("path", path)
			.param("now", now)
			.param("source", source)
			.param("verified", phonesVerified)
			.param("names", persons.stream().map(ProvisionalPerson::name).toArray(String[]::new))
			.param("numbers", persons.stream().map(ProvisionalPerson::idNumber).toArray(String[]::new))
			.param("sexes", persons.stream().map(p -> p.sex().name()).toArray(String[]::new))
			.param("births",
					persons.stream().map(p -> java.sql.Date.valueOf(p.birthDate())).toArray(java.sql.Date[]::new))
			.param("phones", persons.stream().map(ProvisionalPerson::phone).toArray(String[]::new))
			.query((rs, i) -> ids.put(rs.getString(1), rs.getLong(2)))
			.list();
		// numbers registered meanwhile by someone else
		List<String> existing = persons.stream()
			.map(ProvisionalPerson::idNumber)
			.filter(n -> !ids.containsKey(n))
			.toList();
		if (!existing.isEmpty()) {
			ids.putAll(byIdNumber(existing));
		}
		return ids;
	}

	/**
	 * Where persons live, for those inside a jurisdiction: their path, the grid above it
	 * and their household address. Persons outside the range are left out exactly like
	 * persons that do not exist.
	 * @param personIds the persons
	 * @param jurisdiction the caller's jurisdiction range
	 * @return place by person id, for the persons inside {@code jurisdiction}
	 */
	public Map<Long, Place> places(Collection<Long> personIds, PathPrefix jurisdiction) {
		Map<Long, Place> result = new HashMap<>();
		if (personIds.isEmpty()) {
			return result;
		}
		// the grid is the deepest GRID node whose path is a prefix of the person's path,
		// looked up once per place (thousands of persons share a few hundred places)
		this.jdbc.sql("""
				WITH p AS MATERIALIZED (
					SELECT id, path, household_id, phone FROM person
					WHERE id = ANY(:ids) AND path >= :lo AND path < :hi
				),
				grids AS (
					SELECT x.path, g.name, g.path AS grid_path
					FROM (SELECT DISTINCT path FROM p) AS x
					LEFT JOIN LATERAL (SELECT d.name, d.path FROM division d
					                   WHERE d.level = 'GRID' AND d.path <= x.path
					                   ORDER BY d.path DESC LIMIT 1) g ON starts_with(x.path, g.path)
				)
				SELECT p.id, p.path, grids.name AS grid_name, grids.grid_path, h.address, p.phone
				FROM p JOIN grids ON grids.path = p.path
				LEFT JOIN household h ON h.id = p.household_id
				""")
			.param("ids", personIds.stream().distinct().toArray(Long[]::new))
			.param("lo", jurisdiction.lower())
			.param("hi", jurisdiction.upper())
			.query(rs -> {
				long id = rs.getLong("id");
				result.put(id, new Place(id, rs.getString("path"), rs.getString("grid_name"), rs.getString("grid_path"),
						rs.getString("address"), rs.getString("phone")));
			});
		return result;
	}

	/**
	 * Whether two names differ by one typed character of the given name (same length,
	 * three characters or more, same family name).
	 * @param a a name
	 * @param b another
	 * @return whether
	 */
	public static boolean oneGivenNameTypo(String a, String b) {
		int[] x = a.codePoints().toArray();
		int[] y = b.codePoints().toArray();
		if (x.length != y.length || x.length < 3 || x[0] != y[0]) {
			return false;
		}
		int differences = 0;
		for (int i = 1; i < x.length; i++) {
			differences += (x[i] != y[i]) ? 1 : 0;
		}
		return differences == 1;
	}

}
