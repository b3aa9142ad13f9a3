package org.epigrid.testing.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.IntegrationTest;
import org.epigrid.testing.internal.ScanWriter.Pending;
import org.epigrid.testing.internal.ScanWriter.Scan;
import org.epigrid.testing.internal.ScanWriter.Written;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Scans arriving together are checked in their order of arrival exactly as lone scans
 * would be — a tube filling up within the batch, the same person twice within it, an
 * unknown tube, a caller of another site, a wrong ID number — each refused whole with its
 * field, and the accepted ones written together; scans from many threads at once never
 * overfill a tube.
 */
@IntegrationTest
class ScanWriterIntegrationTests extends AdminApiTest {

	@Autowired
	ScanWriter writer;

	@Autowired
	UserManagement users;

	@Test
	void scansArrivingTogetherAreCheckedInOrderAndWrittenTogether() {
		Setting s = setting(5, "批量写入测试");
		String a = tube(s, "BATCH-A-");
		String b = tube(s, "BATCH-B-");
		List<Pending> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(scan(s.sampler, a, s.ids.get(i)));
		}
		batch.add(scan(s.sampler, a, s.ids.get(10))); // 10: the tube filled up just
														// before
		batch.add(scan(s.sampler, b, s.ids.get(0))); // 11: sampled a moment ago, in a
		batch.add(scan(s.outsider, b, s.ids.get(11))); // 12: not their site
		batch.add(scan(s.sampler, "BATCH-NONE-" + s.round, s.ids.get(11))); // 13
		batch.add(scan(s.sampler, b, "110101199003070000")); // 14: check digit wrong
		batch.add(scan(s.sampler, b, s.ids.get(11))); // 15: fine
		batch.add(scan(s.sampler, b, s.ids.get(11))); // 16: the same person again
		long before = samples(s.round);

		this.writer.write(batch);

		for (int i = 0; i < 10; i++) {
			Written written = batch.get(i).done().join();
			assertThat(written.samples()).isEqualTo(i + 1);
			assertThat(written.closed()).isEqualTo(i == 9);
			assertThat(written.maskedName()).contains("*");
		}
		assertThat(refusal(batch.get(10))).isInstanceOf(ConflictException.class)
			.hasMessageContaining("closed (full: 10 of 10)");
		assertThat(refusal(batch.get(11))).isInstanceOf(ConflictException.class)
			.hasMessageContaining("already sampled")
			.hasMessageContaining(a);
		assertThat(((FieldErrorsException) refusal(batch.get(12))).errors().get(0).field()).isEqualTo("siteId");
		assertThat(refusal(batch.get(13))).isInstanceOf(NotFoundException.class);
		assertThat(((FieldErrorsException) refusal(batch.get(14))).errors().get(0).field()).isEqualTo("idNumber");
		assertThat(batch.get(15).done().join().samples()).isEqualTo(1);
		assertThat(refusal(batch.get(16))).isInstanceOf(ConflictException.class)
			.hasMessageContaining("already sampled")
			.hasMessageContaining(b);

