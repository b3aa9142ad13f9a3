package org.epigrid.tracing;

/**
 * A change to a case: any of its state, classification or hospital.
 *
 * @param state the new state (only forward), may be {@code null}
 * @param classification the new classification, may be {@code null}
 * @param hospital where it is treated (at most 200 characters), may be {@code null}
 */
public record CaseChange(CaseState state, CaseClassification classification, String hospital) {
}
