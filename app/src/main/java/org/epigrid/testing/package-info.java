/**
 * Nucleic-acid testing (核酸检测, MISSION D1, D2, D4–D7, A4, J1–J3): sampling sites and their
 * live status, mass-testing rounds over divisions and grids, pooled tubes filled by
 * scanning health codes or ID numbers, transport boxes and every hand-over between site,
 * courier and lab, lab results (JSON, CSV/XLSX, HL7 FHIR R4), recall of pooled positives
 * for single-tube retests, sealed test certificates and the untested lists (应检未检) per
 * grid. Publishes test results and missed rounds to the health codes in batches
 * ({@code shared.health}) and {@link org.epigrid.testing.PositiveResult} for tracing.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Testing")
package org.epigrid.testing;
