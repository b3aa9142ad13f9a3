package org.epigrid.tracing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.epigrid.population.DivisionManagement;
import org.epigrid.population.IdentityLookup;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.security.Role;
import org.epigrid.shared.CsvCell;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.PhoneNumber;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.TextLimit;
import org.epigrid.tracing.internal.TopicRepository;
import org.epigrid.tracing.internal.TopicRepository.FoundPerson;
import org.epigrid.tracing.internal.TopicRepository.ItemRow;
import org.epigrid.tracing.internal.TopicRepository.ProgressRow;
import org.epigrid.tracing.internal.TopicRepository.TopicRow;
import org.epigrid.tracing.internal.TracingProperties;
import org.epigrid.venues.PresenceManagement;
import org.epigrid.venues.PresenceManagement.Gathered;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Screening topics (专题, E4): a place or an area and a time window ("Palm Spring building,
 * 20 Feb, 09:00–18:00"). The persons there — check-ins, compound checkpoint passes,
 * imported lists — are gathered in one statement each and matched like the data hub's
 * records (duplicates marked with a count, not removed: 排重不去重); each becomes a
 * verification item for the grid they live in: reached and confirms, reached and denies,
 * unreachable (escalated to the investigation team after
 * {@code epigrid.tracing.topic-escalate-after} attempts), or outside the jurisdiction
 * (listed for an assistance letter to other cities). Progress per topic and grid.
 */
@Service
public class TopicManagement {

	/** The longest window of a topic. */
	static final Duration MAX_WINDOW = Duration.ofDays(14);

	/** The most rows one list adds. */
	public static final int MAX_LIST_ROWS = 10_000;

	private final TopicRepository topics;

	private final PresenceManagement presence;

	private final IdentityLookup identities;

	private final ResidentDirectory residents;

	private final DivisionManagement divisions;

	private final AuditManagement audit;

	private final PrivacyPolicy privacy;

	private final TracingProperties settings;

	private final Clock clock;

	TopicManagement(TopicRepository topics, PresenceManagement presence, IdentityLookup identities,
			ResidentDirectory residents, DivisionManagement divisions, AuditManagement audit, PrivacyPolicy privacy,
			TracingProperties settings, Clock clock) {
		this.privacy = privacy;
		this.topics = topics;
		this.presence = presence;
		this.identities = identities;
		this.residents = residents;
		this.divisions = divisions;
		this.audit = audit;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Creates a topic and gathers its persons from check-ins and checkpoint passes,
	 * audited.
	 * @param caller an investigator
	 * @param request the places or area and the window
	 * @return the topic with its progress
	 * @throws FieldErrorsException naming each field missing or wrong
	 * @throws NotFoundException if the area is not in the caller's jurisdiction
	 */
	@Transactional
	public Topic create(Caller caller, NewTopic request) {
		CaseManagement.requireInvestigator(caller);
		NewTopic r = (request == null) ? new NewTopic(null, null, null, null, null, null) : request;
		List<FieldError> errors = new ArrayList<>();
		if (r.name() == null || r.name().isBlank()) {
			errors.add(new FieldError("name", "is required: e.g. the building and the day"));
		}
		TextLimit.check(errors, "name", r.name(), TextLimit.LABEL);
		TextLimit.check(errors, "note", r.note(), 500);
		List<Long> venues = (r.venueIds() == null) ? List.of() : r.venueIds();
		if (venues.size() > 200) {
			errors.add(new FieldError("venueIds", "at most 200 venues"));
		}
		if (venues.stream().anyMatch(v -> v == null || v < 1)) {
			errors.add(new FieldError("venueIds", "must be venue ids"));
		}
		if (venues.isEmpty() && r.areaDivisionId() == null) {
			errors.add(new FieldError("venueIds", "give venues or an area (areaDivisionId)"));
		}
		Instant now = this.clock.instant();
		if (r.from() == null || r.to() == null) {
			errors.add(new FieldError((r.from() == null) ? "from" : "to", "is required"));
		}
		else if (!r.to().isAfter(r.from())) {
			errors.add(new FieldError("to", "must be after from"));
		}
		else if (Duration.between(r.from(), r.to()).compareTo(MAX_WINDOW) > 0) {
			errors.add(new FieldError("to", "a topic's window is at most 14 days"));
		}
		else if (r.from().isAfter(now)) {
			errors.add(new FieldError("from", "lies in the future"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		PathPrefix area = null;
		String areaPath = null;
		if (r.areaDivisionId() != null) {
			// the division service answers "not there" for a division outside the
			// caller's
			// jurisdiction
			areaPath = this.divisions.find(caller, r.areaDivisionId()).path();
			area = PathPrefix.of(areaPath);
		}
		long id = this.topics.insert(new TopicRow(0, r.name().strip(), List.copyOf(venues), areaPath, r.from(), r.to(),
				caller.jurisdiction().lower(), blank(r.note()) ? null : r.note().strip(), now, caller.username()));
		List<Gathered> gathered = this.presence.gather(venues, area, r.from(), r.to());
		List<FoundPerson> found = new ArrayList<>();
		Map<Long, IdentityLookup.Place> places = this.identities
			.places(gathered.stream().map(Gathered::personId).distinct().toList(), PathPrefix.of("/"));
		for (Gathered g : gathered) {
			IdentityLookup.Place place = places.get(g.personId());
			found.add(new FoundPerson(g.personId(), (place == null) ? null : place.path(),
					(place == null) ? null : place.gridPath(), g.source(), 1, g.at()));
		}
		add(id, found, caller.jurisdiction(), now, caller.username());
		this.audit.record(caller, new AuditManagement.View("CREATE_TOPIC", "TOPIC", String.valueOf(id), r.name(),
				gathered.size() + " found", "API", null));
		return topic(caller, id);
	}

	/**
	 * Adds a list (name, resident ID, phone) to a topic: each row matched like the data
	 * hub's records, a known person becomes (or counts again for) an item, an unknown
	 * resident ID registers a provisional person, and a row that identifies nobody is
	 * kept for the assistance letter. Audited.
	 * @param caller an investigator
	 * @param topicId the topic
	 * @param rows at most {@value #MAX_LIST_ROWS}
	 * @return how the rows were matched
	 * @throws NotFoundException if the caller may not see the topic
	 * @throws FieldErrorsException if there are no rows or too many
	 */
	@Transactional
	public ListReceipt addList(Caller caller, long topicId, List<ListRow> rows) {
		CaseManagement.requireInvestigator(caller);
		TopicRow topic = this.topics.find(topicId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("topic " + topicId));
		if (rows == null || rows.isEmpty() || rows.size() > MAX_LIST_ROWS) {
			throw FieldErrorsException.of("rows", "give 1 to " + MAX_LIST_ROWS + " rows");
		}
		Instant now = this.clock.instant();
		List<String[]> unmatched = new ArrayList<>();
		Map<String, Integer> byId = new LinkedHashMap<>();
		Map<IdentityLookup.NameAndPhone, Integer> byPhone = new LinkedHashMap<>();
		Map<String, ListRow> idRows = new HashMap<>();
		for (ListRow row : rows) {
			String name = (row == null || row.name() == null) ? "" : row.name().strip();
			String id = null;
			String phone = null;
			if (row != null && !blank(row.idNumber())) {
				try {
					id = new IdNumber(row.idNumber().strip()).value();
				}
				catch (InvalidValueException ex) {
					unmatched.add(new String[] { cut(name, 100), cut(row.phone(), 32), cut(row.idNumber(), 18),
							"ID number: " + ex.getMessage() });
					continue;
				}
			}
			if (row != null && !blank(row.phone())) {
				try {
					phone = new PhoneNumber(row.phone()).value();
				}
				catch (InvalidValueException ex) {
					phone = null;
				}
			}
			if (id != null) {
				byId.merge(id, 1, Integer::sum);
				idRows.putIfAbsent(id, new ListRow(name, id, phone));
			}
			else if (phone != null && !name.isEmpty()) {
				byPhone.merge(new IdentityLookup.NameAndPhone(name, phone), 1, Integer::sum);
			}
			else {
				unmatched.add(new String[] { cut(name, 100), (row == null) ? null : cut(row.phone(), 32), null,
						"neither an ID number nor a name with a phone" });
			}
		}
		Map<String, Long> ids = new HashMap<>(this.identities.byIdNumber(byId.keySet()));
		List<IdentityLookup.ProvisionalPerson> unknown = new ArrayList<>();
		for (String id : byId.keySet()) {
			if (!ids.containsKey(id)) {
				IdNumber number = new IdNumber(id);
				ListRow row = idRows.get(id);
				unknown.add(new IdentityLookup.ProvisionalPerson(row.name().isEmpty() ? "（未知）" : row.name(), id,
						number.sex(), number.birthDate(), row.phone()));
			}
		}
		int registered = 0;
		if (!unknown.isEmpty()) {
			Map<String, Long> added = this.identities.registerProvisional(unknown, false, topic.jurisdiction(),
					"tracing: topic " + topicId);
			ids.putAll(added);
			registered = added.size();
		}
		Map<IdentityLookup.NameAndPhone, Long> phones = new HashMap<>(this.identities.byNameAndPhone(byPhone.keySet()));
		List<IdentityLookup.NameAndPhone> rest = byPhone.keySet().stream().filter(k -> !phones.containsKey(k)).toList();
		phones.putAll(this.identities.byPhoneWithSimilarName(rest));
		Map<Long, Integer> counts = new TreeMap<>();
		byId.forEach((id, n) -> {
			Long person = ids.get(id);
			if (person != null) {
				counts.merge(person, n, Integer::sum);
			}
		});
		byPhone.forEach((key, n) -> {
			Long person = phones.get(key);
			if (person != null) {
				counts.merge(person, n, Integer::sum);
			}
			else {
				unmatched
					.add(new String[] { cut(key.name(), 100), key.phone(), null, "nobody with this name and phone" });
			}
		});
		Map<Long, IdentityLookup.Place> places = this.identities.places(counts.keySet(), PathPrefix.of("/"));
		List<FoundPerson> found = new ArrayList<>();
		counts.forEach((person, n) -> {
			IdentityLookup.Place place = places.get(person);
			found.add(new FoundPerson(person, (place == null) ? null : place.path(),
					(place == null) ? null : place.gridPath(), "LIST", n, null));
		});
		int added = add(topicId, found, PathPrefix.of(topic.jurisdiction()), now, caller.username());
		this.topics.addUnmatched(topicId, unmatched, now);
		this.audit.record(caller, new AuditManagement.View("ADD_TOPIC_LIST", "TOPIC", String.valueOf(topicId),
				topic.name(), rows.size() + " rows", "API", null));
		return new ListReceipt(rows.size(), counts.size(), added, counts.size() - added, registered, unmatched.size());
	}

	private int add(long topicId, List<FoundPerson> found, PathPrefix jurisdiction, Instant now, String by) {
		int added = 0;
		for (int from = 0; from < found.size(); from += 50_000) {
			added += this.topics.addItems(topicId, found.subList(from, Math.min(found.size(), from + 50_000)),
					jurisdiction, now, by);
		}
		return added;
	}

	/**
	 * A topic with its progress in the caller's jurisdiction.
	 * @param caller an investigator or a grid worker
	 * @param topicId the topic
	 * @return the topic
	 * @throws NotFoundException if the caller may not see it (or it is not there)
	 */
	@Transactional(readOnly = true)
	public Topic topic(Caller caller, long topicId) {
		requireVerifier(caller);
		TopicRow row = this.topics.find(topicId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("topic " + topicId));
		boolean outside = caller.jurisdiction().contains(row.jurisdiction());
		Map<String, Integer> byStatus = new TreeMap<>();
		for (String status : List.of("PENDING", "CONFIRMED", "DENIES", "UNREACHABLE", "OUTSIDE")) {
			byStatus.put(status, 0);
		}
		Map<String, Map<String, Integer>> byGrid = new TreeMap<>();
		int escalated = 0;
		int total = 0;
		for (ProgressRow p : this.topics.progress(topicId, caller.jurisdiction(), outside)) {
			byStatus.merge(p.status(), p.count(), Integer::sum);
			escalated += p.escalated();
			total += p.count();
			if (!"OUTSIDE".equals(p.status())) {
				String grid = (p.gridPath() == null) ? "" : p.gridPath();
				byGrid.computeIfAbsent(grid, g -> new TreeMap<>()).merge(p.status(), p.count(), Integer::sum);
			}
		}
		List<GridProgress> grids = new ArrayList<>();
		byGrid.forEach((grid, counts) -> grids
			.add(new GridProgress(grid, grid.isEmpty() ? null : this.divisions.nameOf(grid).orElse(grid), counts)));
		return new Topic(row.id(), row.name(), row.venueIds(), row.areaPath(), row.from(), row.to(), row.note(),
				row.createdAt(), row.createdBy(), total, byStatus, escalated, grids,
				this.topics.unmatched(topicId).size(),
				outside && CaseManagement.INVESTIGATORS.stream().anyMatch(caller::has));
	}

	/**
	 * Topics the caller may see, newest first, with their progress in the caller's
	 * jurisdiction.
	 * @param caller an investigator or a grid worker
	 * @return at most 100 topics
	 */
	@Transactional(readOnly = true)
	public List<Topic> topics(Caller caller) {
		requireVerifier(caller);
		return this.topics.list(caller.jurisdiction(), 100).stream().map(t -> topic(caller, t.id())).toList();
	}

	/**
	 * A topic's items in the caller's jurisdiction (and, for whoever made it or stands
	 * above, those living outside it), escalated and pending first, audited.
	 * @param caller an investigator or a grid worker
	 * @param topicId the topic
	 * @param status only this status, may be {@code null}
	 * @param page the page
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the items
	 */
	@Transactional
	public Slice<Item> items(Caller caller, long topicId, String status, PageRequest page, String channel,
			String clientIp) {
		requireVerifier(caller);
		TopicRow row = this.topics.find(topicId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("topic " + topicId));
		if (status != null && !List.of("PENDING", "CONFIRMED", "DENIES", "UNREACHABLE", "OUTSIDE").contains(status)) {
			throw FieldErrorsException.of("status", "one of PENDING, CONFIRMED, DENIES, UNREACHABLE, OUTSIDE");
		}
		boolean outside = caller.jurisdiction().contains(row.jurisdiction());
		Slice<ItemRow> items = Slice.of(this.topics.items(topicId, caller.jurisdiction(), status, outside, page), page);
		this.audit.record(caller, new AuditManagement.View("VIEW_TOPIC_ITEMS", "TOPIC", String.valueOf(topicId),
				row.name(), "page " + page.page() + ((status == null) ? "" : ", " + status), channel, clientIp));
		List<Long> ids = items.items().stream().map(ItemRow::personId).toList();
		Map<Long, ResidentDirectory.Resident> persons = this.residents.byIds(ids);
		Map<Long, IdentityLookup.Place> places = this.identities.places(ids, PathPrefix.of("/"));
		// the grid worker calls them: the full phone for whoever may see it
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		return items.map(i -> {
			ResidentDirectory.Resident person = persons.get(i.personId());
			IdentityLookup.Place place = places.get(i.personId());
			return new Item(i.personId(), (person == null) ? null : person.maskedName(),
					(place == null || place.phone() == null) ? null
							: (fullPhone ? place.phone() : Masking.phone(place.phone())),
					(place == null) ? null : place.address(), (place == null) ? null : place.gridName(), i.sources(),
					i.rows(), i.firstSeenAt(), i.status(), i.attempts(), i.escalated(), i.updatedAt(), i.updatedBy(),
					i.note());
		});
	}

	/**
	 * Records a verification outcome, audited: reached and confirms, reached and denies,
	 * or unreachable (escalated after {@code epigrid.tracing.topic-escalate-after}
	 * attempts).
	 * @param caller a grid worker or an investigator whose jurisdiction the person lives
	 * in
	 * @param topicId the topic
	 * @param personId the person
	 * @param outcome the outcome
	 * @return the item
	 * @throws NotFoundException if the item is not in the caller's jurisdiction (or not
	 * there, or outside)
	 * @throws FieldErrorsException naming the outcome or the note
	 */
	@Transactional
	public Item outcome(Caller caller, long topicId, long personId, Outcome outcome) {
		requireVerifier(caller);
		this.topics.find(topicId, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("topic " + topicId));
		List<FieldError> errors = new ArrayList<>();
		String status = (outcome == null || outcome.outcome() == null) ? null : outcome.outcome().strip();
		if (status == null || !List.of("CONFIRMED", "DENIES", "UNREACHABLE").contains(status)) {
			errors.add(new FieldError("outcome", "is required: CONFIRMED, DENIES or UNREACHABLE"));
		}
		if (outcome != null) {
			TextLimit.check(errors, "note", outcome.note(), 500);
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		ItemRow row = this.topics
			.outcome(topicId, personId, caller.jurisdiction(), status,
					blank(outcome.note()) ? null : outcome.note().strip(), this.settings.topicEscalateAfter(),
					caller.username(), this.clock.instant())
			.orElseThrow(() -> new NotFoundException("item " + personId));
		this.audit.record(caller, new AuditManagement.View("TOPIC_OUTCOME", "PERSON", String.valueOf(personId), null,
				"topic " + topicId + ": " + status, "API", null));
		return new Item(row.personId(), null, null, null, null, row.sources(), row.rows(), row.firstSeenAt(),
				row.status(), row.attempts(), row.escalated(), row.updatedAt(), row.updatedBy(), row.note());
	}

	/**
	 * The assistance letter: the persons of a topic living outside its jurisdiction and
	 * the list rows that matched nobody, as CSV, audited.
	 * @param caller an investigator at or above the topic's jurisdiction
	 * @param topicId the topic
	 * @return the CSV (UTF-8 with a byte order mark, for spreadsheet programs)
	 */
	@Transactional
	public String assistanceLetter(Caller caller, long topicId) {
		CaseManagement.requireInvestigator(caller);
		TopicRow row = this.topics.find(topicId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("topic " + topicId));
		if (!caller.jurisdiction().contains(row.jurisdiction())) {
			throw new ForbiddenException("role", "the assistance letter is made where the topic was made");
		}
		StringBuilder csv = new StringBuilder("\uFEFF人员编号,姓名,电话,住址,来源,首次出现,说明\n");
		List<ItemRow> outside = new ArrayList<>();
		for (int page = 0;; page++) {
			List<ItemRow> rows = this.topics.items(topicId, PathPrefix.of("/"), "OUTSIDE", true,
					new PageRequest(page, 200));
			outside.addAll(rows.subList(0, Math.min(200, rows.size())));
			if (rows.size() <= 200 || page >= 500) {
				break;
			}
		}
		List<Long> ids = outside.stream().map(ItemRow::personId).toList();
		Map<Long, ResidentDirectory.Resident> persons = this.residents.byIds(ids);
		Map<Long, IdentityLookup.Place> places = this.identities.places(ids, PathPrefix.of("/"));
		for (ItemRow item : outside) {
			ResidentDirectory.Resident person = persons.get(item.personId());
			IdentityLookup.Place place = places.get(item.personId());
			csv.append(item.personId())
				.append(',')
				.append(CsvCell.of((person == null) ? null : person.maskedName()))
				.append(',')
				.append(CsvCell.of((place == null) ? null : place.phone()))
				.append(',')
				.append(CsvCell.of((place == null) ? null : place.address()))
				.append(',')
				.append(CsvCell.of(String.join("/", item.sources())))
				.append(',')
				.append(CsvCell.of((item.firstSeenAt() == null) ? null : item.firstSeenAt().toString()))
				.append(",居住地不在本辖区\n");
		}
		for (String[] u : this.topics.unmatched(topicId)) {
			csv.append(',')
				.append(CsvCell.of(u[0]))
				.append(',')
				.append(CsvCell.of(u[1]))
				.append(",,名单,,")
				.append(CsvCell.of("未匹配到人员（" + u[3] + "）" + ((u[2] == null) ? "" : " 证件 " + u[2])))
				.append('\n');
		}
		this.audit.record(caller, new AuditManagement.View("EXPORT_ASSISTANCE_LETTER", "TOPIC", String.valueOf(topicId),
				row.name(), outside.size() + " persons", "WEB", null));
		return csv.toString();
	}

	static void requireVerifier(Caller caller) {
		if (!caller.has(Role.GRID_WORKER) && CaseManagement.INVESTIGATORS.stream().noneMatch(caller::has)) {
			throw new ForbiddenException("role", "screening topics are for investigators and grid workers");
		}
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static String cut(String text, int max) {
		if (text == null) {
			return null;
		}
		String t = text.strip();
		return (t.length() > max) ? t.substring(0, max) : t;
	}

	/**
	 * A new topic: venues or an area (or both), and a window of at most 14 days.
	 *
	 * @param name e.g. "Palm Spring building, 20 Feb" (at most 200 characters)
	 * @param venueIds the venues, at most 200
	 * @param areaDivisionId an area: a division (street, community, grid, compound)
	 * @param from the window's start
	 * @param to its end
	 * @param note a note (at most 500)
	 */
	public record NewTopic(String name, List<Long> venueIds, Long areaDivisionId, Instant from, Instant to,
			String note) {
	}

	/**
	 * A row of an imported list.
	 *
	 * @param name the name
	 * @param idNumber the resident ID number
	 * @param phone the phone
	 */
	public record ListRow(String name, String idNumber, String phone) {
	}

	/**
	 * How a list was matched.
	 *
	 * @param rows rows received
	 * @param persons distinct persons matched
	 * @param added new items
	 * @param alreadyItems persons already items (counted again: duplicates marked)
	 * @param registered persons registered provisionally from unknown ID numbers
	 * @param unmatched rows that identified nobody (kept for the assistance letter)
	 */
	public record ListReceipt(int rows, int persons, int added, int alreadyItems, int registered, int unmatched) {
	}

	/**
	 * A topic and its progress in the caller's jurisdiction.
	 *
	 * @param id the topic
	 * @param name its name
	 * @param venueIds its venues
	 * @param areaPath its area
	 * @param from the window's start
	 * @param to its end
	 * @param note a note
	 * @param createdAt when made
	 * @param createdBy by whom
	 * @param items items the caller sees
	 * @param byStatus items by status
	 * @param escalated items escalated to the investigation team
	 * @param grids progress per grid
	 * @param unmatchedRows list rows that matched nobody
	 * @param assistanceLetter whether the caller may download the assistance letter (an
	 * investigator where the topic was made, or above)
	 */
	public record Topic(long id, String name, List<Long> venueIds, String areaPath, Instant from, Instant to,
			String note, Instant createdAt, String createdBy, int items, Map<String, Integer> byStatus, int escalated,
			List<GridProgress> grids, int unmatchedRows, boolean assistanceLetter) {

		/**
		 * Items verified (reached or given up on): not pending.
		 * @return the count
		 */
		public int done() {
			return this.items - this.byStatus.getOrDefault("PENDING", 0);
		}

	}

	/**
	 * A grid's progress on a topic.
	 *
	 * @param gridPath the grid, empty for persons without one
	 * @param gridName its name
	 * @param byStatus items by status
	 */
	public record GridProgress(String gridPath, String gridName, Map<String, Integer> byStatus) {
	}

	/**
	 * A verification item.
	 *
	 * @param personId the person
	 * @param maskedName their masked name
	 * @param phone their phone (masked unless the caller may see phones in full)
	 * @param address their home
	 * @param gridName their grid
	 * @param sources where found ({@code CHECK_IN}, {@code CHECKPOINT}, {@code LIST})
	 * @param rows how many source rows named them
	 * @param firstSeenAt when first seen at the place
	 * @param status {@code PENDING}, {@code CONFIRMED}, {@code DENIES},
	 * {@code UNREACHABLE} or {@code OUTSIDE}
	 * @param attempts outcomes recorded
	 * @param escalated escalated to the investigation team
	 * @param updatedAt last change
	 * @param updatedBy by whom
	 * @param note the last note
	 */
	public record Item(long personId, String maskedName, String phone, String address, String gridName,
			List<String> sources, int rows, Instant firstSeenAt, String status, int attempts, boolean escalated,
			Instant updatedAt, String updatedBy, String note) {
	}

	/**
	 * A verification outcome.
	 *
	 * @param outcome {@code CONFIRMED} (reached, was there), {@code DENIES} (reached,
	 * says not) or {@code UNREACHABLE}
	 * @param note at most 500 characters
	 */
	public record Outcome(String outcome, String note) {
	}

}
