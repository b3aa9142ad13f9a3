package org.epigrid.tracing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.ConflictException;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.TextLimit;
import org.epigrid.shared.health.ContactLevel;
import org.epigrid.tracing.internal.CaseRepository;
import org.epigrid.tracing.internal.ContactRepository;
import org.epigrid.tracing.internal.ContactRepository.Edge;
import org.epigrid.tracing.internal.LinkRepository;
import org.epigrid.tracing.internal.LinkRepository.ClusterSize;
import org.epigrid.tracing.internal.LinkRepository.Member;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Transmission chains: when a contact becomes a case, the computation of contacts links
 * infector to infectee with the evidence; cases linked so form a cluster, seen as a graph
 * of cases (by generation) and their close and secondary contacts, with its size,
 * generations and serial intervals. An investigator may set a case's infector by hand.
 */
@Service
public class ClusterManagement {

	/** The most contacts drawn in a cluster's graph. */
	static final int MAX_GRAPH_CONTACTS = 2000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<Evidence>> EVIDENCE = new TypeReference<>() {
	};

	private final LinkRepository links;

	private final CaseRepository cases;

	private final ContactRepository contacts;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final Clock clock;

	ClusterManagement(LinkRepository links, CaseRepository cases, ContactRepository contacts,
			ResidentDirectory residents, AuditManagement audit, Clock clock) {
		this.links = links;
		this.cases = cases;
		this.contacts = contacts;
		this.residents = residents;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * The cluster a case belongs to, with its graph, audited.
	 * @param caller an investigator
	 * @param caseId any case of the cluster in the caller's jurisdiction
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the cluster; cases outside the caller's jurisdiction show no person
	 * @throws NotFoundException if the case is not in the caller's jurisdiction (or
	 * nowhere)
	 * @throws ForbiddenException for other roles
	 */
	@Transactional
	public Cluster cluster(Caller caller, long caseId, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		this.cases.find(caseId, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + caseId));
		ZoneId zone = this.clock.getZone();
		long root = this.links.root(caseId);
		List<Member> members = this.links.members(root, caller.jurisdiction(), zone);
		Map<Long, Member> byId = new java.util.HashMap<>();
		members.forEach(m -> byId.put(m.caseId(), m));
		Map<Long, Resident> persons = this.residents
			.byIds(members.stream().filter(Member::mine).map(Member::personId).toList());

		List<ClusterCase> nodes = new ArrayList<>();
		List<Integer> intervals = new ArrayList<>();
		int generations = 0;
		for (Member m : members) {
			generations = Math.max(generations, m.generation() + 1);
			Member infector = (m.infectorCaseId() == null) ? null : byId.get(m.infectorCaseId());
			SerialInterval interval = (infector == null) ? null : interval(infector, m, zone);
			if (interval != null) {
				intervals.add(interval.days());
			}
			Resident person = persons.get(m.personId());
			nodes.add(new ClusterCase(m.caseId(), m.mine() ? m.personId() : null,
					(m.mine() && person != null) ? person.maskedName() : null, m.mine(), m.classification(), m.state(),
					m.onsetDate(), m.firstPositiveAt(), m.generation(), m.infectorCaseId(),
					(m.level() == null) ? null : ContactLevel.valueOf(m.level()),
					(m.evidence() == null || !m.mine()) ? List.of() : JSON.readValue(m.evidence(), EVIDENCE),
					m.candidates(), m.linkedAt(), m.linkedBy(), m.note(), interval));
		}

