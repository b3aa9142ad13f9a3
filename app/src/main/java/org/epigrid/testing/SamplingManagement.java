package org.epigrid.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.epigrid.codes.Checked;
import org.epigrid.codes.CodeVerification;
import org.epigrid.security.Caller;
import org.epigrid.security.Device;
import org.epigrid.security.Role;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.TextLimit;
import org.epigrid.testing.internal.RoundRepository;
import org.epigrid.testing.internal.SamplingRepository;
import org.epigrid.testing.internal.SamplingRepository.Box;
import org.epigrid.testing.internal.SamplingRepository.Tube;
import org.epigrid.testing.internal.ScanWriter;
import org.epigrid.testing.internal.ScanWriter.Written;
import org.epigrid.testing.internal.SiteRepository;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sampling and the chain of custody (D7): a sampler opens a tube with the round's pooling
 * capacity, scans each person's health code or ID number into it (closed when full or by
 * hand), packs closed tubes into a transport box; the box is sealed, picked up by a
 * courier and received by the lab, each hand-over a scan with its time and person. Every
 * scan is one transaction: refused whole, with the field and the reason, or done whole.
 */
@Service
public class SamplingManagement {

	/** A barcode of a tube or a box. */
	public static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9_-]{4,64}");

	/** How long after a round's deadline its recalled persons may still be retested. */
	public static final Duration RETEST_WINDOW = Duration.ofDays(7);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm")
		.withZone(ZoneId.of("Asia/Shanghai"));

	private final SamplingRepository repository;

	private final SiteRepository sites;

	private final RoundRepository rounds;

	private final CodeVerification codes;

	private final ScanWriter writer;

	private final Clock clock;

	SamplingManagement(SamplingRepository repository, SiteRepository sites, RoundRepository rounds,
			CodeVerification codes, ScanWriter writer, Clock clock) {
		this.repository = repository;
		this.sites = sites;
		this.rounds = rounds;
		this.codes = codes;
		this.writer = writer;
		this.clock = clock;
	}

	/**
	 * Opens a tube at a site for a round: the round's pooling capacity, or a single tube
	 * for retests of recalled persons.
	 * @param caller a sampler or leader of the site (or an admin)
	 * @param tube the tube
	 * @return the tube
	 */
	@Transactional
	public TubeView openTube(Caller caller, NewTube tube) {
		requireSampler(caller);
		barcode("barcode", tube.barcode());
		if (tube.roundId() == null) {
			throw FieldErrorsException.of("roundId", "is required: the round the samples belong to");
		}
		if (tube.siteId() == null) {
			throw FieldErrorsException.of("siteId", "is required: the site sampling");
		}
		requireStaff(caller, tube.siteId());
		TestingRound round = this.rounds.find(tube.roundId(), PathPrefix.of("/"))
			.orElseThrow(() -> FieldErrorsException.of("roundId", "no testing round " + tube.roundId()));
		boolean retest = Boolean.TRUE.equals(tube.retest());
		Instant now = this.clock.instant();
		if (!retest && !now.isBefore(round.endsAt())) {
			throw new ConflictException("roundId", "round " + round.id() + " ended at " + TIME.format(round.endsAt())
					+ ": only retests of recalled persons are taken now");
		}
		if (retest && now.isAfter(round.endsAt().plus(RETEST_WINDOW))) {
			throw new ConflictException("roundId", "round " + round.id() + " is closed for retests too");
		}
		int capacity = retest ? 1 : round.pooling();
		this.repository.insertTube(tube.barcode(), round.id(), tube.siteId(), capacity, retest, caller.username(), now)
			.orElseThrow(() -> new ConflictException("barcode", "tube " + tube.barcode() + " is already in use"));
		return view(this.repository.tube(tube.barcode()).orElseThrow());
	}

	/**
	 * Opens a tube if everything is in order, together with the other tubes opened at the
	 * same moment (one statement, one commit: the sampling scans' fast path, where a
	 * site's samplers open a tube every ten scans); empty otherwise, and then
	 * {@link #openTube} says what is wrong. Never for an admin (their jurisdiction is
	 * checked by {@link #openTube}).
	 * @param caller a sampler or leader
	 * @param tube the tube
	 * @return the tube opened, or empty with nothing written
	 */
	public Optional<TubeView> openTubeIfInOrder(Caller caller, NewTube tube) {
		if (caller.has(Role.ADMIN) || !(caller.has(Role.SAMPLER) || caller.has(Role.SITE_LEADER))
				|| tube.barcode() == null || !BARCODE.matcher(tube.barcode()).matches() || tube.roundId() == null
				|| tube.siteId() == null) {
			return Optional.empty();
		}
		return this.writer
			.open(new ScanWriter.Opening(tube.barcode(), tube.roundId(), tube.siteId(),
					Boolean.TRUE.equals(tube.retest()), caller.userId(), caller.username()))
			.map(SamplingManagement::view);
	}

	/**
	 * Scans a person into a tube by their health code or ID number. Scans arriving
	 * together are checked and written together ({@link ScanWriter}), each refused whole
	 * or written whole, exactly as alone.
	 * @param caller a sampler or leader of the tube's site (or an admin)
	 * @param barcode the tube
	 * @param scan the code or the ID number
	 * @return the tube after the sample, and whom it took
	 */
	public SampleAdded sample(Caller caller, String barcode, Scan scan) {
		requireSampler(caller);
		boolean byCode = scan.code() != null && !scan.code().isBlank();
		boolean byId = scan.idNumber() != null && !scan.idNumber().isBlank();
		if (byCode == byId) {
			throw FieldErrorsException.of("code", "give either code (the health code's QR text) or idNumber");
		}
		String field = byCode ? "code" : "idNumber";
		TextLimit.require(field, byCode ? scan.code() : scan.idNumber(), byCode ? 1_000 : 30);
		TextLimit.require("barcode", barcode, 64);
		// a health code's signature is checked here, by the caller's thread
		Checked person = byCode ? this.codes.identify(scan.code().strip()) : null;
		Written written = this.writer
			.write(new ScanWriter.Scan(caller, barcode, field, person, byId ? scan.idNumber().strip() : null));
		return new SampleAdded(written.barcode(), written.samples(), written.capacity(), written.closed(),
				written.maskedName(), written.colour());
	}

	/**
	 * Closes a tube by hand (fewer persons than it takes).
	 * @param caller a sampler or leader of its site
	 * @param barcode the tube
	 * @return the tube
	 */
	@Transactional
	public TubeView closeTube(Caller caller, String barcode) {
		requireSampler(caller);
		Tube tube = this.repository.lockTube(barcode).orElseThrow(() -> new NotFoundException("tube " + barcode));
		requireStaff(caller, tube.siteId());
		if (tube.samples() == 0) {
			throw new ConflictException("barcode", "tube " + barcode + " is empty: scan someone into it first");
		}
		this.repository.closeTube(tube.id(), this.clock.instant());
		return view(this.repository.tube(barcode).orElseThrow());
	}

	/**
	 * A tube.
	 * @param caller staff of its site, or anyone who sees the site
	 * @param barcode the tube
	 * @return the tube
	 */
	public TubeView tube(Caller caller, String barcode) {
		Tube tube = this.repository.tube(barcode).orElseThrow(() -> new NotFoundException("tube " + barcode));
		visibleSite(caller, tube.siteId(), "tube " + barcode);
		return view(tube);
	}

	/**
	 * Opens a transport box at a site.
	 * @param caller a sampler or leader of the site
	 * @param box the box
	 * @return the box
	 */
	@Transactional
	public BoxView openBox(Caller caller, NewBox box) {
		requireSampler(caller);
		barcode("barcode", box.barcode());
		if (box.siteId() == null) {
			throw FieldErrorsException.of("siteId", "is required: the site packing the box");
		}
		requireStaff(caller, box.siteId());
		this.repository.insertBox(box.barcode(), box.siteId(), caller.username(), this.clock.instant())
			.orElseThrow(() -> new ConflictException("barcode", "box " + box.barcode() + " is already in use"));
		return boxView(this.repository.box(box.barcode()).orElseThrow());
	}

	/**
	 * Packs a closed tube into an open box of its site.
	 * @param caller a sampler or leader of the site
	 * @param boxBarcode the box
	 * @param tubeBarcode the tube
	 * @return the box
	 */
	@Transactional
	public BoxView pack(Caller caller, String boxBarcode, String tubeBarcode) {
		requireSampler(caller);
		barcode("tube", tubeBarcode);
		Box box = this.repository.lockBox(boxBarcode).orElseThrow(() -> new NotFoundException("box " + boxBarcode));
		requireStaff(caller, box.siteId());
		if (box.closedAt() != null) {
			throw new ConflictException("box", "box " + boxBarcode + " is sealed: open a new box");
		}
		Tube tube = this.repository.lockTube(tubeBarcode)
			.orElseThrow(() -> FieldErrorsException.of("tube", "no tube " + tubeBarcode));
		if (tube.box() != null) {
			throw new ConflictException("tube", "tube " + tubeBarcode + " is already in box " + tube.box());
		}
		if (tube.siteId() != box.siteId()) {
			throw new ConflictException("tube", "tube " + tubeBarcode + " was filled at another site");
		}
		if (tube.closedAt() == null) {
			throw new ConflictException("tube", "tube " + tubeBarcode + " is still open: close it first");
		}
		this.repository.box(tube.id(), box.id());
		return boxView(this.repository.box(boxBarcode).orElseThrow());
	}

	/**
	 * Seals a box for transport.
	 * @param caller a sampler or leader of its site
	 * @param barcode the box
	 * @return the box
	 */
	@Transactional
	public BoxView seal(Caller caller, String barcode) {
		requireSampler(caller);
		Box box = this.repository.lockBox(barcode).orElseThrow(() -> new NotFoundException("box " + barcode));
		requireStaff(caller, box.siteId());
		if (box.closedAt() != null) {
			throw new ConflictException("barcode", "box " + barcode + " is already sealed");
		}
		if (box.tubes() == 0) {
			throw new ConflictException("barcode", "box " + barcode + " is empty");
		}
		this.repository.closeBox(box.id(), caller.username(), this.clock.instant());
		return boxView(this.repository.box(barcode).orElseThrow());
	}

	/**
	 * A courier picks up a sealed box at its site.
	 * @param caller a courier (or an admin)
	 * @param barcode the box
	 * @param note a note, may be {@code null}
	 * @return the box
	 */
	@Transactional
	public BoxView pickUp(Caller caller, String barcode, String note) {
		if (!caller.has(Role.COURIER) && !caller.has(Role.ADMIN)) {
			throw new ForbiddenException("role", "only a courier picks up boxes");
		}
		checkNote(note);
		Box box = this.repository.lockBox(barcode).orElseThrow(() -> new NotFoundException("box " + barcode));
		if (box.closedAt() == null) {
			throw new ConflictException("barcode", "box " + barcode + " is not sealed yet");
		}
		if (!"SITE".equals(box.holder())) {
			throw new ConflictException("barcode", "box " + barcode + " was already picked up");
		}
		this.repository.handOver(box, "COURIER", caller.username(), note, this.clock.instant());
		return boxView(this.repository.box(barcode).orElseThrow());
	}

	/**
	 * A lab receives a box from the courier.
	 * @param device the lab's device
	 * @param barcode the box
	 * @param note a note, may be {@code null}
	 * @return the box
	 */
	@Transactional
	public BoxView receive(Device device, String barcode, String note) {
		if (device.kind() != Device.Kind.LAB) {
			throw new ForbiddenException("device", "only a lab's device receives boxes");
		}
		return received(barcode, "LAB " + device.label(), note);
	}

	/**
	 * An admin records a lab's receipt of a box by hand.
	 * @param caller an admin
	 * @param barcode the box
	 * @param note a note
	 * @return the box
	 */
	@Transactional
	public BoxView receive(Caller caller, String barcode, String note) {
		if (!caller.has(Role.ADMIN)) {
			throw new ForbiddenException("role", "only a lab (its device) or an admin records a receipt");
		}
		return received(barcode, caller.username(), note);
	}

	private BoxView received(String barcode, String by, String note) {
		checkNote(note);
		Box box = this.repository.lockBox(barcode).orElseThrow(() -> new NotFoundException("box " + barcode));
		if (!"COURIER".equals(box.holder())) {
			throw new ConflictException("barcode",
					"LAB".equals(box.holder()) ? "box " + barcode + " was already received"
							: "box " + barcode + " has not been picked up by a courier");
		}
		this.repository.handOver(box, "LAB", by, note, this.clock.instant());
		return boxView(this.repository.box(barcode).orElseThrow());
	}

	/**
	 * A box with its tubes and hand-overs.
	 * @param caller anyone who sees its site, or a courier
	 * @param barcode the box
	 * @return the box
	 */
	public BoxView box(Caller caller, String barcode) {
		Box box = this.repository.box(barcode).orElseThrow(() -> new NotFoundException("box " + barcode));
		if (!caller.has(Role.COURIER)) {
			visibleSite(caller, box.siteId(), "box " + barcode);
		}
		return boxView(box);
	}

	/** A hand-over's note: at most 200 characters (checked, not cut). */
	private static void checkNote(String note) {
		if (note != null && note.length() > 200) {
			throw FieldErrorsException.of("note", "at most 200 characters");
		}
	}

	private void requireSampler(Caller caller) {
		if (!caller.has(Role.SAMPLER) && !caller.has(Role.SITE_LEADER) && !caller.has(Role.ADMIN)) {
			throw new ForbiddenException("role", "only samplers and site leaders scan samples");
		}
	}

	/** The caller works at the site (an admin anywhere in their jurisdiction). */
	private void requireStaff(Caller caller, long siteId) {
		boolean ok = caller.has(Role.ADMIN)
				? this.sites.find(siteId, caller.jurisdiction(), null, this.clock.instant()).isPresent()
				: this.sites.isStaff(siteId, caller.userId());
		if (!ok) {
			throw FieldErrorsException.of("siteId", "you do not work at site " + siteId);
		}
	}

	private void visibleSite(Caller caller, long siteId, String what) {
		Long staff = org.epigrid.testing.internal.SiteScope.staffOnly(caller);
		if (this.sites.find(siteId, caller.jurisdiction(), staff, this.clock.instant()).isEmpty()) {
			throw new NotFoundException(what);
		}
	}

	private static void barcode(String field, String barcode) {
		if (barcode == null || !BARCODE.matcher(barcode).matches()) {
			throw FieldErrorsException.of(field, "must be 4 to 64 letters, digits, '-' or '_'");
		}
	}

	private static TubeView view(Tube tube) {
		return new TubeView(tube.barcode(), tube.roundId(), tube.siteId(), tube.capacity(), tube.retest(),
				tube.samples(), tube.openedAt(), tube.closedAt(),
				(tube.outcome() == null) ? null : TubeOutcome.valueOf(tube.outcome()), tube.box());
	}

	private BoxView boxView(Box box) {
		return new BoxView(box.barcode(), box.siteId(), box.holder(), box.tubes(), box.openedAt(), box.closedAt(),
				this.repository.tubesOf(box.id()),
				this.repository.handovers(box.id())
					.stream()
					.map(h -> new Handover(h.from(), h.to(), h.at(), h.by(), h.note()))
					.toList());
	}

	/**
	 * A tube to open.
	 *
	 * @param barcode its barcode
	 * @param roundId the round
	 * @param siteId the site
	 * @param retest {@code true} for a single tube retesting recalled persons
	 */
	public record NewTube(String barcode, Long roundId, Long siteId, Boolean retest) {
	}

	/**
	 * A person scanned: one of the two.
	 *
	 * @param code the health code's QR text
	 * @param idNumber the ID number (typed or read from the card)
	 */
	public record Scan(String code, String idNumber) {
	}

	/**
	 * A tube after a sample.
	 *
	 * @param barcode the tube
	 * @param samples persons in it
	 * @param capacity persons it takes
	 * @param closed whether it closed (full)
	 * @param maskedName the person's masked name
	 * @param colour the person's code colour (or the refusal)
	 */
	public record SampleAdded(String barcode, int samples, int capacity, boolean closed, String maskedName,
			String colour) {
	}

	/**
	 * A tube.
	 *
	 * @param barcode barcode
	 * @param roundId round
	 * @param siteId site
	 * @param capacity persons it takes
	 * @param retest a retest tube
	 * @param samples persons in it
	 * @param openedAt opened
	 * @param closedAt closed
	 * @param outcome the result
	 * @param box its box
	 */
	public record TubeView(String barcode, long roundId, long siteId, int capacity, boolean retest, int samples,
			Instant openedAt, Instant closedAt, TubeOutcome outcome, String box) {
	}

	/**
	 * A hand-over of a box.
	 *
	 * @param from who had it: SITE or COURIER
	 * @param to who has it: COURIER or LAB
	 * @param at when
	 * @param by who scanned it
	 * @param note a note
	 */
	public record Handover(String from, String to, Instant at, String by, String note) {
	}

	/**
	 * A box to open.
	 *
	 * @param barcode its barcode
	 * @param siteId the site
	 */
	public record NewBox(String barcode, Long siteId) {
	}

	/**
	 * A box.
	 *
	 * @param barcode barcode
	 * @param siteId site
	 * @param holder SITE, COURIER or LAB
	 * @param tubes number of tubes
	 * @param openedAt opened
	 * @param sealedAt sealed
	 * @param tubeBarcodes the tubes
	 * @param handovers every hand-over
	 */
	public record BoxView(String barcode, long siteId, String holder, int tubes, Instant openedAt, Instant sealedAt,
			List<String> tubeBarcodes, List<Handover> handovers) {
	}

}
