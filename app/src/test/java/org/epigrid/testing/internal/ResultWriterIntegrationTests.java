package org.epigrid.testing.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestingFixtures;
import org.epigrid.support.TestingFixtures.Grid;
import org.epigrid.testing.TubeOutcome;
import org.epigrid.testing.internal.ScanWriter.Pending;
import org.epigrid.testing.internal.ScanWriter.Scan;
import org.epigrid.testing.internal.lab.LabResult;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labs deliver at the same time: two deliveries of negatives for the same grid do not
 * wait for each other (each adds its own counts), and the grid's count is their sum.
 */
@IntegrationTest
class ResultWriterIntegrationTests extends AdminApiTest {

	@Autowired
	ResultWriter results;

	@Autowired
	ScanWriter scans;

	@Autowired
	UserManagement users;

	@Test
	void twoLabsDeliveringNegativesForOneGridAtOnceDoNotWaitForEachOther() throws Exception {
		TestingFixtures fixtures = new TestingFixtures(this.api, this.admin, this.jdbc, this.users);
		Grid grid = fixtures.grid(5);
		List<String> ids = fixtures.idNumbers(grid);
		long site = fixtures.site(grid, "两实验室同时回传采样点");
		Caller sampler = fixtures.staff(site, "two-labs-sampler", Role.SAMPLER).caller();
		long round = fixtures.round("两实验室同时回传", grid, 10, this.clock.instant()).get("id").asLong();
		long first = sampledTube(round, site, sampler, "TWO-LABS-A-" + round, ids.subList(0, 3));
		long second = sampledTube(round, site, sampler, "TWO-LABS-B-" + round, ids.subList(3, 6));

		// the first lab's delivery is applied and not yet committed when the second's is
		CountDownLatch applied = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		CompletableFuture<Integer> firstLab = CompletableFuture.supplyAsync(() -> this.tx.execute(status -> {
			int members = delivery(first, "TWO-LABS-A-" + round);
			applied.countDown();
			await(release);
			return members;
		}));
		assertThat(applied.await(10, TimeUnit.SECONDS)).as(() -> firstLab.isCompletedExceptionally()
				? org.springframework.core.NestedExceptionUtils.getMostSpecificCause(firstLab.exceptionNow())
					.getMessage()
				: "the first lab")
			.isTrue();
		try {
			int secondMembers = this.tx.execute(status -> {
				// waiting for the first lab's locks would fail here instead of hanging
				this.jdbc.sql("SET LOCAL lock_timeout = '2s'").update();
				return delivery(second, "TWO-LABS-B-" + round);
			});
			assertThat(secondMembers).isEqualTo(3);
		}
		finally {
			release.countDown();
		}
		assertThat(firstLab.get(10, TimeUnit.SECONDS)).isEqualTo(3);

		assertThat(this.jdbc
			.sql("SELECT CAST(sum(negative) AS bigint) FROM testing_round_grid_negative WHERE round_id = :r")
			.param("r", round)
			.query(Long.class)
			.single()).isEqualTo(6);
		assertThat(this.jdbc.sql("SELECT count(*) FROM testing_round_grid_negative WHERE round_id = :r")
			.param("r", round)
			.query(Long.class)
			.single()).as("a row of each delivery").isEqualTo(2);
	}

	/** Opens a tube and samples these persons into it; the tube's id. */
	private long sampledTube(long round, long site, Caller sampler, String barcode, List<String> idNumbers) {
		new TestingFixtures(this.api, this.admin, this.jdbc, this.users).tube(barcode, round, site);
		List<Pending> batch = new ArrayList<>();
		for (String id : idNumbers) {
			batch.add(new Pending(new Scan(sampler, barcode, "idNumber", null, id), new CompletableFuture<>()));
		}
		this.scans.write(batch);
		batch.forEach(p -> assertThat(p.done().join().barcode()).isEqualTo(barcode));
		return this.jdbc.sql("SELECT id FROM testing_tube WHERE barcode = :b")
			.param("b", barcode)
			.query(Long.class)
			.single();
	}

	/**
	 * A lab's delivery of one negative tube, in the caller's transaction; its members.
	 */
	private int delivery(long tubeId, String barcode) {
		this.results.preferIndexes();
		long batch = this.results.batch("API", "测试实验室", null, "lab", this.clock.instant());
		return this.results
			.apply(batch, List.of(tubeId),
					List.of(new LabResult(barcode, TubeOutcome.NEGATIVE, null, "测试实验室", this.clock.instant())),
					this.clock.instant())
			.size();
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException("not released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
