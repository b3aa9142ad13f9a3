package org.epigrid.venues;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.epigrid.codes.CodeSigningManagement;
import org.epigrid.codes.Colour;
import org.epigrid.population.Division;
import org.epigrid.population.DivisionLevel;
import org.epigrid.population.DivisionManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.shared.pdf.PdfKit;
import org.epigrid.venues.internal.PresencePartitionWriter;
import org.epigrid.venues.internal.CheckInReader;
import org.epigrid.venues.internal.PosterLayout;
import org.epigrid.venues.internal.VenueRepository;

import org.springframework.stereotype.Service;

/**
 * The venue registry (C3): venues in the caller's jurisdiction, their signed venue codes
 * and A4 posters, and what a venue may know of its visitors — counts per hour, colour and
 * decision, never who.
 */
@Service
public class VenueManagement {

	/** Where a venue code leads: the check-in page, followed by the signed token. */
	public static final String CHECK_IN_PATH = "/r/v/";

	private final VenueRepository repository;

	private final CheckInReader reader;

	private final DivisionManagement divisions;

	private final CodeSigningManagement signing;

	private final PosterLayout layout;

	private final VenuePolicyManagement policies;

	private final Clock clock;

	private final long retentionDays;

	VenueManagement(VenueRepository repository, CheckInReader reader, DivisionManagement divisions,
			CodeSigningManagement signing, PosterLayout layout, VenuePolicyManagement policies,
			PresencePartitionWriter partitions, Clock clock) {
		this.retentionDays = partitions.retention().toDays();
		this.repository = repository;
		this.reader = reader;
		this.divisions = divisions;
		this.signing = signing;
		this.layout = layout;
		this.policies = policies;
		this.clock = clock;
	}

	/**
	 * Venues in the caller's jurisdiction, by name.
	 * @param caller the caller
	 * @param query part of the name or address, may be blank
	 * @param page the page
	 * @return one page
	 */
	public Slice<Venue> list(Caller caller, String query, PageRequest page) {
		var range = caller.jurisdiction();
		String like = (query == null || query.isBlank()) ? null : "%" + escape(query.strip()) + "%";
		List<Venue> rows = this.repository.list(range.lower(), range.upper(), like, page.size() + 1, page.offset());
		return Slice.of(rows, page);
	}

	/**
	 * A venue in the caller's jurisdiction.
	 * @param caller the caller
	 * @param id the venue
	 * @return the venue
	 * @throws NotFoundException if there is none in the jurisdiction
	 */
	public Venue get(Caller caller, long id) {
		Venue venue = find(id);
		if (venue == null || !caller.jurisdiction().contains(venue.gridPath())) {
			throw new NotFoundException("venue " + id);
		}
		return venue;
	}

	/**
	 * A venue, whoever asks (for the check-in page and devices: what a poster shows
	 * anyway).
	 * @param id the venue
	 * @return the venue, {@code null} if there is none
	 */
	public Venue find(long id) {
		return this.repository.find(id);
	}