		// written together: eleven samples, the tubes counted, the persons sampled
		assertThat(samples(s.round) - before).isEqualTo(11);
		assertThat(this.jdbc.sql("SELECT samples FROM testing_tube WHERE barcode = :b AND closed_at IS NOT NULL")
			.param("b", a)
			.query(Integer.class)
			.single()).isEqualTo(10);
		assertThat(this.jdbc.sql("SELECT samples FROM testing_tube WHERE barcode = :b AND closed_at IS NULL")
			.param("b", b)
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT count(*) FROM testing_round_person WHERE round_id = :r AND state = 'SAMPLED'")
			.param("r", s.round)
			.query(Long.class)
			.single()).isEqualTo(11);
	}

	@Test
	void scansFromManyThreadsNeverOverfillATube() throws Exception {
		Setting s = setting(5, "并发写入测试");
		List<String> tubes = List.of(tube(s, "MANY-A-"), tube(s, "MANY-B-"));
		int persons = 30;
		ExecutorService pool = Executors.newFixedThreadPool(8);
		try {
			List<Future<Object>> outcomes = new ArrayList<>();
			for (int i = 0; i < persons; i++) {
				Scan scan = new Scan(s.sampler, tubes.get(i % 2), "idNumber", null, s.ids.get(i));
				outcomes.add(pool.submit(() -> {
					try {
						return this.writer.write(scan);
					}
					catch (RuntimeException ex) {
						return ex;
					}
				}));
			}
			int written = 0;
			for (Future<Object> outcome : outcomes) {
				Object o = outcome.get();
				if (o instanceof Written) {
					written++;
				}
				else {
					assertThat(o).isInstanceOf(ConflictException.class);
					assertThat(((Exception) o).getMessage()).containsAnyOf("full", "closed");
				}
			}
			assertThat(written).isEqualTo(20);
		}
		finally {
			pool.shutdown();
		}
		for (String tube : tubes) {
			assertThat(this.jdbc.sql("""
					SELECT t.samples FROM testing_tube t WHERE t.barcode = :b
					  AND t.samples = (SELECT count(*) FROM testing_sample s WHERE s.tube_id = t.id)""")
				.param("b", tube)
				.query(Integer.class)
				.single()).isEqualTo(10);
		}
	}

	private Pending scan(Caller caller, String tube, String idNumber) {
		return new Pending(new Scan(caller, tube, "idNumber", null, idNumber), new CompletableFuture<>());
	}

	private static Throwable refusal(Pending pending) {
		Throwable thrown = catchThrowable(() -> pending.done().join());
		assertThat(thrown).as("refused").isNotNull();
		return thrown.getCause();
	}

	private long samples(long round) {
		return this.jdbc.sql("SELECT count(*) FROM testing_sample WHERE round_id = :r")
			.param("r", round)
			.query(Long.class)
			.single();
	}

	private String tube(Setting s, String prefix) {
		String barcode = prefix + s.round;
		assertThat(this.api
			.post(this.admin, "/api/v1/testing/tubes",
					"{\"barcode\":\"%s\",\"roundId\":%d,\"siteId\":%d}".formatted(barcode, s.round, s.site))
			.status()).isEqualTo(201);
		return barcode;
	}

	/** A grid's round (10 in 1), a site with a sampler, a sampler of another site. */
	private Setting setting(int gridOffset, String name) {
		record Grid(long id, String path) {
		}
		Grid grid = this.jdbc.sql("SELECT id, path FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET :n")
			.param("n", gridOffset)
			.query((rs, i) -> new Grid(rs.getLong("id"), rs.getString("path")))
			.single();
		List<String> ids = this.jdbc
			.sql("""
					SELECT document_number FROM person
					WHERE merged_into IS NULL AND document_type = 'RESIDENT_ID' AND path >= :lo AND path < :hi ORDER BY id""")
			.param("lo", grid.path())
			.param("hi", grid.path().substring(0, grid.path().length() - 1) + "0")
			.query(String.class)
			.list();
		assertThat(ids).hasSizeGreaterThanOrEqualTo(30);
		long site = site(grid.id(), name + "采样点");
		long other = site(grid.id(), name + "另一采样点");
		Caller sampler = staff(site, "batch-sampler");
		Caller outsider = staff(other, "batch-outsider");
		Instant now = this.clock.instant();
		var round = this.api.post(this.admin, "/api/v1/testing/rounds", """
				{"name":"%s","startsAt":"%s","endsAt":"%s","population":"ALL","pooling":10,"divisionIds":[%d]}"""
			.formatted(name, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(6)), grid.id()));
		assertThat(round.status()).as(round.body()).isEqualTo(201);
		return new Setting(round.json().get("id").asLong(), site, sampler, outsider, ids);
	}

	private long site(long grid, String name) {
		var site = this.api.post(this.admin, "/api/v1/testing/sites", """
				{"name":"%s","kind":"MASS","divisionId":%d,"address":"测试路2号","lon":120.6,"lat":31.4,
				 "stations":4,"capacityPerHour":240}""".formatted(name, grid));
		assertThat(site.status()).as(site.body()).isEqualTo(201);
		return site.json().get("id").asLong();
	}

	private Caller staff(long site, String prefix) {
		String username = prefix + "-" + site;
		long userId = this.users.create(new NewUser(username, "采样员", "sampler-password", EnumSet.of(Role.SAMPLER), "/"))
			.id();
		assertThat(this.api.put(this.admin, "/api/v1/testing/sites/" + site + "/staff/" + userId, "").status())
			.isEqualTo(204);
		return new Caller(userId, username, "采样员", EnumSet.of(Role.SAMPLER), "/");
	}

	private record Setting(long round, long site, Caller sampler, Caller outsider, List<String> ids) {
	}

}