		Set<Long> casePersons = new HashSet<>();
		members.forEach(m -> casePersons.add(m.personId()));
		List<Edge> edges = this.contacts.edges(members.stream().filter(Member::mine).map(Member::caseId).toList(),
				MAX_GRAPH_CONTACTS);
		boolean truncated = edges.size() > MAX_GRAPH_CONTACTS;
		List<GraphContact> graph = edges.stream()
			.limit(MAX_GRAPH_CONTACTS)
			.filter(e -> !casePersons.contains(e.personId()))
			.map(e -> new GraphContact(e.caseId(), e.personId(), e.level(), e.viaPersonId()))
			.toList();
		this.audit.record(caller, new AuditManagement.View("VIEW_CLUSTER", "CASE", String.valueOf(caseId), null,
				"cluster " + root + ", " + nodes.size() + " cases", channel, clientIp));
		return new Cluster(root, nodes.size(), generations, Intervals.of(intervals), nodes, graph, truncated);
	}

	/**
	 * Clusters of at least two cases with one in the caller's jurisdiction, the largest
	 * first.
	 * @param caller an investigator
	 * @param limit how many, 1 to 500
	 * @return root, size and generations of each
	 */
	@Transactional(readOnly = true)
	public List<ClusterSummary> clusters(Caller caller, int limit) {
		CaseManagement.requireInvestigator(caller);
		if (limit < 1 || limit > 500) {
			throw new FieldErrorsException(List.of(new FieldError("limit", "must be 1 to 500")));
		}
		return this.links.clusters(caller.jurisdiction(), limit)
			.stream()
			.map((ClusterSize c) -> new ClusterSummary(c.root(), c.size(), c.generations(), c.firstPositiveAt()))
			.toList();
	}

	/**
	 * Sets a case's infector by hand, audited; the computation keeps it from then on.
	 * @param caller an investigator
	 * @param caseId the infectee, in the caller's jurisdiction
	 * @param change the infector and why
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the cluster the case now belongs to
	 * @throws NotFoundException if either case is not in the caller's jurisdiction
	 * @throws FieldErrorsException if the infector is missing, the case itself, or the
	 * note too long
	 * @throws ConflictException if the infector descends from the case (a loop)
	 */
	@Transactional
	public Cluster setInfector(Caller caller, long caseId, InfectorChange change, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		List<FieldError> errors = new ArrayList<>();
		if (change == null || change.infectorCaseId() == null) {
			errors.add(new FieldError("infectorCaseId", "is required"));
		}
		else if (change.infectorCaseId() == caseId) {
			errors.add(new FieldError("infectorCaseId", "a case cannot infect itself"));
		}
		if (change != null) {
			TextLimit.check(errors, "note", change.note(), 500);
		}
		this.cases.find(caseId, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + caseId));
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		long infector = change.infectorCaseId();
		this.cases.find(infector, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + infector));
		if (this.links.descends(infector, caseId)) {
			throw new ConflictException("infectorCaseId",
					"case " + infector + " descends from case " + caseId + ": the chain would close a loop");
		}
		Instant now = this.clock.instant();
		String note = (change.note() == null || change.note().isBlank()) ? null : change.note().strip();
		this.links.setByHand(caseId, infector, note, caller.username(), now);
		this.audit.record(caller, new AuditManagement.View("SET_INFECTOR", "CASE", String.valueOf(caseId), null,
				"infector case " + infector, channel, clientIp));
		return cluster(caller, caseId, channel, clientIp);
	}

	/**
	 * The serial interval from infector to infectee: between onsets when both are known,
	 * otherwise between first positive samples.
	 */
	private static SerialInterval interval(Member infector, Member infectee, ZoneId zone) {
		if (infector.onsetDate() != null && infectee.onsetDate() != null) {
			return new SerialInterval((int) ChronoUnit.DAYS.between(infector.onsetDate(), infectee.onsetDate()),
					"ONSET");
		}
		if (infector.firstPositiveAt() != null && infectee.firstPositiveAt() != null) {
			LocalDate from = LocalDate.ofInstant(infector.firstPositiveAt(), zone);
			LocalDate to = LocalDate.ofInstant(infectee.firstPositiveAt(), zone);
			return new SerialInterval((int) ChronoUnit.DAYS.between(from, to), "FIRST_POSITIVE");
		}
		return null;
	}

	/**
	 * A cluster: cases linked infector to infectee.
	 *
	 * @param id its first case (the root)
	 * @param size how many cases
	 * @param generations how many generations (1 for a case alone)
	 * @param serialIntervals the serial intervals of its links
	 * @param cases its cases, by generation
	 * @param contacts close and secondary contacts of its cases in the caller's
	 * jurisdiction that are not cases themselves
	 * @param contactsTruncated whether more contacts exist than are listed
	 */
	public record Cluster(long id, int size, int generations, Intervals serialIntervals, List<ClusterCase> cases,
			List<GraphContact> contacts, boolean contactsTruncated) {
	}

	/**
	 * A case in a cluster.
	 *
	 * @param caseId the case
	 * @param personId its person, {@code null} outside the caller's jurisdiction
	 * @param maskedName its person's masked name, {@code null} outside
	 * @param inJurisdiction whether the caller may open it
	 * @param classification its classification
	 * @param state its state
	 * @param onsetDate its onset
	 * @param firstPositiveAt its first positive sample
	 * @param generation 0 for the first case
	 * @param infectorCaseId who infected it, {@code null} for the first case
	 * @param level the contact level it had with its infector
	 * @param evidence the evidence of that contact (empty outside the caller's
	 * jurisdiction)
	 * @param candidates how many cases could have infected it
	 * @param linkedAt when linked
	 * @param linkedBy {@code system} or the investigator who set the link
	 * @param note the investigator's note
	 * @param serialInterval days from its infector's onset to its own, {@code null} for
	 * the first case
	 */
	public record ClusterCase(long caseId, Long personId, String maskedName, boolean inJurisdiction,
			CaseClassification classification, CaseState state, LocalDate onsetDate, Instant firstPositiveAt,
			int generation, Long infectorCaseId, ContactLevel level, List<Evidence> evidence, int candidates,
			Instant linkedAt, String linkedBy, String note, SerialInterval serialInterval) {
	}

	/**
	 * A serial interval.
	 *
	 * @param days the days
	 * @param basis {@code ONSET} (between onsets) or {@code FIRST_POSITIVE} (between
	 * first positive samples, when an onset is unknown)
	 */
	public record SerialInterval(int days, String basis) {
	}

	/**
	 * Serial intervals of a cluster.
	 *
	 * @param count how many links have one
	 * @param mean their mean, {@code null} if none
	 * @param median their median, {@code null} if none
	 * @param min the shortest
	 * @param max the longest
	 */
	public record Intervals(int count, Double mean, Double median, Integer min, Integer max) {

		static Intervals of(List<Integer> days) {
			if (days.isEmpty()) {
				return new Intervals(0, null, null, null, null);
			}
			List<Integer> sorted = days.stream().sorted().toList();
			int n = sorted.size();
			double median = (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
			return new Intervals(n, sorted.stream().mapToInt(Integer::intValue).average().orElseThrow(), median,
					sorted.get(0), sorted.get(n - 1));
		}

	}

	/**
	 * A contact in a cluster's graph.
	 *
	 * @param caseId the case it is a contact of
	 * @param personId the contact
	 * @param level close or secondary
	 * @param viaPersonId for a secondary contact, the close contact
	 */
	public record GraphContact(long caseId, long personId, ContactLevel level, Long viaPersonId) {
	}

	/**
	 * A cluster in a list.
	 *
	 * @param id its first case
	 * @param size how many cases
	 * @param generations how many generations
	 * @param firstPositiveAt its earliest positive sample
	 */
	public record ClusterSummary(long id, int size, int generations, Instant firstPositiveAt) {
	}

	/**
	 * An infector set by hand.
	 *
	 * @param infectorCaseId the infector
	 * @param note why, at most 500 characters
	 */
	public record InfectorChange(Long infectorCaseId, String note) {
	}

}
