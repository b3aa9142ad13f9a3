package org.epigrid.venues;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.epigrid.codes.CodeCardManagement;
import org.epigrid.codes.CodeSigningManagement;
import org.epigrid.codes.CodeStatus;
import org.epigrid.codes.Colour;
import org.epigrid.codes.Decision;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.codes.Reason;
import org.epigrid.codes.Result;
import org.epigrid.codes.Verdict;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.NotFoundException;
import org.epigrid.venues.internal.PresencePartitionWriter;
import org.epigrid.venues.internal.CheckInReader;
import org.epigrid.venues.internal.CheckInWriter;

import org.springframework.stereotype.Service;

/**
 * Check-ins at venues (C3, C4, C6): a resident scans the venue's poster and checks in,
 * staff register a person without a phone by their ID number, or a venue's device
 * verifies a code. Each gives the verdict under the venue's policy and stores a check-in
 * (person, venue, time, verdict) for tracing, kept for the retention and then dropped.
 */
@Service
public class CheckInManagement {

	/**
	 * What is not found when an ID number belongs to nobody in the caller's jurisdiction
	 * (the message of the {@link NotFoundException}).
	 */
	public static final String NOBODY_HERE = CodeCardManagement.NOBODY_HERE;

	private final VenueManagement venues;

	private final VenuePolicyManagement policies;

	private final HealthCodeManagement codes;

	private final CodeSigningManagement signing;

	private final CheckInWriter writer;

	private final PresencePartitionWriter partitions;

	private final ResidentDirectory residents;

	private final AuditManagement audit;

	private final CheckInReader reader;

	private final Clock clock;

	CheckInManagement(VenueManagement venues, VenuePolicyManagement policies, HealthCodeManagement codes,
			CodeSigningManagement signing, CheckInWriter writer, PresencePartitionWriter partitions,
			ResidentDirectory residents, AuditManagement audit, CheckInReader reader, Clock clock) {
		this.venues = venues;
		this.policies = policies;
		this.codes = codes;
		this.signing = signing;
		this.writer = writer;
		this.partitions = partitions;
		this.residents = residents;
		this.audit = audit;
		this.reader = reader;
		this.clock = clock;
	}

	/**
	 * Reads a venue's code from a poster.
	 * @param token the token of the poster's URL
	 * @return the venue, or why the code is not one
	 */
	public VenueCode readVenueCode(String token) {
		CodeSigningManagement.SignedVenueCode signed = this.signing.readVenueCode(token).orElse(null);
		if (signed == null) {
			return new VenueCode(VenueCode.State.INVALID, null);
		}
		Venue venue = this.venues.find(signed.venueId());
		if (venue == null) {
			return new VenueCode(VenueCode.State.INVALID, null);
		}
		if (venue.closedAt() != null) {
			return new VenueCode(VenueCode.State.CLOSED, venue);
		}
		if (venue.codeSerial() != signed.serial()) {
			return new VenueCode(VenueCode.State.REPLACED, venue);
		}
		return new VenueCode(VenueCode.State.VALID, venue);
	}

	/**
	 * Checks a person in at a venue: their code now under the venue's policy, stored.
	 * @param venue the venue
	 * @param personId the person
	 * @param maskedName their masked name
	 * @param via how: {@code SELF}, {@code PROXY} or {@code GATE}
	 * @return the verdict and the time
	 */
	public CheckedIn checkIn(Venue venue, long personId, String maskedName, Via via) {
		Verdict verdict = verdictAt(venue, this.codes.status(personId), maskedName);
		Instant at = this.clock.instant();
		this.writer.write(List
			.of(new CheckInWriter.Row(at, venue.id(), personId, Colour.valueOf(verdict.result().name()).ordinal(),
					verdict.star(), verdict.decision() == Decision.ALLOW, via.name())));
		return new CheckedIn(venue.id(), venue.name(), at, verdict);
	}

	/**
	 * The verdict at a venue, without storing anything.
	 * @param venue the venue
	 * @param status the person's code now
	 * @param maskedName their masked name
	 * @return the verdict
	 */
	Verdict verdictAt(Venue venue, CodeStatus status, String maskedName) {
		if (venue.closedAt() != null) {
			return new Verdict(Result.valueOf(status.colour().name()), status.star(), maskedName, Decision.DENY,
					List.of(new Reason("VENUE_CLOSED", "该场所已关闭", "This venue is closed")));
		}
		return this.policies.decide(status, maskedName, venue.crowdClass());
	}

