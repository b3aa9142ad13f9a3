/**
 * Grid operations (网格任务, MISSION B3–B5, I4, I5, G5): everything the platform computes
 * ends at a door. Tasks for the micro-grid informant or grid worker of a person's
 * household are created in batches from the other modules' events (a round's untested, a
 * case's close contacts, inbound travellers from risk cities), exactly once per cause,
 * each with a due time from its kind's SLA and an outcome.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Grid operations")
package org.epigrid.gridops;
