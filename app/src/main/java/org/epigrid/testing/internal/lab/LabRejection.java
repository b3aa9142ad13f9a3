package org.epigrid.testing.internal.lab;

/**
 * A reported result that was not accepted, with what is wrong; it is kept for correction.
 *
 * @param barcode the tube's barcode, if it could be read, else {@code null}
 * @param field what is wrong, e.g. {@code entry[3].resource.resourceType},
 * {@code Observation.valueCodeableConcept}, {@code barcode}
 * @param reason why, in words a lab's operator understands
 * @param raw the rejected entry as received (JSON or the CSV row), at most 64 KiB
 */
public record LabRejection(String barcode, String field, String reason, String raw) {
}
