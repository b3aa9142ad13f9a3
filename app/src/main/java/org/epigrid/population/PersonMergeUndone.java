package org.epigrid.population;

/**
 * A merge was undone: what moved to the survivor goes back to the duplicate.
 *
 * @param mergeId the merge
 * @param survivorId the person that stayed
 * @param duplicateId the person that is separate again
 */
public record PersonMergeUndone(long mergeId, long survivorId, long duplicateId) {
}
