package org.epigrid.datahub.internal;

import org.epigrid.population.PersonMergeUndone;
import org.epigrid.population.PersonsMerged;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps source records with the right person when persons are merged or a merge is
 * undone: records move to the survivor, and each move is remembered so that the undo puts
 * it back.
 */
@Component
class MergeRelinkWriter {

	private final JdbcClient jdbc;

	MergeRelinkWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@ApplicationModuleListener
	void on(PersonsMerged event) {
		this.jdbc.sql("""
				WITH moved AS (
				  UPDATE source_record SET person_id = :survivor WHERE person_id = :duplicate RETURNING id
				)
				INSERT INTO source_record_relink (merge_id, record_id, from_person_id)
				SELECT :merge, id, :duplicate FROM moved
				""")
			.param("survivor", event.survivorId())
			.param("duplicate", event.duplicateId())
			.param("merge", event.mergeId())
			.update();
	}

	@ApplicationModuleListener
	void on(PersonMergeUndone event) {
		this.jdbc.sql("""
				UPDATE source_record r SET person_id = l.from_person_id
				FROM source_record_relink l WHERE l.merge_id = :merge AND l.record_id = r.id
				""").param("merge", event.mergeId()).update();
		this.jdbc.sql("DELETE FROM source_record_relink WHERE merge_id = :merge")
			.param("merge", event.mergeId())
			.update();
	}

}
