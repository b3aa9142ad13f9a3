/**
 * Case investigation and tracing (流调溯源, MISSION E1–E6, A5): cases opened from positive
 * results or by hand, and their contacts computed from data — household, shared venues
 * (from {@code venues}' presence API) and, when the protocol asks, the contacts of close
 * contacts — each with all its evidence and a level decided by the versioned contact
 * definitions. Publishes case and contact status to the health codes in batches
 * ({@code shared.health}) and {@link org.epigrid.tracing.ContactIdentified} for the
 * modules that act on contacts.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Tracing")
package org.epigrid.tracing;
