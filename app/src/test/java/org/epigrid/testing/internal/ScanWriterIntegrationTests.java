package org.epigrid.testing.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestingFixtures;
import org.epigrid.support.TestingFixtures.Grid;
import org.epigrid.testing.internal.SamplingRepository.NewSample;
import org.epigrid.testing.internal.SamplingRepository.RoundPerson;
import org.epigrid.testing.internal.ScanWriter.Pending;
import org.epigrid.testing.internal.ScanWriter.Scan;
import org.epigrid.testing.internal.ScanWriter.Written;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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

	@Autowired
	SamplingRepository writerRepository;

	@Autowired
	PlatformTransactionManager transactions;

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

	/**
	 * Retests and visitors in a batch: a retest tube takes only a person recalled in its
	 * round; a person outside the round's population (a visitor) is sampled and joins the
	 * round, not required, under the grid they live in.
	 */
	@Test
	void retestsAndVisitorsInABatch() {
		Setting s = setting(4, "复检与外来人员测试");
		TestingFixtures fixtures = new TestingFixtures(this.api, this.admin, this.jdbc, this.users);
		Grid elsewhere = fixtures.grid(3);
		String visitor = fixtures.idNumbers(elsewhere).get(0);
		long recalled = personId(s.ids.get(0));
		this.jdbc.sql("UPDATE testing_round_person SET state = 'RECALL' WHERE round_id = :r AND person_id = :p")
			.param("r", s.round)
			.param("p", recalled)
			.update();
		List<ScanWriter.PendingOpening> openings = List.of(
				opening(s.sampler, "RETEST-A-" + s.round, s.round, s.site, true),
				opening(s.sampler, "RETEST-B-" + s.round, s.round, s.site, true));
		this.writer.open(openings);
		assertThat(openings).allSatisfy(o -> assertThat(o.done().join()).isPresent());
		String routine = tube(s, "VISITING-");
		List<Pending> batch = new ArrayList<>();
		batch.add(scan(s.sampler, "RETEST-A-" + s.round, s.ids.get(0))); // 0: recalled
		batch.add(scan(s.sampler, "RETEST-B-" + s.round, s.ids.get(1))); // 1: not
																			// recalled
		batch.add(scan(s.sampler, routine, visitor)); // 2: a visitor
		batch.add(scan(s.sampler, routine, s.ids.get(2))); // 3: due in the round

		this.writer.write(batch);

		assertThat(batch.get(0).done().join().closed()).isTrue();
		assertThat(refusal(batch.get(1))).isInstanceOf(ConflictException.class)
			.hasMessageContaining("not recalled for a retest")
			.hasMessageContaining("pending");
		assertThat(batch.get(2).done().join().samples()).isEqualTo(1);
		assertThat(batch.get(3).done().join().samples()).isEqualTo(2);
		assertThat(this.jdbc
			.sql("""
					SELECT p.state || ' ' || p.required || ' ' || (p.grid_id = :g) || ' ' || (s.grid_id = :g)
					FROM testing_round_person p JOIN testing_sample s ON s.round_id = p.round_id AND s.person_id = p.person_id
					WHERE p.round_id = :r AND p.person_id = :p""")
			.param("g", elsewhere.id())
			.param("r", s.round)
			.param("p", personId(visitor))
			.query(String.class)
			.single()).isEqualTo("SAMPLED false true true");
		assertThat(this.jdbc.sql("SELECT state FROM testing_round_person WHERE round_id = :r AND person_id = :p")
			.param("r", s.round)
			.param("p", recalled)
			.query(String.class)
			.single()).isEqualTo("SAMPLED");
		assertThat(this.jdbc.sql("SELECT count(*) FROM testing_sample WHERE round_id = :r AND retest")
			.param("r", s.round)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	/**
	 * The batch's writes and its commit go in one round trip: a sample taken meanwhile
	 * (another path, between the batch's reads and its writes) stops the commit, and
	 * nothing of the batch is written — not the person marked, not the tube counted.
	 */
	@Test
	void aSampleTakenMeanwhileStopsTheWholeBatchAndItsCommit() {
		Setting s = setting(2, "同批提交测试");
		String barcode = tube(s, "COMMIT-A-");
		long tubeId = this.jdbc.sql("SELECT id FROM testing_tube WHERE barcode = :b")
			.param("b", barcode)
			.query(Long.class)
			.single();
		long first = personId(s.ids.get(0));
		long second = personId(s.ids.get(1));
		// the second person is sampled meanwhile, elsewhere
		this.writer.write(List.of(scan(s.sampler, tube(s, "COMMIT-B-"), s.ids.get(1))));
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		Throwable thrown = catchThrowable(() -> transaction.executeWithoutResult(status -> this.writerRepository
			.storeAndCommit(List.of(new RoundPerson(s.round, first), new RoundPerson(s.round, second)),
					List.of(new NewSample(tubeId, s.round, first, s.site, false, "batch-sampler"),
							new NewSample(tubeId, s.round, second, s.site, false, "batch-sampler")),
					Map.of(tubeId, 2), this.clock.instant())));
		assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
		assertThat(this.jdbc.sql("SELECT samples FROM testing_tube WHERE id = :t")
			.param("t", tubeId)
			.query(Integer.class)
			.single()).isZero();
		assertThat(this.jdbc.sql("SELECT state FROM testing_round_person WHERE round_id = :r AND person_id = :p")
			.param("r", s.round)
			.param("p", first)
			.query(String.class)
			.single()).isEqualTo("PENDING");

		// in order, the batch is written and committed: another connection sees it
		transaction.executeWithoutResult(
				status -> this.writerRepository.storeAndCommit(List.of(new RoundPerson(s.round, first)),
						List.of(new NewSample(tubeId, s.round, first, s.site, false, "batch-sampler")),
						Map.of(tubeId, 1), this.clock.instant()));
		assertThat(this.jdbc.sql("SELECT samples FROM testing_tube WHERE id = :t")
			.param("t", tubeId)
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	private long personId(String idNumber) {
		return this.jdbc.sql("SELECT id FROM person WHERE document_number = :n AND merged_into IS NULL")
			.param("n", idNumber)
			.query(Long.class)
			.single();
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
		new TestingFixtures(this.api, this.admin, this.jdbc, this.users).tube(barcode, s.round, s.site);
		return barcode;
	}

	/**
	 * The writer keeps generic plans, made from the tables' statistics; the samples and
	 * tubes grow from nothing in a city's first round, so it has them analysed each time
	 * they have doubled (a plan made for empty tables reads them whole on every batch).
	 */
	@Test
	void theSamplesAndTubesAreAnalysedAgainOnceTheyHaveDoubled() {
		Setting s = setting(5, "统计更新测试");
		String a = tube(s, "STATS-A-");
		this.jdbc.sql("ANALYZE testing_tube, testing_sample").update();
		long analysed = this.writerRepository.analysedSamples();
		List<Pending> batch = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			batch.add(scan(s.sampler, a, s.ids.get(20 + i)));
		}
		this.writer.write(batch);
		batch.forEach(p -> assertThat(p.done().join().barcode()).isEqualTo(a));
		long stored = this.jdbc.sql("SELECT count(*) FROM testing_sample").query(Long.class).single();
		assertThat(stored).isGreaterThan(analysed);

		// as many written since as the last analysis counted (at least a thousand)
		this.writer.analyseIfGrown((int) Math.max(ScanWriter.ANALYSE_AFTER, analysed)).join();

		assertThat(this.writerRepository.analysedSamples()).isEqualTo(stored);
	}

	/**
	 * The tubes opened and the scans taken at one moment are written in one transaction:
	 * a scan into a tube opened at the same moment finds it, a refused opening refuses
	 * nothing else.
	 */
	@Test
	void tubesOpenedAndScansTakenTogetherAreWrittenTogether() {
		Setting s = setting(5, "开管与采样同批测试");
		String existing = tube(s, "TOGETHER-A-");
		List<ScanWriter.PendingOpening> openings = new ArrayList<>();
		openings.add(opening(s.sampler, "TOGETHER-B-" + s.round, s.round, s.site, false));
		openings.add(opening(s.outsider, "TOGETHER-C-" + s.round, s.round, s.site, false)); // not
																							// theirs
		List<Pending> batch = new ArrayList<>();
		batch.add(scan(s.sampler, existing, s.ids.get(0)));
		batch.add(scan(s.sampler, "TOGETHER-B-" + s.round, s.ids.get(1))); // the tube
																			// opened now
		batch.add(scan(s.sampler, "TOGETHER-C-" + s.round, s.ids.get(2))); // not opened

		this.writer.openAndWrite(openings, batch);

		assertThat(openings.get(0).done().join()).hasValueSatisfying(t -> assertThat(t.samples()).isZero());
		assertThat(openings.get(1).done().join()).isEmpty();
		assertThat(batch.get(0).done().join().samples()).isEqualTo(1);
		assertThat(batch.get(1).done().join().barcode()).isEqualTo("TOGETHER-B-" + s.round);
		assertThat(batch.get(1).done().join().samples()).isEqualTo(1);
		assertThat(refusal(batch.get(2))).isInstanceOf(NotFoundException.class);
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM testing_sample s JOIN testing_tube t ON t.id = s.tube_id "
					+ "WHERE t.barcode LIKE 'TOGETHER-%'")
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	/** A grid's round (10 in 1), a site with a sampler, a sampler of another site. */
	@Test
	void tubesOpenedTogetherOpenOnlyWhenInOrderAndABarcodeOnce() {
		Setting s = setting(4, "批量开管测试");
		List<ScanWriter.PendingOpening> openings = new ArrayList<>();
		openings.add(opening(s.sampler, "OPEN-A-" + s.round, s.round, s.site, false)); // 0:
																						// fine
		openings.add(opening(s.sampler, "OPEN-A-" + s.round, s.round, s.site, false)); // 1:
																						// same
																						// barcode
		openings.add(opening(s.outsider, "OPEN-B-" + s.round, s.round, s.site, false)); // 2:
																						// not
																						// their
																						// site
		openings.add(opening(s.sampler, "OPEN-C-" + s.round, 999_999_999L, s.site, false)); // 3:
																							// no
																							// round
		openings.add(opening(s.sampler, "OPEN-D-" + s.round, s.round, s.site, true)); // 4:
																						// a
																						// retest
																						// tube
		openings.add(opening(s.sampler, "OPEN-E-" + s.round, s.round, s.site, false)); // 5:
																						// fine

		this.writer.open(openings);

		List<SamplingRepository.Tube> opened = openings.stream().map(o -> o.done().join().orElse(null)).toList();
		assertThat(opened.get(0).capacity()).isEqualTo(10);
		assertThat(opened.get(0).samples()).isZero();
		assertThat(opened.get(0).box()).isNull();
		assertThat(opened.get(1)).isNull();
		assertThat(opened.get(2)).isNull();
		assertThat(opened.get(3)).isNull();
		assertThat(opened.get(4).capacity()).isEqualTo(1);
		assertThat(opened.get(4).retest()).isTrue();
		assertThat(opened.get(5).barcode()).isEqualTo("OPEN-E-" + s.round);
		assertThat(this.jdbc.sql("SELECT barcode FROM testing_tube WHERE barcode LIKE 'OPEN-%' ORDER BY barcode")
			.query(String.class)
			.list()).containsExactly("OPEN-A-" + s.round, "OPEN-D-" + s.round, "OPEN-E-" + s.round);
		// a round that has ended takes retest tubes only
		this.jdbc.sql("UPDATE testing_round SET ends_at = :t WHERE id = :r")
			.param("t", java.sql.Timestamp.from(this.clock.instant().minusSeconds(60)))
			.param("r", s.round)
			.update();
		List<ScanWriter.PendingOpening> late = List.of(opening(s.sampler, "OPEN-F-" + s.round, s.round, s.site, false),
				opening(s.sampler, "OPEN-G-" + s.round, s.round, s.site, true));
		this.writer.open(late);
		assertThat(late.get(0).done().join()).isEmpty();
		assertThat(late.get(1).done().join()).isPresent();
	}

	private static ScanWriter.PendingOpening opening(Caller caller, String barcode, long round, long site,
			boolean retest) {
		return new ScanWriter.PendingOpening(
				new ScanWriter.Opening(barcode, round, site, retest, caller.userId(), caller.username()),
				new CompletableFuture<>());
	}

	private Setting setting(int gridOffset, String name) {
		TestingFixtures fixtures = new TestingFixtures(this.api, this.admin, this.jdbc, this.users);
		Grid grid = fixtures.grid(gridOffset);
		List<String> ids = fixtures.idNumbers(grid);
		assertThat(ids).hasSizeGreaterThanOrEqualTo(30);
		long site = fixtures.site(grid, name + "采样点");
		Caller sampler = fixtures.staff(site, "batch-sampler", Role.SAMPLER).caller();
		Caller outsider = fixtures.staff(fixtures.site(grid, name + "另一采样点"), "batch-outsider", Role.SAMPLER).caller();
		long round = fixtures.round(name, grid, 10, this.clock.instant()).get("id").asLong();
		return new Setting(round, site, sampler, outsider, ids);
	}

	private record Setting(long round, long site, Caller sampler, Caller outsider, List<String> ids) {
	}

}
