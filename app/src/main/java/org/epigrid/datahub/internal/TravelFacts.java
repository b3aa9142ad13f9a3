package org.epigrid.datahub.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.epigrid.datahub.DataCategory;
import org.epigrid.datahub.RecordsImported;
import org.epigrid.shared.health.InboundFromRiskCity;
import org.epigrid.shared.health.RiskCityVisited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * The data hub learns inbound travel, so it publishes it: after an import of inbound
 * travellers, the linked persons who arrived from a risk city
 * ({@code epigrid.datahub.risk-cities}) are published as {@link InboundFromRiskCity} and
 * {@link RiskCityVisited} (whoever arrives from a city was there), one pair of events per
 * {@value #CHUNK} records. Runs after the import has committed; again after a restart if
 * it was cut short.
 */
@Component
class TravelFacts {

	private static final Logger log = LoggerFactory.getLogger(TravelFacts.class);

	/** Records per step (and at most as many entries per event). */
	static final int CHUNK = 10_000;

	private final ImportedRecordReader records;

	private final ApplicationEventPublisher events;

	private final List<String> riskCities;

	private final Clock clock;

	TravelFacts(ImportedRecordReader records, ApplicationEventPublisher events, DataHubSettings settings, Clock clock) {
		this.records = records;
		this.events = events;
		this.riskCities = settings.datahub().riskCities();
		this.clock = clock;
	}

	@ApplicationModuleListener
	void on(RecordsImported event) {
		if (event.category() != DataCategory.INBOUND_TRAVELLER || this.riskCities.isEmpty()) {
			return;
		}
		ImportedRecordReader.Range range = this.records.range(event.importId()).orElse(null);
		if (range == null) {
			return;
		}
		Instant now = this.clock.instant();
		long published = 0;
		for (long from = range.first(); from < range.last(); from += CHUNK) {
			List<ImportedRecordReader.RiskArrival> arrivals = this.records.riskArrivals(event.importId(), from,
					Math.min(range.last(), from + CHUNK), this.riskCities, now);
			if (arrivals.isEmpty()) {
				continue;
			}
			this.events.publishEvent(new InboundFromRiskCity(arrivals.stream()
				.map(a -> new InboundFromRiskCity.Arrival(a.personId(), a.origin(), a.at()))
				.toList()));
			this.events.publishEvent(new RiskCityVisited(
					arrivals.stream().map(a -> new RiskCityVisited.Visit(a.personId(), a.origin(), a.at())).toList()));
			published += arrivals.size();
		}
		if (published > 0) {
			log.info("Import {}: {} arrivals from risk cities published", event.importId(), published);
		}
	}

}
