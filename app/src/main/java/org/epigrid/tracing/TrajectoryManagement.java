package org.epigrid.tracing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.population.ResidentDirectory;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.tracing.internal.CaseRepository;
import org.epigrid.tracing.internal.CaseRepository.CaseRow;
import org.epigrid.tracing.internal.ContactEngine;
import org.epigrid.tracing.internal.TracingProtocolRepository;
import org.epigrid.venues.PresenceManagement;
import org.epigrid.venues.PresenceManagement.Visit;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where cases were (E3): a case's trajectory in its exposure window from the data (its
 * check-ins; checkpoint passes and travel records to come), and the space-time
 * intersections of several cases — the same venue, or places within some metres, at
 * overlapping times: candidate places of transmission.
 */
@Service
public class TrajectoryManagement {

	/** The most cases overlaid at once. */
	public static final int MAX_CASES = 20;

	/** The farthest apart two places may be and still meet, in metres. */
	public static final int MAX_METRES = 2_000;

	private final CaseRepository cases;

	private final TracingProtocolRepository protocols;

	private final PresenceManagement presence;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final Clock clock;

	TrajectoryManagement(CaseRepository cases, TracingProtocolRepository protocols, PresenceManagement presence,
			ResidentDirectory residents, AuditManagement audit, Clock clock) {
		this.cases = cases;
		this.protocols = protocols;
		this.presence = presence;
		this.residents = residents;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * A case's places in its exposure window, oldest first, audited.
	 * @param caller an investigator
	 * @param caseId the case
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the trajectory
	 * @throws NotFoundException if the case is not in the caller's jurisdiction
	 */
	@Transactional
	public Trajectory trajectory(Caller caller, long caseId, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		CaseRow row = this.cases.find(caseId, caller.jurisdiction())
			.orElseThrow(() -> new NotFoundException("case " + caseId));
		this.audit.record(caller, new AuditManagement.View("VIEW_TRAJECTORY", "CASE", String.valueOf(caseId), null,
				"trajectory", channel, clientIp));
		return trajectories(List.of(row), false).get(0);
	}

	/**
	 * The space-time intersections of cases: every pair of stays of two of them at the
	 * same venue or within {@code withinMetres}, overlapping in time, over their exposure
	 * windows together (from the earliest start to the latest end), audited.
	 * @param caller an investigator
	 * @param caseIds 2 to {@value #MAX_CASES} cases
	 * @param withinMetres how far apart two places may be, 0 to {@value #MAX_METRES}
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the cases' trajectories and their intersections, earliest first
	 * @throws FieldErrorsException naming {@code caseIds} or {@code withinMetres}
	 * @throws NotFoundException naming the first case not in the caller's jurisdiction
	 */
	@Transactional
	public Overlay intersections(Caller caller, List<Long> caseIds, int withinMetres, String channel, String clientIp) {
		CaseManagement.requireInvestigator(caller);
		List<Long> ids = (caseIds == null) ? List.of() : caseIds.stream().distinct().toList();
		if (ids.size() < 2 || ids.size() > MAX_CASES) {
			throw FieldErrorsException.of("caseIds", "2 to " + MAX_CASES + " different cases");
		}
		if (withinMetres < 0 || withinMetres > MAX_METRES) {
			throw FieldErrorsException.of("withinMetres", "0 to " + MAX_METRES + " metres");
		}
		List<CaseRow> rows = new ArrayList<>();
		for (long id : ids) {
			rows.add(this.cases.find(id, caller.jurisdiction()).orElseThrow(() -> new NotFoundException("case " + id)));
		}
		this.audit.record(caller, new AuditManagement.View("VIEW_INTERSECTIONS", "CASE", String.valueOf(ids.get(0)),
				null, "cases " + ids, channel, clientIp));
		// over the cases' windows together: where an infectee was infected may lie before
		// their own look-back
		List<Trajectory> trajectories = trajectories(rows, true);
		List<Intersection> found = new ArrayList<>();
		for (int i = 0; i < trajectories.size(); i++) {
			for (int j = i + 1; j < trajectories.size(); j++) {
				for (Stop a : trajectories.get(i).stops()) {
					for (Stop b : trajectories.get(j).stops()) {
						Instant from = a.from().isAfter(b.from()) ? a.from() : b.from();
						Instant to = a.to().isBefore(b.to()) ? a.to() : b.to();
						if (!from.isBefore(to)) {
							continue;
						}
						boolean same = a.venueId() == b.venueId();
						double metres = same ? 0 : metres(a, b);
						if (same || metres <= withinMetres) {
							found.add(new Intersection(trajectories.get(i).caseId(), trajectories.get(j).caseId(), a, b,
									same, Math.round(metres), from, to));
						}
					}
				}
			}
		}
		found.sort(Comparator.comparing(Intersection::from));
		return new Overlay(trajectories, found);
	}

	private List<Trajectory> trajectories(List<CaseRow> rows, boolean together) {
		ContactDefinitions rules = this.protocols.current().definitions();
		Map<Long, ContactEngine.Window> windows = new LinkedHashMap<>();
		Instant earliest = null;
		Instant latest = null;
		for (CaseRow row : rows) {
			ContactEngine.Window window = ContactEngine.window(row, rules, this.clock.instant(), this.clock.getZone());
			windows.put(row.id(), window);
			earliest = (earliest == null || window.from().isBefore(earliest)) ? window.from() : earliest;
			latest = (latest == null || window.to().isAfter(latest)) ? window.to() : latest;
		}
		List<Visit> visits = this.presence.visits(rows.stream().map(CaseRow::personId).toList(), earliest, latest);
		Map<Long, ResidentDirectory.Resident> persons = this.residents
			.byIds(rows.stream().map(CaseRow::personId).toList());
		List<Trajectory> result = new ArrayList<>();
		for (CaseRow row : rows) {
			ContactEngine.Window window = together ? new ContactEngine.Window(earliest, latest) : windows.get(row.id());
			List<Stop> stops = visits.stream()
				.filter(v -> v.personId() == row.personId() && v.to().isAfter(window.from())
						&& v.from().isBefore(window.to()))
				.map(TrajectoryManagement::stop)
				.toList();
			ResidentDirectory.Resident person = persons.get(row.personId());
			result.add(new Trajectory(row.id(), row.personId(), (person == null) ? null : person.maskedName(),
					window.from(), window.to(), stops));
		}
		return result;
	}

	private static Stop stop(Visit visit) {
		return new Stop("VENUE", visit.venue().id(), visit.venue().name(), visit.venue().address(),
				visit.venue().crowdClass().name(), visit.venue().lon(), visit.venue().lat(), visit.from(), visit.to());
	}

	/** Great-circle distance (haversine), metres. */
	static double metres(Stop a, Stop b) {
		double r = 6_371_000;
		double dLat = Math.toRadians(b.lat() - a.lat());
		double dLon = Math.toRadians(b.lon() - a.lon());
		double h = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(a.lat()))
				* Math.cos(Math.toRadians(b.lat())) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
		return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
	}

