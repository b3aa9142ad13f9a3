package org.epigrid.codes;

import java.io.Serializable;
import java.util.List;

import org.epigrid.codes.internal.resident.ResidentSessions;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.shared.NotFoundException;

/**
 * A resident logged in with their phone: the persons registered with it.
 *
 * @param phone the phone
 * @param persons the persons it stands for, oldest first
 */
public record ResidentPrincipal(String phone, List<Person> persons) implements Serializable {

	/**
	 * Whether the phone stands for a person.
	 * @param personId the person
	 * @return {@code true} if so
	 */
	public boolean has(long personId) {
		return this.persons.stream().anyMatch(p -> p.personId() == personId);
	}

	/**
	 * A person of the phone.
	 * @param personId the person
	 * @return the person
	 */
	public Person person(long personId) {
		return this.persons.stream().filter(p -> p.personId() == personId).findFirst().orElseThrow();
	}

	/**
	 * The person a resident's page shows: the one named, else the first.
	 * @param personId the person named, may be {@code null}
	 * @return the person
	 * @throws NotFoundException if the named person is not one of the phone's
	 */
	public Person shown(Long personId) {
		if (personId == null) {
			return this.persons.get(0);
		}
		if (!has(personId)) {
			throw new NotFoundException("person " + personId);
		}
		return person(personId);
	}

	/**
	 * The resident logged in for the current request (the residents' pages of every
	 * module ask here).
	 * @return the resident
	 * @throws org.springframework.security.access.AccessDeniedException if no resident is
	 * logged in
	 */
	public static ResidentPrincipal current() {
		return ResidentSessions.current();
	}

	/**
	 * From the directory.
	 * @param phone the phone
	 * @param residents the persons
	 * @return the principal
	 */
	public static ResidentPrincipal of(String phone, List<Resident> residents) {
		return new ResidentPrincipal(phone,
				residents.stream().map(r -> new Person(r.personId(), r.maskedName(), r.path())).toList());
	}

	/**
	 * A person, as the resident's pages show them.
	 *
	 * @param personId id
	 * @param maskedName masked name
	 * @param path where they live
	 */
	public record Person(long personId, String maskedName, String path) implements Serializable {
	}

}
