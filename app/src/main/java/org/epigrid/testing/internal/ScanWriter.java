package org.epigrid.testing.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.epigrid.codes.Checked;
import org.epigrid.codes.CodeVerification;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.TooManyRequestsException;
import org.epigrid.testing.SamplingManagement;
import org.epigrid.testing.internal.SamplingRepository.NewSample;
import org.epigrid.testing.internal.SamplingRepository.Previous;
import org.epigrid.testing.internal.SamplingRepository.RoundPerson;
import org.epigrid.testing.internal.SamplingRepository.ScanKey;
import org.epigrid.testing.internal.SamplingRepository.Seen;
import org.epigrid.testing.internal.SamplingRepository.Tube;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes sampling scans, all the scans that arrive together in one transaction (group
 * commit): a city's thousands of sampling points scan thousands of persons a second, and
 * one transaction of a few statements per scan cannot keep up on a small server. Each
 * caller hands its scan over and waits until it is committed or refused; one writer locks
 * the batch's tubes (in id order), checks every scan in its order of arrival exactly as a
 * lone scan would be checked (unknown tube, not the caller's site, a closed or full tube,
 * nobody found, the same person twice in a round, a retest of someone not recalled), then
 * stores the accepted ones with one statement per table. A scan is refused whole with its
 * field and reason, or written whole; if the batch's transaction fails for any other
 * reason, its scans are written one by one, so one bad scan never takes the others with
 * it.
 */
