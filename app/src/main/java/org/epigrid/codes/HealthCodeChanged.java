package org.epigrid.codes;

/**
 * A person's health code changed colour or star.
 *
 * @param personId the person
 * @param colour the new colour
 * @param star the new star
 */
public record HealthCodeChanged(long personId, Colour colour, boolean star) {
}