	/**
	 * Stores check-ins made earlier or elsewhere (a venue's device that was offline, the
	 * demo town's history) as they were: green, let in, by the person themselves. Returns
	 * once they are committed.
	 * @param checkIns the check-ins, any number (written 50,000 at a time)
	 */
	public void importHistory(List<PastCheckIn> checkIns) {
		for (int from = 0; from < checkIns.size(); from += 50_000) {
			this.writer.write(checkIns.subList(from, Math.min(checkIns.size(), from + 50_000))
				.stream()
				.map(c -> new CheckInWriter.Row(c.at(), c.venueId(), c.personId(), Colour.GREEN.ordinal(), false, true,
						Via.SELF.name()))
				.toList());
		}
	}

	/**
	 * A check-in made earlier.
	 *
	 * @param at when
	 * @param venueId where
	 * @param personId who
	 */
	public record PastCheckIn(Instant at, long venueId, long personId) {
	}

	/**
	 * Staff register a person without a smartphone by the number on their ID card (C4).
	 * @param staff a staff member with the venue in their jurisdiction
	 * @param venueId the venue
	 * @param idNumber the ID card's number
	 * @param channel {@code API} or {@code WEB}
	 * @param clientIp the caller's address
	 * @return the verdict and time
	 * @throws NotFoundException if the venue is not in the staff member's jurisdiction,
	 * or if nobody with the ID number lives there (registered elsewhere or nowhere: the
	 * same answer)
	 * @throws FieldErrorsException naming {@code idNumber} if it is not a valid ID number
	 */
	public CheckedIn proxy(Caller staff, long venueId, String idNumber, String channel, String clientIp) {
		Venue venue = this.venues.get(staff, venueId);
		// one answer for "registered nowhere" and "registered outside the caller's
		// jurisdiction": staff learn nothing about people they are not responsible for
		// (a visitor from elsewhere is verified by the venue's own device)
		Optional<Resident> resident = this.residents.byIdNumber(IdNumber.of("idNumber", idNumber))
			.filter(r -> staff.jurisdiction().contains(r.path()));
		if (resident.isEmpty()) {
			throw new NotFoundException(NOBODY_HERE);
		}
		CheckedIn checkedIn = checkIn(venue, resident.get().personId(), resident.get().maskedName(), Via.PROXY);
		this.audit.record(staff,
				new AuditManagement.View("PROXY_CHECK_IN", "PERSON", String.valueOf(resident.get().personId()),
						resident.get().maskedName(), "check-in at venue " + venueId, channel, clientIp));
		return checkedIn;
	}

	/**
	 * @return how long check-ins are kept
	 */
	public java.time.Duration retention() {
		return this.partitions.retention();
	}

	/**
	 * A person's check-ins kept (the retention), newest first, for their own page.
	 * @param personId the person
	 * @return at most 200
	 */
	public List<PersonCheckIn> ofPerson(long personId) {
		Instant since = this.clock.instant().minus(this.partitions.retention());
		return this.reader.ofPerson(personId, since);
	}

	/** How a check-in was made. */
	public enum Via {

		/** The resident scanned the venue's poster. */
		SELF,
		/** Staff registered the person by ID number. */
		PROXY,
		/** The venue's device verified the person's code. */
		GATE

	}

	/**
	 * What a venue's poster code turned out to be.
	 *
	 * @param state valid or why not
	 * @param venue the venue, when known
	 */
	public record VenueCode(State state, Venue venue) {

		/** Valid or why not. */
		public enum State {

			/** A current poster of an open venue. */
			VALID,
			/** Not a venue code of this platform (forged, damaged, unknown venue). */
			INVALID,
			/** An older poster: the venue printed a new one. */
			REPLACED,
			/** The venue is closed. */
			CLOSED

		}

	}

	/**
	 * A check-in made.
	 *
	 * @param venueId the venue
	 * @param venueName its name
	 * @param at when
	 * @param verdict the verdict
	 */
	public record CheckedIn(long venueId, String venueName, Instant at, Verdict verdict) {
	}

	/**
	 * One of a person's check-ins.
	 *
	 * @param at when
	 * @param venueId where
	 * @param venueName the venue's name
	 * @param venueAddress its address
	 * @param colour the colour then
	 * @param star the star then
	 * @param decision let in or not
	 * @param via how
	 */
	public record PersonCheckIn(Instant at, long venueId, String venueName, String venueAddress, Colour colour,
			boolean star, Decision decision, Via via) {
	}

}
