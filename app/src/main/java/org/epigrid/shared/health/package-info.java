/**
 * Health facts about persons that several modules report and the health-code engine
 * reads: case and contact status (tracing), quarantine, residence in a risk zone (zones),
 * test results and missed testing rounds (testing), inbound travel and risk-city visits
 * (datahub), vaccination. The events carry person ids and small facts only; a module that
 * learns such a fact publishes the event, whoever needs it listens.
 */
package org.epigrid.shared.health;
