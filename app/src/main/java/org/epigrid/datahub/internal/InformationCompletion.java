package org.epigrid.datahub.internal;

import java.util.ArrayList;
import java.util.List;

import org.epigrid.datahub.RecordsImported;
import org.epigrid.population.PersonCompletion;
import org.epigrid.population.PersonCompletion.Field;
import org.epigrid.population.PersonCompletion.Fill;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
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

	private final JdbcClient jdbc;

	private final PersonCompletion completion;

	InformationCompletion(JdbcClient jdbc, PersonCompletion completion) {
		this.jdbc = jdbc;
		this.completion = completion;
	}

	@ApplicationModuleListener
	void on(RecordsImported event) {
		record Range(Long first, Long last) {
		}
		Range range = this.jdbc.sql("SELECT first_record_id, last_record_id FROM import_job WHERE id = :id")
			.param("id", event.importId())
			.query((rs, i) -> new Range(rs.getObject(1, Long.class), rs.getObject(2, Long.class)))
			.optional()
			.orElse(new Range(null, null));
		if (range.first() == null || range.last() == null) {
			return;
		}
		int filled = 0;
		for (long from = range.first(); from < range.last(); from += CHUNK) {
			filled += this.completion.fill(fills(event.importId(), from, Math.min(range.last(), from + CHUNK)));
		}
		if (filled > 0) {
			log.info("Import {}: {} fields of persons completed", event.importId(), filled);
		}
	}

	/**
	 * Per person and field, the newest value the job's records in (from, to] give.
	 */
	private List<Fill> fills(long jobId, long from, long to) {
		List<Fill> fills = new ArrayList<>();
		this.jdbc.sql("""
				SELECT DISTINCT ON (r.person_id, f.field) r.person_id, f.field, f.value, s.code, r.id,
				       coalesce(r.occurred_at, r.created_at) AS at, s.phones_verified
				FROM source_record r JOIN data_source s ON s.id = r.source_id
				CROSS JOIN LATERAL (VALUES ('PHONE', r.phone), ('ADDRESS', r.fields ->> 'address')) AS f(field, value)
				WHERE r.id > :from AND r.id <= :to AND r.job_id = :job AND r.person_id IS NOT NULL
				  AND f.value IS NOT NULL AND f.value <> ''
				ORDER BY r.person_id, f.field, coalesce(r.occurred_at, r.created_at) DESC, r.id DESC
				""").param("from", from).param("to", to).param("job", jobId).query(rs -> {
			fills.add(new Fill(rs.getLong(1), Field.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
					"record " + rs.getLong(5), rs.getTimestamp(6).toInstant(), rs.getBoolean(7)));
		});
		return fills;
	}

}