@Component
public class ScanWriter implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ScanWriter.class);

	/** The fewest samples written before the growing tables are analysed again. */
	static final int ANALYSE_AFTER = 1_000;

	/** How long a caller waits for its scan to be written. */
	private static final long WAIT_SECONDS = 30;

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final SamplingRepository samples;

	private final SiteRepository sites;

	private final CodeVerification codes;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final int batch;

	private final BlockingQueue<Item> queue;

	private final int writers;

	private volatile boolean running;

	private final List<Thread> threads = new ArrayList<>();

	/**
	 * Samples written since the growing tables were last analysed, and how many samples
	 * that analysis counted ({@code -1}: not read yet).
	 */
	private long writtenSinceAnalysis;

	private long analysedSamples = -1;

	/** The last analysis started (done when none is running). */
	private CompletableFuture<Void> analysis = CompletableFuture.completedFuture(null);

	ScanWriter(SamplingRepository samples, SiteRepository sites, CodeVerification codes,
			PlatformTransactionManager transactions, Clock clock, TestingProperties properties) {
		this.samples = samples;
		this.sites = sites;
		this.codes = codes;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
		this.batch = properties.scansPerWrite();
		this.queue = new ArrayBlockingQueue<>(properties.scanQueue());
		this.writers = properties.scanWriters();
	}

	/**
	 * Writes a scan and returns once it is committed.
	 * @param scan the scan
	 * @return the tube after it
	 * @throws RuntimeException the scan's refusal (not found, a field's error, a
	 * conflict), or why it could not be written
	 */
	public Written write(Scan scan) {
		Pending pending = new Pending(scan, new CompletableFuture<>());
		if (!this.running) {
			write(List.of(pending));
		}
		else if (!this.queue.offer(pending)) {
			throw new TooManyRequestsException("the platform is taking more scans than it can write: scan again",
					Duration.ofSeconds(1));
		}
		try {
			return pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while writing a scan", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException refusal) {
				throw refusal;
			}
			throw new IllegalStateException(ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new TooManyRequestsException(
					"the scan was not confirmed within " + WAIT_SECONDS + " s: scan again to see whether it was taken",
					Duration.ofSeconds(1));
		}
	}

	/**
	 * Opens a tube if everything is in order, with the other tubes opened at the same
	 * moment in one statement and one commit (a city's samplers open a tube every ten
	 * scans): see {@link SamplingRepository#genericPlansAndOpen}.
	 * @param opening the tube to open, its fields present and well-formed
	 * @return the tube, empty if anything is not in order (nothing written)
	 */
	public Optional<Tube> open(Opening opening) {
		PendingOpening pending = new PendingOpening(opening, new CompletableFuture<>());
		if (!this.running) {
			open(List.of(pending));
		}
		else if (!this.queue.offer(pending)) {
			return Optional.empty();
		}
		try {
			return pending.done().get(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		catch (ExecutionException | TimeoutException ex) {
			return Optional.empty();
		}
	}

	/** Opens the tubes asked for together; each caller learns whether theirs opened. */
	void open(List<PendingOpening> openings) {
		try {
			Map<Integer, Tube> opened = this.transactions.execute(status -> opening(openings));
			opened(openings, opened);
		}
		catch (RuntimeException ex) {
			log.info("Opening {} tubes together failed ({}); the pipeline opens them", openings.size(),
					ex.getMessage());
			openings.forEach(pending -> pending.done().complete(Optional.empty()));
		}
	}

	/**
	 * Opens the tubes and writes the scans that arrived together in one transaction, the
	 * tubes first (a scan that came with the opening of its tube finds it): one commit,
	 * one wait for the disk, where there were two. If that fails, each part is done again
	 * on its own, as when it comes alone (so one bad scan or opening never takes the
	 * others with it).
	 * @param openings the tubes to open
	 * @param batch the scans, in their order of arrival
	 */
	void openAndWrite(List<PendingOpening> openings, List<Pending> batch) {
		if (openings.isEmpty() || batch.isEmpty()) {
			if (!openings.isEmpty()) {
				open(openings);
			}
			if (!batch.isEmpty()) {
				write(batch);
			}
			return;
		}
		Map<Integer, Tube> opened = new HashMap<>();
		List<Object> outcomes;
		try {
			outcomes = this.transactions.execute(status -> {
				// generic plans from here on, set with the openings
				opened.putAll(opening(openings));
				return decideAndStore(batch, identify(batch));
			});
		}
		catch (RuntimeException ex) {
			log.info("Opening {} tubes and writing {} scans together failed ({}); each on its own", openings.size(),
					batch.size(), ex.getMessage());
			open(openings);
			write(batch);
			return;
		}
		opened(openings, opened);
		written(batch, outcomes);
	}

	private Map<Integer, Tube> opening(List<PendingOpening> openings) {
		return this.samples.genericPlansAndOpen(openings.stream().map(PendingOpening::opening).toList(),
				this.clock.instant(), SamplingManagement.RETEST_WINDOW);
	}

	private static void opened(List<PendingOpening> openings, Map<Integer, Tube> opened) {
		for (int i = 0; i < openings.size(); i++) {
			openings.get(i).done().complete(Optional.ofNullable(opened.get(i)));
		}
	}

	/**
	 * Writes scans together, as the writer does with the scans that arrive together: each
	 * gets its outcome.
	 * @param batch the scans, in their order of arrival
	 */
	void write(List<Pending> batch) {
		write(batch, false);
	}

	private void write(List<Pending> batch, boolean again) {
		List<Object> outcomes;
		try {
			outcomes = this.transactions.execute(status -> {
				// generic plans for every statement of the batch, the persons' look-up
				// too
				this.samples.genericPlans();
				return decideAndStore(batch, identify(batch));
			});
		}
		catch (RuntimeException ex) {
			if (batch.size() > 1) {
				log.info("Writing {} scans together failed ({}); writing them one by one", batch.size(),
						ex.getMessage());
				batch.forEach(pending -> write(List.of(pending)));
			}
			else if (ex instanceof DuplicateKeyException && !again) {
				// sampled meanwhile by another writer or path: alone again, the scan
				// finds that sample and is refused with where and when it was taken
				write(batch, true);
			}
			else {
				batch.get(0).done().completeExceptionally(ex);
			}
			return;
		}
		written(batch, outcomes);
	}

	/** Tells each caller of a committed batch its outcome. */
	private void written(List<Pending> batch, List<Object> outcomes) {
		int written = 0;
		for (int i = 0; i < batch.size(); i++) {
			if (outcomes.get(i) instanceof Written done) {
				batch.get(i).done().complete(done);
				written++;
			}
			else {
				batch.get(i).done().completeExceptionally((RuntimeException) outcomes.get(i));
			}
		}
		analyseIfGrown(written);
	}

	/**
	 * Analyses the samples and tubes once the samples written since the last analysis are
	 * as many as it counted (at least {@value #ANALYSE_AFTER}): the writer keeps generic
	 * plans, made from those statistics, for as long as a connection lives, and one made
	 * while the tables were small (a city's first round, empty tables) reads them whole
	 * for every batch — slower and slower as they grow — until PostgreSQL's own automatic
	 * analysis comes by (up to a minute and more; the scan benchmark's slow phases: 6 ms
	 * to find a batch's tubes instead of 0.1 ms). The tables doubling is the trigger, so
	 * a city's first round analyses them some twenty times and a later round, on tables
	 * already holding the earlier rounds, not at all. The analysis runs on a thread of
	 * its own, one at a time, while the writer goes on.
	 * @param written samples just written
	 * @return done when the analysis this started (if any) has finished
	 */
	CompletableFuture<Void> analyseIfGrown(int written) {
		if (written == 0) {
			return CompletableFuture.completedFuture(null);
		}
		synchronized (this) {
			try {
				if (this.analysedSamples < 0) {
					this.analysedSamples = this.samples.analysedSamples();
				}
				this.writtenSinceAnalysis += written;
				if (this.writtenSinceAnalysis >= Math.max(ANALYSE_AFTER, this.analysedSamples)) {
					// beside the writer, which goes on writing (an analysis takes 0.1 to
					// 0.3 s), after the one running if any
					this.writtenSinceAnalysis = 0;
					this.analysis = this.analysis.exceptionally(ex -> null)
						.thenRunAsync(this::analyse,
								task -> Thread.ofVirtual().name("sampling-scan-analyser").start(task));
					return this.analysis;
				}
			}
			catch (RuntimeException ex) {
				log.warn("Counting the analysed samples failed: {}", ex.getMessage());
			}
		}
		return CompletableFuture.completedFuture(null);
	}

	private void analyse() {
		long counted = -1;
		try {
			this.samples.analyseGrowingTables();
			counted = this.samples.analysedSamples();
		}
		catch (RuntimeException ex) {
			log.warn("Analysing the samples and tubes failed: {}", ex.getMessage());
		}
		if (counted >= 0) {
			synchronized (this) {
				this.analysedSamples = counted;
			}
		}
	}

	/**
	 * The persons of the scans: health codes were read by the caller, ID numbers here.
	 */
	private List<Checked> identify(List<Pending> batch) {
		List<String> idNumbers = new ArrayList<>();
		for (Pending pending : batch) {
			if (pending.scan().person() == null) {
				idNumbers.add(pending.scan().idNumber());
			}
		}
		List<Checked> found = idNumbers.isEmpty() ? List.of() : this.codes.identifyIdNumbers(idNumbers);
		List<Checked> persons = new ArrayList<>(batch.size());
		int next = 0;
		for (Pending pending : batch) {
			persons.add((pending.scan().person() != null) ? pending.scan().person() : found.get(next++));
		}
		return persons;
	}

	/**
	 * Checks the scans in order against the locked tubes and what is stored, then stores
	 * the accepted ones.
	 * @return per scan, its {@link Written} or its refusal
	 */
	private List<Object> decideAndStore(List<Pending> batch, List<Checked> persons) {
		Instant now = this.clock.instant();
		List<ScanKey> keys = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			Scan scan = batch.get(i).scan();
			keys.add(new ScanKey(scan.barcode(), scan.caller().userId(), persons.get(i).personId()));
		}
		List<Seen> seen = this.samples.lockAndRead(keys);
		Map<String, Tube> tubes = new HashMap<>();
		Map<RoundPerson, String> states = new HashMap<>();
		Map<RoundPerson, Previous> previous = new HashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			Seen found = seen.get(i);
			if (found.tube() != null) {
				tubes.put(found.tube().barcode(), found.tube());
				RoundPerson key = new RoundPerson(found.tube().roundId(), persons.get(i).personId());
				if (found.state() != null) {
					states.put(key, found.state());
				}
				if (found.previous() != null) {
					previous.put(key, found.previous());
				}
			}
		}
		Set<String> staff = staff(batch, seen, now);

		Map<Long, Integer> inTube = new HashMap<>();
		Map<Long, Integer> added = new LinkedHashMap<>();
		List<NewSample> accepted = new ArrayList<>();
		Set<RoundPerson> sampled = new LinkedHashSet<>();
		List<Object> outcomes = new ArrayList<>(batch.size());
		for (int i = 0; i < batch.size(); i++) {
			Scan scan = batch.get(i).scan();
			Tube tube = tubes.get(scan.barcode());
			try {
				if (tube == null) {
					throw new NotFoundException("tube " + scan.barcode() + " (open it first)");
				}
				if (!staff.contains(tube.siteId() + ":" + scan.caller().userId())) {
					throw FieldErrorsException.of("siteId", "you do not work at site " + tube.siteId());
				}
				int samplesNow = inTube.getOrDefault(tube.id(), tube.samples());
				// a tube this batch filled is closed for the scans after it, as it is in
				// the database once written
				boolean filledHere = added.containsKey(tube.id()) && samplesNow >= tube.capacity();
				boolean closed = tube.outcome() != null || tube.closedAt() != null || filledHere;
				if (closed) {
					throw new ConflictException("barcode",
							"tube " + scan.barcode() + " is closed"
									+ ((samplesNow == tube.capacity())
											? " (full: " + samplesNow + " of " + tube.capacity() + ")" : "")
									+ ": open a new tube");
				}
				if (samplesNow >= tube.capacity()) {
					throw new ConflictException("barcode", "tube " + scan.barcode() + " is full: open a new tube");
				}
				Checked checked = persons.get(i);
				if (checked.personId() == 0) {
					throw FieldErrorsException.of(scan.field(), checked.verdict().reasons().isEmpty() ? "nobody found"
							: checked.verdict().reasons().get(0).en());
				}
				RoundPerson key = new RoundPerson(tube.roundId(), checked.personId());
				if (tube.retest()) {
					String state = states.get(key);
					if (!"RECALL".equals(state) && !"RESAMPLE".equals(state)) {
						throw new ConflictException(scan.field(), "this person is not recalled for a retest in round "
								+ tube.roundId() + ((state == null) ? "" : " (" + state.toLowerCase() + ")"));
					}
					states.put(key, "SAMPLED");
				}
				else {
					Previous before = previous.get(key);
					if (before != null) {
						throw new ConflictException(scan.field(), "already sampled in round " + tube.roundId()
								+ ": tube " + before.barcode() + " at " + TIME.format(before.sampledAt()));
					}
					previous.put(key, new Previous(tube.barcode(), now, tube.siteId()));
				}
				accepted.add(new NewSample(tube.id(), tube.roundId(), checked.personId(), tube.siteId(), tube.retest(),
						scan.caller().username()));
				sampled.add(key);
				int filled = samplesNow + 1;
				inTube.put(tube.id(), filled);
				added.merge(tube.id(), 1, Integer::sum);
				outcomes.add(new Written(scan.barcode(), filled, tube.capacity(), filled == tube.capacity(),
						checked.verdict().maskedName(), checked.verdict().result().name()));
			}
			catch (RuntimeException refusal) {
				outcomes.add(refusal);
			}
		}
		// the last statement of the transaction: it commits (if another writer or path
		// sampled one of these persons meanwhile, nothing is written, and the scans are
		// written again one by one, each refused or written on its own)
		this.samples.storeAndCommit(sampled, accepted, added, now);
		return outcomes;
	}

	/**
	 * Which (site, user) pairs of the batch may scan: staff of the site (read with the
	 * tubes), or an admin whose jurisdiction holds it.
	 */
	private Set<String> staff(List<Pending> batch, List<Seen> seen, Instant now) {
		Set<String> allowed = new HashSet<>();
		Set<String> refused = new HashSet<>();
		for (int i = 0; i < batch.size(); i++) {
			Tube tube = seen.get(i).tube();
			if (tube == null) {
				continue;
			}
			Caller caller = batch.get(i).scan().caller();
			String pair = tube.siteId() + ":" + caller.userId();
			if (seen.get(i).staff()) {
				allowed.add(pair);
			}
			else if (caller.has(Role.ADMIN) && !allowed.contains(pair) && !refused.contains(pair)) {
				(this.sites.find(tube.siteId(), caller.jurisdiction(), null, now).isPresent() ? allowed : refused)
					.add(pair);
			}
		}
		return allowed;
	}

	private void run() {
		List<Item> items = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			try {
				Item first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				items.add(first);
				this.queue.drainTo(items, this.batch - 1);
				List<PendingOpening> openings = new ArrayList<>();
				List<Pending> batch = new ArrayList<>();
				for (Item item : items) {
					if (item instanceof PendingOpening opening) {
						openings.add(opening);
					}
					else {
						batch.add((Pending) item);
					}
				}
				try {
					openAndWrite(openings, batch);
				}
				catch (RuntimeException ex) {
					log.warn("Writing {} scans failed: {}", batch.size(), ex.getMessage());
					batch.forEach(p -> p.done().completeExceptionally(ex));
					openings.forEach(p -> p.done().complete(Optional.empty()));
				}
				items = new ArrayList<>();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.writers; i++) {
			this.threads.add(Thread.ofPlatform().name("sampling-scan-writer-" + i).daemon().start(this::run));
		}
	}

	@Override
	public void stop() {
		this.running = false;
		try {
			for (Thread thread : this.threads) {
				thread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * A sampling scan: a person into a tube.
	 *
	 * @param caller who scans (a sampler or leader, checked: the site is checked here)
	 * @param barcode the tube
	 * @param field the field that named the person ({@code code} or {@code idNumber}),
	 * for errors
	 * @param person the person a health code named (read by the caller), or {@code null}
	 * @param idNumber the ID number scanned instead, or {@code null}
	 */
	public record Scan(Caller caller, String barcode, String field, Checked person, String idNumber) {
	}

	/**
	 * A tube after a scan.
	 *
	 * @param barcode the tube
	 * @param samples persons in it now
	 * @param capacity persons it takes
	 * @param closed whether it closed (full)
	 * @param maskedName the person, masked
	 * @param colour their health code's colour
	 */
	public record Written(String barcode, int samples, int capacity, boolean closed, String maskedName, String colour) {
	}

	/**
	 * A tube to open.
	 *
	 * @param barcode its barcode (well-formed)
	 * @param roundId the round
	 * @param siteId the site
	 * @param retest a single tube for a retest
	 * @param userId who opens it (a sampler or leader: the site is checked here)
	 * @param by their name
	 */
	public record Opening(String barcode, long roundId, long siteId, boolean retest, long userId, String by) {
	}

	/** What the writer takes: scans and tubes to open. */
	sealed interface Item permits Pending, PendingOpening {

	}

	/** A scan waiting to be written. */
	record Pending(Scan scan, CompletableFuture<Written> done) implements Item {
	}

	/** A tube waiting to be opened. */
	record PendingOpening(Opening opening, CompletableFuture<Optional<Tube>> done) implements Item {
	}

}
