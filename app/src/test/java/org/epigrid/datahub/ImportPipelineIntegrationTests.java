package org.epigrid.datahub;

import java.util.List;
import java.util.UUID;

import org.epigrid.support.Api;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A job is read and resolved on one thread and written on another, batch by batch: what
 * one batch creates (a provisional person) must still be found by the later batches, and
 * the records' place keys must be what inbound screening looks for.
 */
@IntegrationTest
class ImportPipelineIntegrationTests {

	/** More rows than two batches of the import (10,000 each). */
	private static final int ROWS = 21_000;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void anUnknownIdNumberSeenInSeveralBatchesMakesOneProvisionalPerson() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		String newcomer = TestIds.valid();
		StringBuilder csv = new StringBuilder("姓名,身份证号,联系电话,出发地,到达时间,目的地\n");
		for (int i = 1; i <= ROWS; i++) {
			if (i == 1 || i == 12_000 || i == 20_400) {
				// the newcomer, in the first, second and third batch
				csv.append("纪新来,").append(newcomer).append(",13900001111,天津市,2026-01-10 08:00,乐清市城东街道\n");
			}
			else if (i == 20_450) {
				// the newcomer without an ID number: same name and phone
				csv.append("纪新来,,13900001111,天津市,2026-01-11 08:00,乐清市城东街道\n");
			}
			else {
				csv.append("旅客").append(i).append(',').append(TestIds.valid()).append(",,杭州东,2026-01-10 09:00,\n");
			}
		}
		long job = api.importCsv(admin, "rail-arrivals", "rail-" + UUID.randomUUID() + ".csv", csv.toString());

		List<Long> provisional = this.jdbc.sql("SELECT id FROM person WHERE document_number = :n")
			.param("n", newcomer)
			.query(Long.class)
			.list();
		assertThat(provisional).hasSize(1);
		assertThat(this.jdbc.sql("""
				SELECT row_number || ' ' || link_method FROM source_record
				WHERE job_id = :j AND person_id = :p ORDER BY row_number
				""").param("j", job).param("p", provisional.get(0)).query(String.class).list())
			.containsExactly("2 PROVISIONAL", "12001 ID_NUMBER", "20401 ID_NUMBER", "20451 NAME_PHONE");
		assertThat(this.jdbc.sql("SELECT count(*) FROM source_record WHERE job_id = :j")
			.param("j", job)
			.query(Long.class)
			.single()).isEqualTo(ROWS);

		// each place name once; a record's keys name its origin and destination on its
		// day
		assertThat(this.jdbc.sql("SELECT count(*) FROM record_place WHERE name IN ('天津市', '杭州东', '乐清市城东街道')")
			.query(Long.class)
			.single()).isEqualTo(3);
		List<Long> keys = this.jdbc.sql("""
				SELECT unnest(place_keys) FROM source_record WHERE job_id = :j AND row_number = 2
				""").param("j", job).query(Long.class).list();
		long day = java.time.LocalDate.of(2026, 1, 10).toEpochDay();
		long tianjin = place("天津市");
		long destination = place("乐清市城东街道");
		assertThat(keys).containsExactlyInAnyOrder(1_000_000_000_000_000L + tianjin * 1_000_000L + day,
				2_000_000_000_000_000L + destination * 1_000_000L + day);
		// a record without a destination carries its origin only
		assertThat(
				this.jdbc.sql("SELECT cardinality(place_keys) FROM source_record WHERE job_id = :j AND row_number = 3")
					.param("j", job)
					.query(Integer.class)
					.single())
			.isEqualTo(1);
	}

	@Test
	void theSamePersonTwiceInOneListWithoutIdNumberIsLinkedBothTimes() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		record Known(long id, String name, String phone) {
		}
		// someone whose name and phone nobody else shares
		Known p = this.jdbc.sql("""
				SELECT p.id, p.name, p.phone FROM person p
				WHERE p.phone IS NOT NULL AND p.merged_into IS NULL
				  AND NOT EXISTS (SELECT 1 FROM person q WHERE q.phone = p.phone AND q.id <> p.id)
				  AND NOT EXISTS (SELECT 1 FROM source_record r WHERE r.person_id = p.id)
				ORDER BY p.id LIMIT 1 OFFSET 5
				""").query((rs, i) -> new Known(rs.getLong(1), rs.getString(2), rs.getString(3))).single();
		String row = p.name() + ",," + p.phone() + ",天津,2026-01-10 08:00\n";
		long job = api.importCsv(admin, "rail-arrivals", "rail-" + UUID.randomUUID() + ".csv",
				"姓名,身份证号,联系电话,出发地,到达时间\n" + row + row + row);
		assertThat(this.jdbc.sql("""
				SELECT coalesce(person_id, 0) || ' ' || coalesce(link_method, '-') FROM source_record
				WHERE job_id = :j ORDER BY row_number
				""").param("j", job).query(String.class).list()).containsExactly(p.id() + " NAME_PHONE",
				p.id() + " NAME_PHONE", p.id() + " NAME_PHONE");
	}

	@Test
	void recordsNeedTheirJobAndJobsWithRecordsStay() {
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		long job = api.importCsv(admin, "rail-arrivals", "rail-" + UUID.randomUUID() + ".csv",
				"姓名,身份证号,出发地,到达时间\n甲," + TestIds.valid() + ",天津,2026-01-10 08:00\n");
		long source = this.jdbc.sql("SELECT source_id FROM import_job WHERE id = :j")
			.param("j", job)
			.query(Long.class)
			.single();

		assertThatThrownBy(() -> this.jdbc.sql("""
				INSERT INTO source_record (job_id, source_id, category, row_number, fields, created_at)
				VALUES (999999999, :s, 'INBOUND_TRAVELLER', 1, '{}', now())
				""").param("s", source).update()).isInstanceOf(DataAccessException.class)
			.hasMessageContaining("import job 999999999");
		// the job's source must be the record's source
		assertThatThrownBy(() -> this.jdbc.sql("""
				INSERT INTO source_record (job_id, source_id, category, row_number, fields, created_at)
				VALUES (:j, :s + 1000, 'INBOUND_TRAVELLER', 99, '{}', now())
				""").param("j", job).param("s", source).update()).isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> this.jdbc.sql("DELETE FROM import_job WHERE id = :j").param("j", job).update())
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("has source records");
		assertThatThrownBy(() -> this.jdbc.sql("UPDATE source_record SET job_id = job_id + 1 WHERE job_id = :j")
			.param("j", job)
			.update()).isInstanceOf(DataAccessException.class);
		assertThat(this.jdbc.sql("SELECT count(*) FROM source_record WHERE job_id = :j")
			.param("j", job)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	private long place(String name) {
		return this.jdbc.sql("SELECT id FROM record_place WHERE name = :n").param("n", name).query(Long.class).single();
	}

}
