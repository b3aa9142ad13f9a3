package org.epigrid.population;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.epigrid.shared.Sex;

/**
 * Everything the population base knows about a person, as one caller may see it: document
 * number and phone are masked unless the caller's role may see them
 * ({@link org.epigrid.security.PrivacyPolicy}).
 *
 * @param id id
 * @param name name
 * @param documentType document type
 * @param documentNumber document number, masked or full
 * @param documentNumberMasked whether {@code documentNumber} is masked
 * @param sex sex
 * @param birthDate birth date, may be {@code null}
 * @param phone phone, masked or full, may be {@code null}
 * @param phoneMasked whether {@code phone} is masked
 * @param populationType resident, floating or overseas
 * @param hukouPlace household-registration place (户籍地), may be {@code null}
 * @param workplace workplace, may be {@code null}
 * @param tags special-population tags
 * @param householdId household id, may be {@code null}
 * @param address household address, may be {@code null}
 * @param path jurisdiction path
 * @param gridName grid / micro-grid name
 * @param householdMembers the other members of the household (masked)
 * @param chain the four-level service chain responsible for the person
 * @param createdAt when registered
 * @param updatedAt last change
 * @param mergedInto the person this one was merged into (a duplicate), {@code null} if
 * none
 * @param phoneVerified whether the phone is a verified login phone (registered by staff,
 * from an authoritative source or the population base); otherwise a contact hint only
 * @param phoneSource where the phone came from ({@code STAFF}, a data source's code, or
 * {@code null} for the population base)
 */
public record PersonDetail(long id, String name, DocumentType documentType, String documentNumber,
		boolean documentNumberMasked, Sex sex, LocalDate birthDate, String phone, boolean phoneMasked,
		PopulationType populationType, String hukouPlace, String workplace, List<String> tags, Long householdId,
		String address, String path, String gridName, List<PersonSummary> householdMembers, List<ChainLink> chain,
		Instant createdAt, Instant updatedAt, Long mergedInto, boolean phoneVerified, String phoneSource) {
}
