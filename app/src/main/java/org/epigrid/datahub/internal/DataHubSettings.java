package org.epigrid.datahub.internal;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The data hub's settings, each default written here once. Bound at {@code epigrid}
 * rather than {@code epigrid.datahub}: the identity threshold was documented as
 * {@code epigrid.identity.auto-link-threshold} before the module had a record, and keeps
 * that name.
 *
 * @param identity how imported records are linked to persons ({@code epigrid.identity.*})
 * @param datahub the hub's own settings ({@code epigrid.datahub.*})
 */
@ConfigurationProperties("epigrid")
public record DataHubSettings(@DefaultValue Identity identity, @DefaultValue Hub datahub) {

	/**
	 * Linking records to persons.
	 *
	 * @param autoLinkThreshold the score a name + birth date + address match needs to
	 * link a record without a person deciding (and it must clearly beat the runner-up)
	 */
	public record Identity(@DefaultValue("0.9") double autoLinkThreshold) {

	}

	/**
	 * The hub's own settings.
	 *
	 * @param riskCities cities with risk areas (names as sources write them, e.g.
	 * {@code 武汉}): an imported inbound traveller whose origin contains one of them is
	 * published as {@code InboundFromRiskCity} and {@code RiskCityVisited} (the health
	 * code's yellow until a negative test, and its travel star); none by default
	 */
	public record Hub(@DefaultValue List<String> riskCities) {

		/**
		 * Drops blank names.
		 * @param riskCities the names
		 */
		public Hub {
			riskCities = (riskCities == null) ? List.of()
					: riskCities.stream().map(String::strip).filter(c -> !c.isEmpty()).toList();
		}

	}

}
