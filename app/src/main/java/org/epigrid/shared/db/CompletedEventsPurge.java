package org.epigrid.shared.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.CompletedEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes the outbox's completed events once they are older than
 * {@code epigrid.db.keep-completed-events}: the event publication registry keeps every
 * event it has handed to its listeners, and a city's results add some 90 events of 2.6 MB
 * a round, so without this the table grows until the disk is full. Events not yet handled
 * by every listener are never deleted (they are handed over again after a restart).
 */
@Component
class CompletedEventsPurge {

	private static final Logger log = LoggerFactory.getLogger(CompletedEventsPurge.class);

	// absent where the platform runs without its event registry (a restore)
	private final ObjectProvider<CompletedEventPublications> completed;

	private final DatabaseProperties properties;

	CompletedEventsPurge(ObjectProvider<CompletedEventPublications> completed, DatabaseProperties properties) {
		this.completed = completed;
		this.properties = properties;
	}

	/** Deletes the completed events older than the setting, every hour. */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT10M")
	void purge() {
		this.completed.ifAvailable(events -> {
			events.deletePublicationsOlderThan(this.properties.keepCompletedEvents());
			log.debug("Completed events older than {} deleted", this.properties.keepCompletedEvents());
		});
	}

}
