package org.epigrid.population;

/**
 * Two persons were found to be one: everything about the duplicate now belongs to the
 * survivor.
 *
 * @param mergeId the merge (to undo it)
 * @param survivorId the person that stays
 * @param duplicateId the person merged into it
 */
public record PersonsMerged(long mergeId, long survivorId, long duplicateId) {
}
