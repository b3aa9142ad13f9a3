package org.epigrid.datahub.internal;

import org.epigrid.datahub.RecordsImported;
import org.epigrid.population.PersonCompletion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Information completion (信息补全) after an import: what the imported records say of their
 * persons' phones and addresses goes to the population base, which fills what it lacks
 * and keeps the provenance (source, record, time). Runs after the import has committed,
 * in chunks of records; again after a restart if it was cut short.
 */
@Component
class InformationCompletion {

	private static final Logger log = LoggerFactory.getLogger(InformationCompletion.class);

	/** Records per step. */
	static final int CHUNK = 50_000;

	private final ImportedRecordReader records;

	private final PersonCompletion completion;

	InformationCompletion(ImportedRecordReader records, PersonCompletion completion) {
		this.records = records;
		this.completion = completion;
	}

	@ApplicationModuleListener
	void on(RecordsImported event) {
		ImportedRecordReader.Range range = this.records.range(event.importId()).orElse(null);
		if (range == null) {
			return;
		}
		int filled = 0;
		for (long from = range.first(); from < range.last(); from += CHUNK) {
			filled += this.completion
				.fill(this.records.fills(event.importId(), from, Math.min(range.last(), from + CHUNK)));
		}
		if (filled > 0) {
			log.info("Import {}: {} fields of persons completed", event.importId(), filled);
		}
	}

}
