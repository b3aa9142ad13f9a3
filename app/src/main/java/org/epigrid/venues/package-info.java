/**
 * Venues: the venue registry, venue codes and their posters (场所码), entry policies by
 * crowd class, check-ins (day-partitioned, kept for the retention) and passes at
 * residential compounds' checkpoints (MISSION C3–C6, C8, C9). Asks {@code codes} for
 * verdicts and stores its own presence facts; {@code codes} does not know it (it finds a
 * venue's device's site through the {@code VerificationSiteLookup} this module
 * implements).
 */
package org.epigrid.venues;
