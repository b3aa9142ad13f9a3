package org.epigrid.datahub;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.epigrid.datahub.internal.RecordPlaces;
import org.epigrid.support.FreshDataFolder;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Upgrading a database with imported records to V14: place names and keys are derived
 * from the records already there (the same keys the import computes), and each job's
 * records keep being found by their id range.
 */
class ImportSpeedMigrationTests {

	@Test
	void recordsImportedBeforeV14GetTheirPlaceKeysAndRanges() throws Exception {
		try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
			.setDataDirectory(FreshDataFolder.newFolder())
			.setCleanDataDirectory(false)
			.setPGStartupWait(Duration.ofSeconds(60))
			.start()) {
			DataSource db = pg.getPostgresDatabase();
			Flyway.configure().dataSource(db).target("13").load().migrate();
			JdbcClient jdbc = JdbcClient.create(db);
			long source = jdbc.sql("""
					INSERT INTO data_source (code, name, department, category, mapping, created_at, updated_at)
					VALUES ('rail', '铁路', '铁路局', 'INBOUND_TRAVELLER', '{}', now(), now()) RETURNING id
					""").query(Long.class).single();
			long letters = jdbc.sql("""
					INSERT INTO data_source (code, name, department, category, mapping, created_at, updated_at)
					VALUES ('letters', '协查函', '疾控', 'ASSISTANCE_LETTER', '{}', now(), now()) RETURNING id
					""").query(Long.class).single();
			long job = job(jdbc, source, "a");
			long letterJob = job(jdbc, letters, "b");
			jdbc.sql(
					"""
							INSERT INTO source_record (job_id, source_id, category, row_number, name, occurred_at, fields, created_at)
							VALUES (:j, :s, 'INBOUND_TRAVELLER', 2, '甲', '2026-01-10 00:30:00+00',
							        '{"originCity": "天津市", "destination": "乐清市城东街道"}', now()),
							       (:j, :s, 'INBOUND_TRAVELLER', 3, '乙', NULL, '{"originCity": "天津市"}', now()),
							       (:l, :ls, 'ASSISTANCE_LETTER', 2, '丙', NULL, '{"riskArea": "天津市河西区"}', '2026-01-12 08:00:00+00')
							""")
				.param("j", job)
				.param("s", source)
				.param("l", letterJob)
				.param("ls", letters)
				.update();

			Flyway.configure().dataSource(db).load().migrate();

			long tianjin = place(jdbc, "天津市");
			long destination = place(jdbc, "乐清市城东街道");
			long riskArea = place(jdbc, "天津市河西区");
			assertThat(keys(jdbc, job, 2)).containsExactlyInAnyOrder(
					RecordPlaces.key(RecordPlaces.ORIGIN, tianjin, LocalDate.of(2026, 1, 10)),
					RecordPlaces.key(RecordPlaces.DESTINATION, destination, LocalDate.of(2026, 1, 10)));
			// no time, no keys: the record says nothing about a window
			assertThat(keys(jdbc, job, 3)).isEmpty();
			// a letter without exposure time counts by its import day
			assertThat(keys(jdbc, letterJob, 2))
				.containsExactly(RecordPlaces.key(RecordPlaces.RISK_AREA, riskArea, LocalDate.of(2026, 1, 12)));
			assertThat(jdbc.sql("""
					SELECT count(*) FROM import_job j JOIN source_record r
					  ON r.id > j.first_record_id AND r.id <= j.last_record_id AND r.job_id = j.id
					WHERE j.id = :j
					""").param("j", job).query(Long.class).single()).isEqualTo(2);
			assertThatThrownBy(() -> jdbc.sql("DELETE FROM import_job WHERE id = :j").param("j", job).update())
				.isInstanceOf(DataAccessException.class);
		}
	}

	private static long job(JdbcClient jdbc, long source, String hash) {
		return jdbc.sql("""
				INSERT INTO import_job (source_id, file_name, stored_file, content_hash, size_bytes, state, created_by,
				                        jurisdiction, created_at)
				VALUES (:s, 'f.csv', '/tmp/f.csv', :h, 1, 'COMPLETED', 'test', '01', now()) RETURNING id
				""").param("s", source).param("h", hash).query(Long.class).single();
	}

	private static long place(JdbcClient jdbc, String name) {
		return jdbc.sql("SELECT id FROM record_place WHERE name = :n").param("n", name).query(Long.class).single();
	}

	private static List<Long> keys(JdbcClient jdbc, long job, int row) {
		return jdbc.sql("SELECT unnest(place_keys) FROM source_record WHERE job_id = :j AND row_number = :r")
			.param("j", job)
			.param("r", row)
			.query(Long.class)
			.list();
	}

}
