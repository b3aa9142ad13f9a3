package org.epigrid.codes;

/**
 * A new version of the health-code rules is in force; every status is computed again.
 *
 * @param version the version now in force
 */
public record CodeProtocolChanged(int version) {
}