	/**
	 * A case's trajectory.
	 *
	 * @param caseId the case
	 * @param personId its person
	 * @param maskedName their name, masked
	 * @param from the exposure window's start
	 * @param to its end
	 * @param stops where they were, oldest first
	 */
	public record Trajectory(long caseId, long personId, String maskedName, Instant from, Instant to,
			List<Stop> stops) {
	}

	/**
	 * A place of a trajectory.
	 *
	 * @param kind {@code VENUE} (a check-in)
	 * @param venueId the venue
	 * @param name its name
	 * @param address its address
	 * @param crowdClass its crowd class
	 * @param lon longitude
	 * @param lat latitude
	 * @param from arrived
	 * @param to left (the check-in and the venue type's dwell)
	 */
	public record Stop(String kind, long venueId, String name, String address, String crowdClass, double lon,
			double lat, Instant from, Instant to) {
	}

	/**
	 * Two cases at the same place, or near, at the same time.
	 *
	 * @param caseA one case
	 * @param caseB the other
	 * @param stopA where the first was
	 * @param stopB where the second was
	 * @param sameVenue whether it is the same venue
	 * @param metres how far apart
	 * @param from the overlap's start
	 * @param to its end
	 */
	public record Intersection(long caseA, long caseB, Stop stopA, Stop stopB, boolean sameVenue, long metres,
			Instant from, Instant to) {
	}

	/**
	 * Cases overlaid.
	 *
	 * @param trajectories each case's trajectory
	 * @param intersections where they met, earliest first
	 */
	public record Overlay(List<Trajectory> trajectories, List<Intersection> intersections) {
	}

}
