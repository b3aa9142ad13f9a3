package org.epigrid.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.epigrid.population.Division;
import org.epigrid.population.DivisionManagement;
import org.epigrid.population.SpecialPopulation;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.TextLimit;
import org.epigrid.testing.internal.RoundPersonReader;
import org.epigrid.testing.internal.RoundPersonReader.GridCounts;
import org.epigrid.testing.internal.RoundPersonReader.Listed;
import org.epigrid.testing.internal.RoundRepository;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Mass-testing rounds (D4): started over divisions and grids with their population fixed
 * at once, set-based; progress per division and grid; the lists of a grid — untested
 * (应检未检, A4), recalled, to resample, positive, exempted — masked per role, limited to the
 * caller's jurisdiction in SQL and audited.
 */
@Service
public class TestingRoundManagement {

	/** The most divisions a round may name. */
	public static final int MAX_DIVISIONS = 1_000;

	private static final Duration MAX_LENGTH = Duration.ofDays(14);

	private final RoundRepository rounds;

	private final RoundPersonReader persons;

	private final DivisionManagement divisions;

	private final PrivacyPolicy privacy;

	private final AuditManagement audit;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	TestingRoundManagement(RoundRepository rounds, RoundPersonReader persons, DivisionManagement divisions,
			PrivacyPolicy privacy, AuditManagement audit, ApplicationEventPublisher events, Clock clock) {
		this.rounds = rounds;
		this.persons = persons;
		this.divisions = divisions;
		this.privacy = privacy;
		this.audit = audit;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Starts a round: stores it, fixes its population and publishes
	 * {@link TestingRoundStarted}.
	 * @param caller an admin or commander
	 * @param round what to start
	 * @return the round, with its required count
	 * @throws FieldErrorsException naming each wrong field
	 */
	@Transactional
	public TestingRound start(Caller caller, NewRound round) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER)) {
			throw new ForbiddenException("role", "only an admin or the command starts a testing round");
		}
		List<FieldError> errors = new ArrayList<>();
		if (round.name() == null || round.name().isBlank()) {
			errors.add(new FieldError("name", "is required"));
		}
		TextLimit.check(errors, "name", round.name(), 100);
		if (round.startsAt() == null) {
			errors.add(new FieldError("startsAt", "is required: when sampling starts (ISO-8601 instant)"));
		}
		if (round.endsAt() == null) {
			errors.add(new FieldError("endsAt", "is required: the deadline (ISO-8601 instant)"));
		}
		else if (round.startsAt() != null && !round.endsAt().isAfter(round.startsAt())) {
			errors.add(new FieldError("endsAt", "must be after startsAt"));
		}
		else if (round.startsAt() != null
				&& Duration.between(round.startsAt(), round.endsAt()).compareTo(MAX_LENGTH) > 0) {
			errors.add(new FieldError("endsAt", "a round lasts at most 14 days"));
		}
		if (round.population() == null) {
			errors.add(new FieldError("population", "is required: ALL, RESIDENT, FLOATING or KEY_GROUPS"));
		}
		List<String> tags = (round.keyTags() == null) ? List.of() : round.keyTags();
		List<String> workplaces = (round.keyWorkplaces() == null) ? List.of() : round.keyWorkplaces();
		for (String tag : tags) {
			if (tag == null || Arrays.stream(SpecialPopulation.values()).noneMatch(s -> s.name().equals(tag))) {
				errors.add(new FieldError("keyTags",
						"unknown tag " + tag + ": one of " + Arrays.toString(SpecialPopulation.values())));
			}
		}
		if (workplaces.size() > 20 || workplaces.stream().anyMatch(w -> w == null || w.isBlank() || w.length() > 50)) {
			errors.add(new FieldError("keyWorkplaces", "at most 20 words of 1 to 50 characters"));
		}
		if (round.population() == RoundPopulation.KEY_GROUPS && tags.isEmpty() && workplaces.isEmpty()) {
			errors.add(new FieldError("keyTags", "key groups need special-population tags or workplace words"));
		}
		if (round.population() != null && round.population() != RoundPopulation.KEY_GROUPS
				&& (!tags.isEmpty() || !workplaces.isEmpty())) {
			errors.add(new FieldError("keyTags", "only a KEY_GROUPS round names tags or workplaces"));
		}
		if (round.pooling() == null || !List.of(1, 5, 10, 20).contains(round.pooling())) {
			errors.add(new FieldError("pooling", "is required: 1, 5, 10 or 20 persons in one tube"));
		}
		int days = (round.exemptPositiveDays() == null) ? 0 : round.exemptPositiveDays();
		if (days < 0 || days > 90) {
			errors.add(new FieldError("exemptPositiveDays", "must be 0 to 90 days"));
		}
		List<Division> targets = new ArrayList<>();
		if (round.divisionIds() == null || round.divisionIds().isEmpty()) {
			errors.add(new FieldError("divisionIds", "is required: the divisions or grids the round covers"));
		}
		else if (round.divisionIds().size() > MAX_DIVISIONS) {
			errors.add(new FieldError("divisionIds", "at most " + MAX_DIVISIONS + " divisions"));
		}
		else {
			for (Long id : new LinkedHashSet<>(round.divisionIds())) {
				try {
					targets.add(this.divisions.find(caller, (id == null) ? 0 : id));
				}
				catch (NotFoundException ex) {
					errors.add(new FieldError("divisionIds", "division " + id + " is not in your jurisdiction"));
				}
			}
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Instant now = this.clock.instant();
		TestingRound draft = new TestingRound(0, round.name().strip(), round.startsAt(), round.endsAt(),
				round.population(), List.copyOf(tags), workplaces.stream().map(String::strip).toList(), round.pooling(),
				days, targets.stream().map(Division::id).toList(), 0, caller.username(), now, null);
		long id = this.rounds.insert(draft, commonPath(targets), targets.stream().map(Division::path).toList());
		this.rounds.fixPopulation(id, (days > 0) ? now.minus(Duration.ofDays(days)) : null);
		TestingRound started = this.rounds.find(id, PathPrefix.of("/")).orElseThrow();
		this.events.publishEvent(new TestingRoundStarted(id, started.name(), started.startsAt(), started.endsAt(),
				started.divisionIds(), started.required()));
		return started;
	}

	/**
	 * Rounds touching the caller's jurisdiction, newest first.
	 * @param caller the caller
	 * @param page the page
	 * @return one page
	 */
	public Slice<TestingRound> list(Caller caller, PageRequest page) {
		return Slice.of(this.rounds.list(caller.jurisdiction(), page.size() + 1, page.offset()), page);
	}

	/**
	 * A round touching the caller's jurisdiction.
	 * @param caller the caller
	 * @param id the round
	 * @return the round
	 * @throws NotFoundException if unknown or not the caller's
	 */
	public TestingRound get(Caller caller, long id) {
		return this.rounds.find(id, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("testing round " + id));
	}

	/**
	 * A round's progress below a division (or the caller's jurisdiction): one row per
	 * child division, down to grids, and the total.
	 * @param caller the caller
	 * @param roundId the round
	 * @param divisionId the division drilled into, {@code null} for the caller's top
	 * @return the rows and their total
	 */
	public Progress progress(Caller caller, long roundId, Long divisionId) {
		TestingRound round = get(caller, roundId);
		Division node = (divisionId == null) ? null : this.divisions.find(caller, divisionId);
		PathPrefix range = (node == null) ? caller.jurisdiction() : PathPrefix.of(node.path());
		List<GridCounts> counts = this.persons.counts(roundId, range);
		Map<Long, String> gridPaths = this.persons
			.gridPaths(counts.stream().map(GridCounts::gridId).filter(java.util.Objects::nonNull).toList());
		List<Division> children = (node == null) ? this.divisions.top(caller)
				: (node.level() == org.epigrid.population.DivisionLevel.GRID) ? List.of()
						: this.divisions.children(caller, node.id());
		Map<Long, Tally> byChild = new LinkedHashMap<>();
		for (Division child : children) {
			byChild.put(child.id(), new Tally());
		}
		Tally total = new Tally();
		Map<Long, Division> childById = new HashMap<>();
		children.forEach(c -> childById.put(c.id(), c));
		for (GridCounts grid : counts) {
			total.add(grid);
			String path = (grid.gridId() == null) ? null : gridPaths.get(grid.gridId());
			for (Division child : children) {
				if (path != null && path.startsWith(child.path())) {
					byChild.get(child.id()).add(grid);
					break;
				}
			}
		}
		List<Row> rows = new ArrayList<>();
		for (Division child : children) {
			Tally t = byChild.get(child.id());
			if (t.required + t.extra + t.exempted > 0) {
				rows.add(t.row(child.id(), child.name(), child.level().name()));
			}
		}
		return new Progress(round, (node == null) ? null : node.id(), (node == null) ? null : node.name(),
				(node == null) ? null : node.level().name(), rows,
				total.row(0, (node == null) ? "" : node.name(), "TOTAL"), round.stage(this.clock.instant()));
	}

	/**
	 * One page of a list of a round's persons in a grid (or all the caller's grids),
	 * names in full, ID numbers masked, phones in full for the roles that call people;
	 * the view is audited.
	 * @param caller the caller
	 * @param roundId the round
	 * @param list which list
	 * @param gridId the grid, {@code null} for all
	 * @param page the page
	 * @param channel WEB or API
	 * @param clientIp the client's address
	 * @return one page
	 */
	public Slice<ListedPerson> list(Caller caller, long roundId, RoundList list, Long gridId, PageRequest page,
			String channel, String clientIp) {
		get(caller, roundId);
		boolean phones = this.privacy.mayUnmaskPhone(caller);
		List<ListedPerson> rows = this.persons
			.list(roundId, list, gridId, caller.jurisdiction(), page.size() + 1, page.offset())
			.stream()
			.map(p -> person(p, phones))
			.toList();
		this.audit.record(caller,
				new AuditManagement.View("VIEW_LIST", "TESTING_ROUND", Long.toString(roundId),
						list.name() + ((gridId == null) ? "" : " grid " + gridId),
						"testing " + list.name().toLowerCase(), channel, clientIp));
		return Slice.of(rows, page);
	}

	/**
	 * A whole list, for the Excel export; the export is audited.
	 * @param caller the caller
	 * @param roundId the round
	 * @param list which list
	 * @param gridId the grid, {@code null} for all
	 * @param channel WEB or API
	 * @param clientIp the client's address
	 * @param each receives each person, by grid, address and name
	 */
	public void export(Caller caller, long roundId, RoundList list, Long gridId, String channel, String clientIp,
			Consumer<ListedPerson> each) {
		get(caller, roundId);
		boolean phones = this.privacy.mayUnmaskPhone(caller);
		this.audit.record(caller,
				new AuditManagement.View("EXPORT_LIST", "TESTING_ROUND", Long.toString(roundId),
						list.name() + ((gridId == null) ? "" : " grid " + gridId),
						"testing " + list.name().toLowerCase(), channel, clientIp));
		this.persons.each(roundId, list, gridId, caller.jurisdiction(), p -> each.accept(person(p, phones)));
	}

	/**
	 * Exempts a due person who is away (with the evidence), or lifts it.
	 * @param caller a grid worker, commander or admin of the person's place
	 * @param roundId the round
	 * @param personId the person
	 * @param exemption the exemption
	 */
	@Transactional
	public void exempt(Caller caller, long roundId, long personId, Exemption exemption) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER) && !caller.has(Role.GRID_WORKER)) {
			throw new ForbiddenException("role", "only grid workers and the command exempt persons");
		}
		get(caller, roundId);
		List<FieldError> errors = new ArrayList<>();
		boolean lift = exemption.away() != null && !exemption.away();
		if (exemption.away() == null) {
			errors.add(new FieldError("away", "is required: true to exempt as away, false to lift"));
		}
		if (!lift && (exemption.evidence() == null || exemption.evidence().isBlank())) {
			errors.add(new FieldError("evidence", "is required: where the person is and how it is known"));
		}
		TextLimit.check(errors, "evidence", exemption.evidence(), 200);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		if (!this.rounds.exempt(roundId, personId, lift ? null : "AWAY", lift ? null : exemption.evidence().strip(),
				caller.jurisdiction())) {
			throw new NotFoundException("person " + personId + " in round " + roundId);
		}
	}

	private static ListedPerson person(Listed p, boolean phones) {
		return new ListedPerson(p.personId(), p.gridId(), p.name(), Masking.idNumber(p.idNumber()),
				(p.phone() == null) ? null : phones ? p.phone() : Masking.phone(p.phone()), p.address(), p.doorToDoor(),
				p.state(), p.exemption(), p.exemptionNote(), p.sampledAt());
	}

	private static String commonPath(List<Division> targets) {
		String common = targets.get(0).path();
		for (Division d : targets) {
			while (!d.path().startsWith(common)) {
				common = common.substring(0, common.lastIndexOf('/', common.length() - 2) + 1);
			}
		}
		return common;
	}

	/** Sums of counts. */
	private static final class Tally {

		long required;

		long sampled;

		long exempted;

		long extra;

		long doorToDoor;

		long negative;

		long recall;

		long resample;

		long positive;

		void add(GridCounts c) {
			this.required += c.required();
			this.sampled += c.sampled();
			this.exempted += c.exempted();
			this.extra += c.extra();
			this.doorToDoor += c.doorToDoor();
			this.negative += c.negative();
			this.recall += c.recall();
			this.resample += c.resample();
			this.positive += c.positive();
		}

		Row row(long id, String name, String level) {
			double percent = (this.required == 0) ? 0 : Math.round(1000.0 * this.sampled / this.required) / 10.0;
			return new Row(id, name, level, this.required, this.sampled, this.required - this.sampled, percent,
					this.exempted, this.extra, this.doorToDoor, this.negative, this.recall, this.resample,
					this.positive);
		}

	}

	/**
	 * A round to start.
	 *
	 * @param name its name
	 * @param startsAt when sampling starts
	 * @param endsAt the deadline
	 * @param population whom it is for
	 * @param keyTags special-population tags (key groups)
	 * @param keyWorkplaces workplace words (key groups)
	 * @param pooling persons in one tube
	 * @param exemptPositiveDays exempt persons positive within this many days
	 * @param divisionIds divisions and grids covered
	 */
	public record NewRound(String name, Instant startsAt, Instant endsAt, RoundPopulation population,
			List<String> keyTags, List<String> keyWorkplaces, Integer pooling, Integer exemptPositiveDays,
			List<Long> divisionIds) {
	}

	/**
	 * An exemption.
	 *
	 * @param away {@code true} to exempt as away, {@code false} to lift
	 * @param evidence where the person is and how it is known
	 */
	public record Exemption(Boolean away, String evidence) {
	}

	/**
	 * A round's progress below a division.
	 *
	 * @param round the round
	 * @param divisionId the division, {@code null} for the caller's top
	 * @param divisionName its name
	 * @param level its level
	 * @param rows one per child division with persons
	 * @param total the sum
	 * @param stage PLANNED, RUNNING or FINISHED
	 */
	public record Progress(TestingRound round, Long divisionId, String divisionName, String level, List<Row> rows,
			Row total, String stage) {
	}

	/**
	 * Counts of a division.
	 *
	 * @param divisionId the division
	 * @param name its name
	 * @param level its level
	 * @param required due, not exempted
	 * @param sampled of those, sampled
	 * @param remaining of those, not yet
	 * @param percent sampled of required, in percent (one decimal)
	 * @param exempted exempted
	 * @param extra sampled though not due
	 * @param doorToDoor due and not sampled, for the door-to-door team
	 * @param negative negative
	 * @param recall recalled for a single-tube retest
	 * @param resample to resample (invalid tube)
	 * @param positive positive
	 */
	public record Row(long divisionId, String name, String level, long required, long sampled, long remaining,
			double percent, long exempted, long extra, long doorToDoor, long negative, long recall, long resample,
			long positive) {
	}

	/**
	 * A person of a list, masked for the caller.
	 *
	 * @param personId the person
	 * @param gridId their grid
	 * @param name name
	 * @param idNumber masked document number
	 * @param phone phone, in full or masked
	 * @param address address
	 * @param doorToDoor for the door-to-door team
	 * @param state where they stand
	 * @param exemption the exemption
	 * @param exemptionNote its evidence
	 * @param sampledAt when sampled
	 */
	public record ListedPerson(long personId, Long gridId, String name, String idNumber, String phone, String address,
			boolean doorToDoor, String state, String exemption, String exemptionNote, Instant sampledAt) {
	}

}
