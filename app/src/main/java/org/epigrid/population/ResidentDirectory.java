package org.epigrid.population;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.epigrid.population.internal.ResidentRepository;
import org.epigrid.shared.IdNumber;

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

	private final ResidentRepository residents;

	ResidentDirectory(ResidentRepository residents) {
		this.residents = residents;
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
		return this.residents.byPhone(phone);
	}

	/**
	 * Whether a phone is on file for someone only as an unconfirmed contact (so that the
	 * phone's owner, having proved they hold it, can be told to have it confirmed).
	 * @param phone a normalised phone number
	 * @return {@code true} if some person has it, unverified
	 */
	@Transactional(readOnly = true)
	public boolean hasUnverified(String phone) {
		return this.residents.hasUnverified(phone);
	}

	/**
	 * The person holding an identity document (a resident ID card, read at a gate).
	 * @param idNumber a valid ID number
	 * @return the person, if registered
	 */
	@Transactional(readOnly = true)
	public Optional<Resident> byIdNumber(IdNumber idNumber) {
		return this.residents.byIdNumber(idNumber);
	}

	/**
	 * The persons holding identity documents, looked up together.
	 * @param idNumbers valid ID numbers
	 * @return the registered ones, by ID number ({@link IdNumber#value()})
	 */
	@Transactional(readOnly = true)
	public Map<String, Resident> byIdNumbers(Collection<IdNumber> idNumbers) {
		return this.residents.byIdNumbers(idNumbers);
	}

	/**
	 * Persons by id.
	 * @param personIds the persons
	 * @return the ones that exist
	 */
	@Transactional(readOnly = true)
	public Map<Long, Resident> byIds(Collection<Long> personIds) {
		return this.residents.byIds(personIds);
	}

	/**
	 * The other members of the households of persons, in one statement (tracing: a case's
	 * household are its first contacts).
	 * @param personIds the persons
	 * @return one pair per person and other member of their household (persons without a
	 * household have none; merged-away records are left out)
	 */
	@Transactional(readOnly = true)
	public List<HouseholdMember> householdMembers(Collection<Long> personIds) {
		return this.residents.householdMembers(personIds);
	}

	/**
	 * A person and another member of their household.
	 *
	 * @param personId the person
	 * @param memberId the other member
	 * @param householdId their household
	 */
	public record HouseholdMember(long personId, long memberId, long householdId) {
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
