package org.epigrid.population;

import java.time.LocalDate;
import java.util.List;

import org.epigrid.shared.Sex;

/**
 * A person to register. Field names are those of the API.
 *
 * @param name name, required
 * @param documentType document type, {@code RESIDENT_ID} when {@code null}
 * @param idNumber document number, required; a resident ID must pass GB 11643
 * @param sex sex; derived from a resident ID when {@code null}
 * @param birthDate birth date; derived from a resident ID when {@code null}
 * @param phone phone, optional
 * @param householdId household the person lives in, optional
 * @param divisionId grid or division the person belongs to when no household is given
 * @param hukouPlace household-registration place, optional
 * @param populationType {@code RESIDENT} when {@code null}
 * @param tags special-population tags, optional
 * @param workplace workplace, optional
 */
public record NewPerson(String name, DocumentType documentType, String idNumber, Sex sex, LocalDate birthDate,
		String phone, Long householdId, Long divisionId, String hukouPlace, PopulationType populationType,
		List<String> tags, String workplace) {
}
