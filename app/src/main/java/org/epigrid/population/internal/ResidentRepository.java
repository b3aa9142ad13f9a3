package org.epigrid.population.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.Masking;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The statements of the resident directory ({@code ResidentDirectory}): persons as
 * residents' pages, gates and venues see them.
 */
@Repository
public class ResidentRepository {

	private final JdbcClient jdbc;

	ResidentRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The persons for whom a phone number is a verified login phone (registered by staff,
	 * from an authoritative source, or confirmed after an identity check). A phone that
	 * only came from an imported record does not count.
	 * @param phone a normalised phone number
	 * @return the persons, oldest first (at most 20)
	 */
	public List<Resident> byPhone(String phone) {
		return this.jdbc.sql("""
				SELECT id, name, path FROM person
				WHERE phone = :phone AND phone_verified AND merged_into IS NULL
				ORDER BY birth_date NULLS LAST, id LIMIT 20
				""").param("phone", phone).query((rs, i) -> resident(rs)).list();
	}

	/**
	 * Whether a phone is on file for someone only as an unconfirmed contact (so that the
	 * phone's owner, having proved they hold it, can be told to have it confirmed).
	 * @param phone a normalised phone number
	 * @return {@code true} if some person has it, unverified
	 */
	public boolean hasUnverified(String phone) {
		return this.jdbc.sql("""
				SELECT EXISTS (SELECT 1 FROM person WHERE phone = :phone AND NOT phone_verified AND merged_into IS NULL)
				""").param("phone", phone).query(Boolean.class).single();
	}

	/**
	 * The person holding an identity document (a resident ID card, read at a gate).
	 * @param idNumber a valid ID number
	 * @return the person, if registered
	 */
	public Optional<Resident> byIdNumber(IdNumber idNumber) {
		return this.jdbc.sql("""
				SELECT COALESCE(merged_into, id) AS id FROM person
				WHERE document_number = :n AND document_type = 'RESIDENT_ID'
				ORDER BY merged_into NULLS FIRST LIMIT 1
				""")
			.param("n", idNumber.value())
			.query(Long.class)
			.optional()
			.flatMap(id -> Optional.ofNullable(byIds(List.of(id)).get(id)));
	}

	/**
	 * The persons holding identity documents, in one statement (a sampling site's scans,
	 * written together).
	 * @param idNumbers valid ID numbers
	 * @return the registered ones, by ID number
	 */
	public Map<String, Resident> byIdNumbers(Collection<IdNumber> idNumbers) {
		Map<String, Resident> result = new HashMap<>();
		if (idNumbers.isEmpty()) {
			return result;
		}
		this.jdbc.sql("""
				SELECT DISTINCT ON (p.document_number) p.document_number, q.id, q.name, q.path
				FROM person p JOIN person q ON q.id = COALESCE(p.merged_into, p.id)
				WHERE p.document_number = ANY(:numbers) AND p.document_type = 'RESIDENT_ID'
				ORDER BY p.document_number, p.merged_into NULLS FIRST""")
			.param("numbers", idNumbers.stream().map(IdNumber::value).distinct().toArray(String[]::new))
			.query(rs -> {
				result.put(rs.getString("document_number"), resident(rs));
			});
		return result;
	}

	/**
	 * Persons by id.
	 * @param personIds the persons
	 * @return the ones that exist
	 */
	public Map<Long, Resident> byIds(Collection<Long> personIds) {
		Map<Long, Resident> result = new HashMap<>();
		if (personIds.isEmpty()) {
			return result;
		}
		this.jdbc.sql("SELECT id, name, path FROM person WHERE id = ANY(:ids)")
			.param("ids", personIds.toArray(Long[]::new))
			.query(rs -> {
				Resident resident = resident(rs);
				result.put(resident.personId(), resident);
			});
		return result;
	}

	private static Resident resident(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Resident(rs.getLong("id"), Masking.name(rs.getString("name")), rs.getString("path"));
	}

	/**
	 * The other members of the households of persons.
	 * @param personIds the persons
	 * @return one pair per person and other member
	 */
	public List<ResidentDirectory.HouseholdMember> householdMembers(Collection<Long> personIds) {
		if (personIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("""
					SELECT p.id, m.id, p.household_id
					FROM person p JOIN person m ON m.household_id = p.household_id AND m.id <> p.id AND m.merged_into IS NULL
					WHERE p.id = ANY(CAST(:ids AS bigint[])) AND p.household_id IS NOT NULL
					ORDER BY p.id, m.id""")
			.param("ids", personIds.stream().distinct().toArray(Long[]::new))
			.query((rs, i) -> new ResidentDirectory.HouseholdMember(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
			.list();
	}

}
