package org.epigrid.datahub;

/**
 * One accepted record of an import as a list line: identifiers masked, its link, and in
 * how many sources the linked person appears (duplicate marking, 排重不去重: records are kept,
 * the person they share is shown).
 *
 * @param rowNumber the row in the file
 * @param name the name as the file gives it
 * @param maskedIdNumber masked ID number, may be {@code null}
 * @param maskedPhone masked phone, may be {@code null}
 * @param personId the linked person, {@code null} while unmatched
 * @param linkMethod how it was linked, {@code null} while unmatched
 * @param linkScore the link's score, may be {@code null}
 * @param sources in how many sources the linked person appears (0 while unmatched)
 */
public record ImportedRecord(long rowNumber, String name, String maskedIdNumber, String maskedPhone, Long personId,
		String linkMethod, Float linkScore, int sources) {
}
