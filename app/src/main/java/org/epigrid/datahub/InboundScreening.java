package org.epigrid.datahub;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.epigrid.datahub.internal.InboundScreeningRepository.Row;
import org.epigrid.datahub.internal.InboundScreeningRepository;
import org.epigrid.datahub.internal.RecordPlaces;
import org.epigrid.population.IdentityLookup.Place;
import org.epigrid.population.IdentityLookup;
import org.epigrid.security.AuditManagement.View;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.PrivacyPolicy;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.epigrid.shared.Masking;
import org.epigrid.shared.PathPrefix;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Inbound screening (来X必知, MISSION A7, A8): given an outbreak city, a look-back window
 * and optionally the ID numbers of an assistance letter, finds the persons who came from
 * the city, are booked to come, or are placed there, from the imported rail, air, road
 * and telecom records and assistance letters.
 * <p>
 * Per person (a linked person, else an ID number, else a single unlinked record):
 * <ul>
 * <li>a <em>placement</em> is an assistance letter whose risk area contains the city, or
 * a travel or roaming record whose destination contains the city, in the window; being on
 * the given list is a placement without a time;</li>
 * <li>an <em>arrival</em> counts if it is from the city, or from anywhere for a placed
 * person, and comes after the latest timed placement;</li>
 * <li>{@link InboundStatus#ABOUT_TO_RETURN} if a counting arrival lies after now, else
 * {@link InboundStatus#RETURNED} if one lies in the window, else
 * {@link InboundStatus#STILL_AWAY} if placed, else (listed, nothing recorded)
 * {@link InboundStatus#UNKNOWN}.</li>
 * </ul>
 * Place names match by containment ("湖北省武汉市" contains "武汉"). Records without a time say
 * nothing about the window and are not used, except letters without an exposure time,
 * which count by the time they were imported. Arrivals booked more than
 * {@value #MAX_DAYS_AHEAD} days ahead are not seen yet.
 * <p>
 * Each place name is stored once ({@code record_place}); a record carries a key per place
 * field and day ({@link RecordPlaces}), so the screening looks up the names containing
 * the city in the small dictionary, then the records of their keys in the window.
 * <p>
 * The screening is set-based: one statement classifies everybody, one more places the
 * linked persons, limited to the caller's jurisdiction. A linked person outside it is
 * left out; an unlinked record is seen by callers whose jurisdiction covers its
 * importer's. A listed ID number that the caller may not see is reported as
 * {@link InboundStatus#UNKNOWN}, exactly as if nothing were recorded.
 */
@Service
public class InboundScreening {

	/** The longest look-back window, in days. */
	public static final int MAX_DAYS = 60;

	/**
	 * How many days ahead a booked arrival from the city counts as about to return (rail
	 * tickets sell 15 days ahead; later bookings are seen once they come closer).
	 */
	public static final int MAX_DAYS_AHEAD = 90;

	/** The most ID numbers one screening takes. */
	public static final int MAX_ID_NUMBERS = 100_000;

	private static final int MAX_REPORTED_ERRORS = 20;

	private static final Comparator<ScreenedPerson> ORDER = Comparator
		.comparing(ScreenedPerson::gridPath, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(ScreenedPerson::status)
		.thenComparing(ScreenedPerson::name, Comparator.nullsLast(Comparator.naturalOrder()))
		.thenComparing(ScreenedPerson::idNumber, Comparator.nullsLast(Comparator.naturalOrder()));

	private final InboundScreeningRepository screenings;

	private final IdentityLookup identities;

	private final PrivacyPolicy privacy;

	private final AuditManagement audit;

	private final Clock clock;

	InboundScreening(InboundScreeningRepository screenings, IdentityLookup identities, PrivacyPolicy privacy,
			AuditManagement audit, Clock clock) {
		this.screenings = screenings;
		this.identities = identities;
		this.privacy = privacy;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * Screens for persons from an outbreak city, with ID numbers and phones masked.
	 * @param caller the caller; only persons in their jurisdiction are returned
	 * @param city the outbreak city, e.g. {@code 武汉}; required, at least two characters
	 * @param days the look-back window in days, 1–{@value #MAX_DAYS}
	 * @param idNumbers ID numbers from an assistance letter, may be {@code null} or
	 * empty; blanks are ignored, at most {@value #MAX_ID_NUMBERS}
	 * @return the screening, never {@code null}
	 * @throws FieldErrorsException naming {@code city}, {@code days} or
	 * {@code idNumbers[i]} for refused input
	 */
	@Transactional(readOnly = true)
	public Screening screen(Caller caller, String city, int days, List<String> idNumbers) {
		return run(caller, city, days, idNumbers, false);
	}

	/**
	 * Screens for persons from an outbreak city for grid workers who have to call them:
	 * phones in full if {@link PrivacyPolicy#mayUnmaskPhone} allows it for the caller, ID
	 * numbers masked. The access is written to the audit log.
	 * @param caller the caller; only persons in their jurisdiction are returned
	 * @param city the outbreak city; as for {@link #screen}
	 * @param days the look-back window in days; as for {@link #screen}
	 * @return the screening, never {@code null}
	 * @throws FieldErrorsException naming {@code city} or {@code days} for refused input
	 */
	@Transactional
	public Screening screenForCalls(Caller caller, String city, int days) {
		boolean fullPhone = this.privacy.mayUnmaskPhone(caller);
		Screening screening = run(caller, city, days, List.of(), fullPhone);
		this.audit.record(caller,
				new View("EXPORT_INBOUND_SCREENING", "INBOUND_SCREENING", screening.city() + "/" + days,
						screening.persons().size() + " persons" + (fullPhone ? ", full phones" : ""),
						"inbound screening", "EXPORT", null));
		return screening;
	}

	private Screening run(Caller caller, String city, int days, List<String> idNumbers, boolean fullPhone) {
		String place = (city == null) ? "" : city.strip();
		List<FieldError> errors = new ArrayList<>();
		if (place.codePointCount(0, place.length()) < 2) {
			errors.add(new FieldError("city", "is required, at least two characters"));
		}
		else if (place.length() > 100) {
			errors.add(new FieldError("city", "is longer than 100 characters"));
		}
		if (days < 1 || days > MAX_DAYS) {
			errors.add(new FieldError("days", "must be between 1 and " + MAX_DAYS));
		}
		Set<String> listed = listed(idNumbers, errors);
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		Instant now = this.clock.instant();
		Instant start = now.minus(Duration.ofDays(days));
		Map<String, Long> registered = this.identities.byIdNumber(listed);
		PathPrefix jurisdiction = caller.jurisdiction();
		long[] keys = placeKeys(place, start, now);
		List<Row> rows = this.screenings.screen(place, start, now, keys, listed.toArray(String[]::new),
				listed.stream().map(registered::get).toArray(Long[]::new), jurisdiction);
		Map<Long, Place> places = this.identities
			.places(rows.stream().map(Row::personId).filter(Objects::nonNull).toList(), jurisdiction);
		List<ScreenedPerson> persons = new ArrayList<>();
		for (Row row : rows) {
			ScreenedPerson person = visible(row, places, fullPhone);
			if (person != null) {
				persons.add(person);
			}
		}
		persons.sort(ORDER);
		Map<InboundStatus, Long> counts = new EnumMap<>(InboundStatus.class);
		for (InboundStatus status : InboundStatus.values()) {
			counts.put(status, 0L);
		}
		persons.forEach(p -> counts.merge(p.status(), 1L, Long::sum));
		return new Screening(place, days, start, now, counts, persons);
	}

	/**
	 * The place keys ({@link RecordPlaces}) of every place name containing the city on
	 * every day of the window: arrivals from it up to {@value #MAX_DAYS_AHEAD} days
	 * ahead, trips to it and letters naming it up to now.
	 */
	private long[] placeKeys(String city, Instant start, Instant now) {
		List<Long> places = this.screenings.placesContaining(city);
		LocalDate first = RecordPlaces.day(start);
		LocalDate today = RecordPlaces.day(now);
		LocalDate last = today.plusDays(MAX_DAYS_AHEAD);
		long[] keys = new long[places.size()
				* (int) (3 * (today.toEpochDay() - first.toEpochDay() + 1) + (last.toEpochDay() - today.toEpochDay()))];
		int k = 0;
		for (long place : places) {
			for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
				keys[k++] = RecordPlaces.key(RecordPlaces.ORIGIN, place, day);
				if (!day.isAfter(today)) {
					keys[k++] = RecordPlaces.key(RecordPlaces.DESTINATION, place, day);
					keys[k++] = RecordPlaces.key(RecordPlaces.RISK_AREA, place, day);
				}
			}
		}
		return keys;
	}

	/**
	 * What the caller may see of a row: all of it, only the listed ID number they gave
	 * (as {@link InboundStatus#UNKNOWN}), or nothing.
	 */
	private static ScreenedPerson visible(Row row, Map<Long, Place> places, boolean fullPhone) {
		Place place = (row.personId() != null) ? places.get(row.personId()) : null;
		boolean visible = (row.personId() != null) ? place != null
				: (row.importerVisible() || row.evidence().isEmpty());
		if (!visible) {
			return row.listed() ? new ScreenedPerson(null, null, Masking.idNumber(row.listedId()), null,
					InboundStatus.UNKNOWN, null, null, null, null, null, List.of()) : null;
		}
		String idNumber = (row.idNumber() != null) ? row.idNumber() : row.listedId();
		// information completion: a record without a phone takes the base's, so that the
		// grid worker can call
		String phone = (row.phone() != null) ? row.phone() : (place != null) ? place.phone() : null;
		return new ScreenedPerson(row.personId(), row.name(), Masking.idNumber(idNumber),
				fullPhone ? phone : Masking.phone(phone), row.status(), row.latestArrival(), row.origin(),
				row.destination(), (place != null) ? place.gridName() : null, (place != null) ? place.gridPath() : null,
				row.evidence());
	}

	private static Set<String> listed(List<String> idNumbers, List<FieldError> errors) {
		Set<String> listed = new LinkedHashSet<>();
		if (idNumbers == null) {
			return listed;
		}
		if (idNumbers.size() > MAX_ID_NUMBERS) {
			errors.add(new FieldError("idNumbers", "has more than " + MAX_ID_NUMBERS + " entries"));
			return listed;
		}
		int refused = 0;
		for (int i = 0; i < idNumbers.size(); i++) {
			String raw = idNumbers.get(i);
			if (raw == null || raw.isBlank()) {
				continue;
			}
			try {
				listed.add(new IdNumber(raw).value());
			}
			catch (InvalidValueException ex) {
				if (++refused <= MAX_REPORTED_ERRORS) {
					errors.add(new FieldError("idNumbers[" + i + "]", ex.getMessage()));
				}
			}
		}
		if (refused > MAX_REPORTED_ERRORS) {
			errors.add(new FieldError("idNumbers",
					(refused - MAX_REPORTED_ERRORS) + " more invalid ID numbers not listed"));
		}
		return listed;
	}

}
