package org.epigrid.population;

import java.time.LocalDate;
import java.util.List;

/**
 * A person in a list: identifiers always masked.
 *
 * @param id id
 * @param name name
 * @param sex sex
 * @param birthDate birth date, may be {@code null}
 * @param documentType document type
 * @param maskedDocumentNumber masked document number
 * @param maskedPhone masked phone, may be {@code null}
 * @param address household address, may be {@code null}
 * @param gridName name of the grid or micro-grid the person belongs to
 * @param tags special-population tags
 */
public record PersonSummary(long id, String name, org.epigrid.shared.Sex sex, LocalDate birthDate,
		DocumentType documentType, String maskedDocumentNumber, String maskedPhone, String address, String gridName,
		List<String> tags) {
}
