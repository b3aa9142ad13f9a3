package org.epigrid.population;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.epigrid.shared.IdNumber;
import org.epigrid.shared.Masking;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The few things about persons that residents' own pages, gates and venues need: who may
 * log in with a phone number (a phone can belong to a family: an old parent without a
 * phone of their own is registered with a child's), who an identity card read at a gate
 * belongs to, and masked names. Merged-away duplicates are never returned.
 */
@Service
public class ResidentDirectory {

	private final JdbcClient jdbc;

	ResidentDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The persons for whom a phone number is a verified login phone (registered by staff,
	 * from an authoritative source, or confirmed after an identity check). A phone that
	 * only came from an imported record does not count.
	 * @param phone a normalised phone number
	 * @return the persons, oldest first (at most 20)
	 */
	@Transactional(readOnly = true)
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
	@Transactional(readOnly = true)
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
	@Transactional(readOnly = true)
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
	 * Persons by id.
	 * @param personIds the persons
	 * @return the ones that exist
	 */
	@Transactional(readOnly = true)
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
	 * A person as a resident's own page, a gate or a venue may show them.
	 *
	 * @param personId the person
	 * @param maskedName the name masked (张*三)
	 * @param path the materialised path of where they live
	 */
	public record Resident(long personId, String maskedName, String path) {
	}

}
