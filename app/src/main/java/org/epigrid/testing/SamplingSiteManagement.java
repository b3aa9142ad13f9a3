package org.epigrid.testing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.epigrid.population.Division;
import org.epigrid.population.DivisionManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.PathPrefix;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.TextLimit;
import org.epigrid.testing.internal.SiteRepository;
import org.epigrid.testing.internal.SiteRepository.Placed;
import org.epigrid.testing.internal.SiteScope;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sampling-site registry (D1, D2): sites with their uniform codes, their staff, and
 * the status and queue their leaders report; the public's nearest open sites and the open
 * data of all sites (J2).
 */
@Service
public class SamplingSiteManagement {

	/** The most sites the public list gives. */
	public static final int MAX_NEAREST = 50;

	private final SiteRepository repository;

	private final DivisionManagement divisions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	SamplingSiteManagement(SiteRepository repository, DivisionManagement divisions, ApplicationEventPublisher events,
			Clock clock) {
		this.repository = repository;
		this.divisions = divisions;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The sites the caller works with: their own as site staff, else their
	 * jurisdiction's.
	 * @param caller the caller
	 * @param page the page
	 * @return one page of sites, by code
	 */
	public Slice<SamplingSite> list(Caller caller, PageRequest page) {
		List<Placed> rows = this.repository.list(caller.jurisdiction(), SiteScope.staffOnly(caller),
				this.clock.instant(), page.size() + 1, page.offset());
		return Slice.of(rows.stream().map(Placed::site).toList(), page);
	}

	/**
	 * A site the caller works with.
	 * @param caller the caller
	 * @param id the site
	 * @return the site
	 * @throws NotFoundException if unknown or not the caller's (the same answer)
	 */
	public SamplingSite get(Caller caller, long id) {
		return placed(caller, id).site();
	}

	/**
	 * Registers a site in a division of the caller's jurisdiction; it starts CLOSED.
	 * @param caller an admin or commander
	 * @param site what to register
	 * @return the site with its code
	 * @throws FieldErrorsException naming each wrong field
	 */
	@Transactional
	public SamplingSite register(Caller caller, NewSite site) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER)) {
			throw new ForbiddenException("role", "only an admin or the command registers sampling sites");
		}
		List<FieldError> errors = new ArrayList<>();
		TextLimit.check(errors, "name", site.name(), 100);
		TextLimit.check(errors, "address", site.address(), 200);
		if (site.name() == null || site.name().isBlank()) {
			errors.add(new FieldError("name", "is required"));
		}
		if (site.address() == null || site.address().isBlank()) {
			errors.add(new FieldError("address", "is required"));
		}
		if (site.kind() == null) {
			errors.add(new FieldError("kind", "is required: FIXED, MASS, MOBILE or DOOR_TO_DOOR"));
		}
		if (site.openingHours() != null && site.openingHours().length() > 100) {
			errors.add(new FieldError("openingHours", "at most 100 characters"));
		}
		if (site.stations() == null || site.stations() < 1 || site.stations() > 500) {
			errors.add(new FieldError("stations", "is required: 1 to 500 sampling stations"));
		}
		if (site.capacityPerHour() == null || site.capacityPerHour() < 1 || site.capacityPerHour() > 100_000) {
			errors.add(new FieldError("capacityPerHour", "is required: 1 to 100,000 samples an hour"));
		}
		if ((site.lon() == null) != (site.lat() == null)) {
			errors.add(new FieldError((site.lon() == null) ? "lon" : "lat", "give both longitude and latitude"));
		}
		if (site.lon() != null && (site.lon() < -180 || site.lon() > 180)) {
			errors.add(new FieldError("lon", "must be a longitude from -180 to 180"));
		}
		if (site.lat() != null && (site.lat() < -90 || site.lat() > 90)) {
			errors.add(new FieldError("lat", "must be a latitude from -90 to 90"));
		}
		String phone = null;
		if (site.phone() != null && !site.phone().isBlank()) {
			if (site.phone().strip().length() > 30) {
				errors.add(new FieldError("phone", "at most 30 characters"));
			}
			else {
				phone = site.phone().strip();
			}
		}
		Division division = null;
		if (site.divisionId() == null) {
			errors.add(new FieldError("divisionId", "is required: the grid or division the site belongs to"));
		}
		else {
			try {
				division = this.divisions.find(caller, site.divisionId());
			}
			catch (NotFoundException ex) {
				errors.add(new FieldError("divisionId", "is not a division in your jurisdiction"));
			}
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Instant now = this.clock.instant();
		SamplingSite draft = new SamplingSite(0, this.repository.nextCode(division.code()), site.name().strip(),
				site.kind(), division.id(), site.address().strip(), site.lon(), site.lat(),
				(site.openingHours() == null) ? null : site.openingHours().strip(), site.stations(),
				site.capacityPerHour(), phone, SiteStatus.CLOSED, 0, null, null);
		long id = this.repository.insert(draft, division.path(), now);
		return this.repository.find(id, PathPrefix.of("/"), null, now).orElseThrow().site();
	}

	/**
	 * A site's leader reports its status and queue; the command sees it at once
	 * ({@link SiteStatusReported}).
	 * @param caller the site's leader (staff of the site), or an admin or commander of
	 * its jurisdiction
	 * @param id the site
	 * @param report the status and queue
	 * @return the site as it stands now, with the estimated waiting time
	 */
	@Transactional
	public SamplingSite report(Caller caller, long id, StatusReport report) {
		if (!caller.has(Role.SITE_LEADER) && !caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER)) {
			throw new ForbiddenException("role", "only the site's leader or the command reports a site's status");
		}
		Long staff = (caller.has(Role.ADMIN) || caller.has(Role.COMMANDER)) ? null : caller.userId();
		Placed placed = this.repository.find(id, caller.jurisdiction(), staff, this.clock.instant())
			.orElseThrow(() -> new NotFoundException("sampling site " + id));
		List<FieldError> errors = new ArrayList<>();
		if (report.status() == null) {
			errors.add(new FieldError("status", "is required: OPEN, BUSY, PAUSED or CLOSED"));
		}
		if (report.queueLength() == null || report.queueLength() < 0 || report.queueLength() > 100_000) {
			errors.add(new FieldError("queueLength", "is required: 0 to 100,000 persons waiting"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		int queue = report.status().sampling() ? report.queueLength() : 0;
		Instant now = this.clock.instant();
		this.repository.report(id, report.status(), queue, caller.username(), now);
		Placed after = this.repository.find(id, PathPrefix.of("/"), null, now).orElseThrow();
		this.events.publishEvent(new SiteStatusReported(after.site(), placed.path()));
		return after.site();
	}

	/**
	 * Lets a user work at a site (leader, sampler or courier): they see and scan for it.
	 * @param caller an admin or commander of the site's jurisdiction
	 * @param siteId the site
	 * @param userId the user
	 */
	@Transactional
	public void addStaff(Caller caller, long siteId, long userId) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER)) {
			throw new ForbiddenException("role", "only an admin or the command assigns site staff");
		}
		placed(caller, siteId);
		this.repository.addStaff(siteId, userId);
	}

	/**
	 * The open sites nearest a point, for the public.
	 * @param lon longitude
	 * @param lat latitude
	 * @param limit at most this many ({@value #MAX_NEAREST} at most)
	 * @return the sites with their distances, nearest first
	 */
	public List<NearSite> nearest(double lon, double lat, int limit) {
		if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
			throw FieldErrorsException.of((lon < -180 || lon > 180) ? "lon" : "lat",
					"must be a WGS-84 longitude (-180..180) and latitude (-90..90)");
		}
		return this.repository.nearest(lon, lat, true, this.clock.instant(), Math.max(1, Math.min(limit, MAX_NEAREST)))
			.stream()
			.map(n -> new NearSite(n.site().site(), n.metres()))
			.toList();
	}

	/**
	 * Every site, for the public map and the open data.
	 * @return the sites, by code
	 */
	public List<SamplingSite> all() {
		return this.repository.all(this.clock.instant()).stream().map(Placed::site).toList();
	}

	Placed placed(Caller caller, long id) {
		return this.repository.find(id, caller.jurisdiction(), SiteScope.staffOnly(caller), this.clock.instant())
			.orElseThrow(() -> new NotFoundException("sampling site " + id));
	}

	/**
	 * A site to register.
	 *
	 * @param name the name
	 * @param kind the kind
	 * @param divisionId its grid or division
	 * @param address the postal address
	 * @param lon WGS-84 longitude
	 * @param lat WGS-84 latitude
	 * @param openingHours opening hours as text
	 * @param stations sampling stations
	 * @param capacityPerHour samples an hour
	 * @param phone the site's phone
	 */
	public record NewSite(String name, SiteKind kind, Long divisionId, String address, Double lon, Double lat,
			String openingHours, Integer stations, Integer capacityPerHour, String phone) {
	}

	/**
	 * A status report.
	 *
	 * @param status the status
	 * @param queueLength persons waiting
	 */
	public record StatusReport(SiteStatus status, Integer queueLength) {
	}

	/**
	 * A site and how far away it is.
	 *
	 * @param site the site
	 * @param metres the distance in metres
	 */
	public record NearSite(SamplingSite site, long metres) {
	}

}
