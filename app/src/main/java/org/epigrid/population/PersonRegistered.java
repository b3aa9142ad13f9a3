package org.epigrid.population;

/**
 * A person was added to the population base.
 *
 * @param personId the new person's id
 * @param path the jurisdiction path they were registered under
 */
public record PersonRegistered(long personId, String path) {
}
