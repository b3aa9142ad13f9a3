package org.epigrid.population;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.population.internal.IdentityRepository;
import org.epigrid.shared.PathPrefix;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Set-based identity look-ups for other modules that link records to persons (the data
 * hub's identity resolution). These answer "which person is this?" for the whole
 * population base, whatever the caller's jurisdiction, because linking a rail passenger
 * to the right person is a system function; they return ids only, never personal data.
 * The one exception, {@link #places}, is limited to a jurisdiction in its SQL. One SQL
 * statement per call, so a batch of 10,000 records costs one round trip, not 10,000.
 */
@Service
public class IdentityLookup {

	private final IdentityRepository identities;

	IdentityLookup(IdentityRepository identities) {
		this.identities = identities;
	}

	/**
	 * Persons by resident ID number.
	 * @param idNumbers normalised 18-character numbers
	 * @return person id by number, for the numbers that are registered (the survivor's id
	 * for a person merged into another)
	 */
	@Transactional(readOnly = true)
	public Map<String, Long> byIdNumber(Collection<String> idNumbers) {
		return this.identities.byIdNumber(idNumbers);
	}

	/**
	 * Persons by exact name and phone, where exactly one person has both.
	 * @param keys name and phone pairs
	 * @return person id by pair, for the pairs that identify one person
	 */
	@Transactional(readOnly = true)
	public Map<NameAndPhone, Long> byNameAndPhone(Collection<NameAndPhone> keys) {
		return this.identities.byNameAndPhone(keys);
	}

	/**
	 * Persons by phone where the name differs by one typed character: exactly one person
	 * has the phone, and the names have the same length (three characters or more), the
	 * same family name and one other character different. Two-character names are left
	 * out: "王伟" and "王芳" sharing a family phone are two people, not a typo.
	 * @param keys name and phone pairs that matched nobody exactly
	 * @return person id by pair, for the pairs that fit
	 */
	@Transactional(readOnly = true)
	public Map<NameAndPhone, Long> byPhoneWithSimilarName(Collection<NameAndPhone> keys) {
		return this.identities.byPhoneWithSimilarName(keys);
	}

	static boolean oneGivenNameTypo(String a, String b) {
		return IdentityRepository.oneGivenNameTypo(a, b);
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
	@Transactional(readOnly = true)
	public Map<Long, List<Candidate>> candidates(Map<Long, CandidateQuery> queries, PathPrefix within, int limit) {
		return this.identities.candidates(queries, within, limit);
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
	@Transactional
	public Map<String, Long> registerProvisional(List<ProvisionalPerson> persons, boolean phonesVerified, String path,
			String source) {
		return this.identities.registerProvisional(persons, phonesVerified, path, source);
	}

	/**
	 * Where persons live, for those inside a jurisdiction: their path, the grid above it
	 * and their household address. Persons outside the range are left out exactly like
	 * persons that do not exist.
	 * @param personIds the persons
	 * @param jurisdiction the caller's jurisdiction range
	 * @return place by person id, for the persons inside {@code jurisdiction}
	 */
	@Transactional(readOnly = true)
	public Map<Long, Place> places(Collection<Long> personIds, PathPrefix jurisdiction) {
		return this.identities.places(personIds, jurisdiction);
	}

	/**
	 * Where a person lives.
	 *
	 * @param personId the person
	 * @param path the materialised path of their place (micro-grid, grid or higher)
	 * @param gridName the name of their grid, {@code null} if the path lies above any
	 * grid
	 * @param gridPath the path of their grid, {@code null} likewise
	 * @param address their household's address, {@code null} if not in a household
	 * @param phone their phone in the population base, {@code null} if none
	 */
	public record Place(long personId, String path, String gridName, String gridPath, String address, String phone) {
	}

	/**
	 * A name and phone pair.
	 *
	 * @param name exact name
	 * @param phone normalised phone
	 */
	public record NameAndPhone(String name, String phone) {
	}

	/**
	 * What a record says about a person without an identifying number.
	 *
	 * @param name exact name
	 * @param birthDate birth date, may be {@code null}
	 * @param address an address, may be {@code null}
	 */
	public record CandidateQuery(String name, java.time.LocalDate birthDate, String address) {
	}

	/**
	 * A person who may be the one a record means.
	 *
	 * @param personId the person
	 * @param name name
	 * @param birthDate birth date, may be {@code null}
	 * @param address household address, may be {@code null}
	 * @param score 0.5 to 1.0
	 */
	public record Candidate(long personId, String name, java.time.LocalDate birthDate, String address, double score) {
	}

	/**
	 * A person to register provisionally.
	 *
	 * @param name name
	 * @param idNumber valid resident ID number
	 * @param sex sex from the ID number
	 * @param birthDate birth date from the ID number
	 * @param phone phone, may be {@code null}
	 */
	public record ProvisionalPerson(String name, String idNumber, org.epigrid.shared.Sex sex,
			java.time.LocalDate birthDate, String phone) {
	}

}