	/**
	 * Registers a venue.
	 * @param caller an administrator, commander, data officer or grid worker
	 * @param venue what to register
	 * @return the venue
	 */
	public Venue register(Caller caller, NewVenue venue) {
		requireRegistrar(caller);
		List<FieldErrorsException.FieldError> errors = new ArrayList<>();
		text(errors, "name", venue.name(), 100);
		text(errors, "type", venue.type(), 40);
		text(errors, "address", venue.address(), 200);
		if (venue.lon() == null || venue.lon() < -180 || venue.lon() > 180) {
			errors.add(new FieldErrorsException.FieldError("lon", "is required: a longitude from -180 to 180"));
		}
		if (venue.lat() == null || venue.lat() < -90 || venue.lat() > 90) {
			errors.add(new FieldErrorsException.FieldError("lat", "is required: a latitude from -90 to 90"));
		}
		if (venue.capacity() == null || venue.capacity() < 1 || venue.capacity() > 1_000_000) {
			errors.add(new FieldErrorsException.FieldError("capacity", "is required: 1 to 1,000,000 people"));
		}
		if (venue.crowdClass() == null) {
			errors
				.add(new FieldErrorsException.FieldError("crowdClass", "is required: ORDINARY, CROWDED or SENSITIVE"));
		}
		Division grid = null;
		if (venue.gridId() == null) {
			errors.add(new FieldErrorsException.FieldError("gridId", "is required: the grid the venue lies in"));
		}
		else {
			try {
				grid = this.divisions.find(caller, venue.gridId());
				if (grid.level() != DivisionLevel.GRID) {
					errors.add(new FieldErrorsException.FieldError("gridId",
							"must be a grid (this is a " + grid.level() + ")"));
				}
			}
			catch (NotFoundException ex) {
				errors.add(new FieldErrorsException.FieldError("gridId", "is not a grid in your jurisdiction"));
			}
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		long id = this.repository.insert(venue, this.clock.instant());
		return find(id);
	}

	/**
	 * Registers venues that come with their ids and are known to be valid (the demo
	 * town's, generated with its grids), set-based: one statement for all.
	 * @param venues the venues, ids not yet taken
	 */
	public void registerAll(List<KnownVenue> venues) {
		if (!venues.isEmpty()) {
			this.repository.insertAll(venues, this.clock.instant());
		}
	}

	/**
	 * Makes a new poster serial: every poster printed before stops working (e.g. after a
	 * poster was copied to somewhere else).
	 * @param caller a registrar with the venue in their jurisdiction
	 * @param id the venue
	 * @return the venue with its new serial
	 */
	public Venue renewCode(Caller caller, long id) {
		requireRegistrar(caller);
		get(caller, id);
		this.repository.renewSerial(id);
		return find(id);
	}

	/**
	 * The venue's code: a URL of the check-in page holding a signed token of the venue
	 * and its poster serial.
	 * @param venue the venue
	 * @param baseUrl the platform's public address, e.g.
	 * {@code https://epigrid.example.org}
	 * @return the URL
	 */
	public String codeUrl(Venue venue, String baseUrl) {
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		return base + CHECK_IN_PATH + this.signing.signVenueCode(venue.id(), venue.codeSerial(), this.clock.instant());
	}

	/**
	 * The A4 poster (场所码) to print and hang at the entrance.
	 * @param caller a staff member with the venue in their jurisdiction
	 * @param id the venue
	 * @param baseUrl the platform's public address
	 * @return the PDF
	 * @throws PdfKit.NoFontException if the machine has no Chinese font
	 */
	public byte[] poster(Caller caller, long id, String baseUrl) {
		Venue venue = get(caller, id);
		String url = codeUrl(venue, baseUrl);
		VenuePolicyManagement.Policy policy = this.policies.of(venue.crowdClass());
		return this.layout.draw(new PosterLayout.Printed(venue, url, requirement(policy), this.retentionDays,
				LocalDate.now(this.clock)));
	}

	/**
	 * What a policy asks, in one line for a poster.
	 * @param policy the policy
	 * @return e.g. {@code 绿码、行程无星、72小时内核酸阴性}
	 */
	public static String requirement(VenuePolicyManagement.Policy policy) {
		List<String> parts = new ArrayList<>();
		parts.add(switch (policy.maxColour()) {
			case GREEN -> "绿码";
			case YELLOW -> "绿码或黄码";
			case RED -> "不限码色";
		});
		if (!policy.starAllowed()) {
			parts.add("行程无星");
		}
		if (policy.negativeTestHours() != null) {
			parts.add(policy.negativeTestHours() + "小时内核酸阴性");
		}
		return String.join("、", parts);
	}

	/**
	 * A venue's visitors on a day, counted — never who they were.
	 * @param venueId the venue
	 * @param day the day (in the platform's zone)
	 * @return the counts
	 */
	public Counts counts(long venueId, LocalDate day) {
		ZoneId zone = this.clock.getZone();
		long[] hourly = new long[24];
		long[] allowedHourly = new long[24];
		Map<Colour, Long> colours = new EnumMap<>(Colour.class);
		for (Colour colour : Colour.values()) {
			colours.put(colour, 0L);
		}
		long[] decisions = new long[2];
		long[] stars = new long[1];
		for (CheckInReader.HourCount count : this.reader.countByHour(venueId, zone, day.atStartOfDay(zone).toInstant(),
				day.plusDays(1).atStartOfDay(zone).toInstant())) {
			long n = count.count();
			hourly[count.hour()] += n;
			colours.merge(count.colour(), n, Long::sum);
			if (count.star()) {
				stars[0] += n;
			}
			if (count.allowed()) {
				allowedHourly[count.hour()] += n;
				decisions[0] += n;
			}
			else {
				decisions[1] += n;
			}
		}
		List<Long> hours = new ArrayList<>(24);
		List<Long> allowedHours = new ArrayList<>(24);
		for (int i = 0; i < 24; i++) {
			hours.add(hourly[i]);
			allowedHours.add(allowedHourly[i]);
		}
		return new Counts(venueId, day, hours, allowedHours, colours, stars[0], decisions[0], decisions[1]);
	}

	private static void requireRegistrar(Caller caller) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.COMMANDER) && !caller.has(Role.DATA_OFFICER)
				&& !caller.has(Role.GRID_WORKER)) {
			throw new ForbiddenException("venue",
					"only administrators, commanders, data officers and grid workers register venues");
		}
	}

	private static void text(List<FieldErrorsException.FieldError> errors, String field, String value, int max) {
		if (value == null || value.isBlank()) {
			errors.add(new FieldErrorsException.FieldError(field, "is required"));
		}
		else if (value.strip().length() > max) {
			errors.add(new FieldErrorsException.FieldError(field, "must be at most " + max + " characters"));
		}
	}

	private static String escape(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	/**
	 * A new venue.
	 *
	 * @param gridId the grid it lies in
	 * @param name its name
	 * @param type its kind, e.g. {@code SUPERMARKET}
	 * @param address its address
	 * @param lon longitude
	 * @param lat latitude
	 * @param capacity how many people it holds
	 * @param crowdClass its crowd class
	 */
	public record NewVenue(Long gridId, String name, String type, String address, Double lon, Double lat,
			Integer capacity, CrowdClass crowdClass) {
	}

	/**
	 * A venue with its id, for {@link #registerAll(List)}.
	 *
	 * @param id the venue's id
	 * @param gridId the grid it lies in
	 * @param name its name
	 * @param type its kind, e.g. {@code SUPERMARKET}
	 * @param address its address
	 * @param lon longitude
	 * @param lat latitude
	 * @param capacity how many people it holds
	 * @param crowdClass its crowd class
	 */
	public record KnownVenue(long id, long gridId, String name, String type, String address, double lon, double lat,
			int capacity, CrowdClass crowdClass) {
	}

	/**
	 * A venue's visitors on a day, counted.
	 *
	 * @param venueId the venue
	 * @param day the day
	 * @param hourly check-ins per hour 0–23
	 * @param allowedHourly check-ins let in per hour
	 * @param colours check-ins per colour
	 * @param starred check-ins with a travel star
	 * @param allowed let in
	 * @param denied turned away
	 */
	public record Counts(long venueId, LocalDate day, List<Long> hourly, List<Long> allowedHourly,
			Map<Colour, Long> colours, long starred, long allowed, long denied) {
	}

}
