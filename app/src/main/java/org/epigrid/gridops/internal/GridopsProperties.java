package org.epigrid.gridops.internal;

import java.time.Duration;

import org.epigrid.gridops.TaskKind;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of grid operations ({@code epigrid.gridops.*}), every default in this one
 * place (the README's configuration table documents them).
 *
 * @param untestedSla how long after a round's deadline its untested residents' tasks are
 * due ({@code untested-sla})
 * @param closeContactSla how long after a person becomes a close contact the task to tell
 * them is due ({@code close-contact-sla})
 * @param inboundSla how long after an arrival from a risk city its verification is due
 * ({@code inbound-sla})
 * @param escalationGrace how long the next level up the chain has for a task escalated to
 * it before it climbs again ({@code escalation-grace})
 * @param escalationCheck how often overdue tasks are escalated ({@code escalation-check})
 */
@ConfigurationProperties("epigrid.gridops")
public record GridopsProperties(@DefaultValue("PT4H") Duration untestedSla,
		@DefaultValue("PT2H") Duration closeContactSla, @DefaultValue("PT24H") Duration inboundSla,
		@DefaultValue("PT2H") Duration escalationGrace, @DefaultValue("PT1M") Duration escalationCheck) {

	/**
	 * Checks the settings.
	 * @param untestedSla positive
	 * @param closeContactSla positive
	 * @param inboundSla positive
	 * @param escalationGrace positive
	 * @param escalationCheck positive
	 */
	public GridopsProperties {
		for (Duration d : new Duration[] { untestedSla, closeContactSla, inboundSla, escalationGrace,
				escalationCheck }) {
			if (d.isNegative() || d.isZero()) {
				throw new IllegalStateException("epigrid.gridops.*-sla must be positive durations");
			}
		}
	}

	/**
	 * A kind's SLA.
	 * @param kind the kind
	 * @return how long after its cause a task is due
	 */
	public Duration slaOf(TaskKind kind) {
		return switch (kind) {
			case UNTESTED -> this.untestedSla;
			case CLOSE_CONTACT -> this.closeContactSla;
			case INBOUND_TRAVELLER -> this.inboundSla;
		};
	}

}
