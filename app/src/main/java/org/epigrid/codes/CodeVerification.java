package org.epigrid.codes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.epigrid.codes.internal.card.CodeCardRepository;
import org.epigrid.codes.internal.status.CodeCounter;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Decoded;
import org.epigrid.codes.internal.CodesProperties;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.ReplayGuard;
import org.epigrid.codes.internal.verification.DevicePlaceReader;
import org.epigrid.codes.internal.verification.IdNumberWalkGuard;
import org.epigrid.codes.internal.verification.VerdictReasons;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.Device;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.IdNumber;

import org.springframework.stereotype.Service;

/**
 * Verification at gates, venues and checkpoints (C7): a code read from a phone or card,
 * or an identity card number, gives a verdict and a masked name, nothing else. The colour
 * is the person's colour now (not the one the token carried), so a code that turned red a
 * second ago is red at the gate. Every way a code can be wrong has its own answer, and no
 * input causes an error.
 */
@Service
public class CodeVerification {

	/** The longest a dynamic token may live. */
	public static final long MAX_DYNAMIC_SECONDS = 60;

	/** How far ahead of the platform's clock an issue time may be. */
	static final long CLOCK_SKEW_SECONDS = 5;

	private final CodeTokens tokens;

	private final ReplayGuard replays;

	private final HealthCodeManagement codes;

	private final ResidentDirectory residents;

	private final CodeCardRepository cards;

	private final Clock clock;

	private final VerificationSiteLookup sites;

	private final boolean fromDatabase;

	private final CodeCounter counter;

	private final DevicePlaceReader places;

	private final IdNumberWalkGuard guard;

	private final VerdictReasons reasons;

	CodeVerification(CodeTokens tokens, ReplayGuard replays, HealthCodeManagement codes, ResidentDirectory residents,
			CodeCardRepository cards, Clock clock, VerificationSiteLookup sites, CodeCounter counter,
			DevicePlaceReader places, IdNumberWalkGuard guard, CodesProperties properties, VerdictReasons reasons) {
		this.reasons = reasons;
		this.guard = guard;
		this.fromDatabase = properties.verifyFromDatabase();
		this.counter = counter;
		this.places = places;
		this.tokens = tokens;
		this.replays = replays;
		this.codes = codes;
		this.residents = residents;
		this.cards = cards;
		this.clock = clock;
		this.sites = sites;
	}

	/**
	 * The venue a verification is made at, where a check-in is recorded: only a venue's
	 * own device (kind VENUE) records check-ins, and only at its own venue. A gate or a
	 * compound checkpoint verifies without recording anyone's presence, so it may not
	 * name a venue (tracing trusts check-ins: a gate must not place people at a venue it
	 * has nothing to do with).
	 * @param device the device
	 * @param venueId the venue named in the request, may be {@code null}
	 * @return the venue's site, {@code null} for a device that is not a venue's
	 * @throws FieldErrorsException naming {@code venueId} if a device that is not bound
	 * to a venue names one, or a venue's device names another venue; naming
	 * {@code device} if the device's venue no longer exists
	 */
	public VerificationSite venueOf(Device device, Long venueId) {
		Long own = (device.kind() == Device.Kind.VENUE) ? device.ref() : null;
		if (own == null) {
			if (venueId != null) {
				throw FieldErrorsException.of("venueId",
						"this device is not bound to a venue: a "
								+ device.kind().name().toLowerCase(java.util.Locale.ROOT)
								+ " verifies without recording check-ins (only a venue's own device records them)");
			}
			return null;
		}
		if (venueId != null && !own.equals(venueId)) {
			throw FieldErrorsException.of("venueId", "this device belongs to venue " + own);
		}
		VerificationSite venue = this.sites.find(own);
		if (venue == null) {
			throw FieldErrorsException.of("device", "this device's venue " + own + " no longer exists");
		}
		return venue;
	}

	/**
	 * Verifies a code read by a device; at a venue, under the venue's policy, with a
	 * check-in stored.
	 * @param device the device
	 * @param code the text of the QR code
	 * @param venue the venue, {@code null} for a plain gate
	 * @return the verdict
	 */
	public Verdict verifyCode(Device device, String code, VerificationSite venue) {
		return counted(device, venue, checkCode(device, code, venue)).verdict();
	}

	/**
	 * The person a health code names, for staff who record something about them (a
	 * sampler putting them into a tube): signature, times and revocation are checked as
	 * at a gate and the person's colour is given, but no replay is refused (a sampler may
	 * read a code twice; what is recorded refuses doubles) and no gate is counted.
	 * @param code the text of the QR code
	 * @return the verdict and the person ({@code personId} 0 when refused)
	 */
	public Checked identify(String code) {
		return checkCode(null, code, null);
	}

	/**
	 * The person an identity card's number names, for staff who record something about
	 * them; their colour is given.
	 * @param idNumber the number
	 * @return the verdict and the person ({@code personId} 0 when refused: invalid
	 * number, nobody registered)
	 */
	public Checked identifyIdNumber(String idNumber) {
		return checkIdNumber(idNumber, null);
	}

	/**
	 * The persons identity cards' numbers name, looked up together (a sampling site's
	 * scans written in one go), each as {@link #identifyIdNumber} would give it.
	 * @param idNumbers the numbers
	 * @return the verdicts and persons, in the order of the numbers
	 */
	public List<Checked> identifyIdNumbers(List<String> idNumbers) {
		List<IdNumber> valid = idNumbers.stream().filter(IdNumber::isValid).map(IdNumber::new).toList();
		Map<String, Resident> found = valid.isEmpty() ? Map.of() : this.residents.byIdNumbers(valid);
		// the statuses of the persons with facts not in memory: one statement, not one
		// each
		Map<Long, CodeStatus> statuses = this.fromDatabase ? Map.of()
				: this.codes.statusesNow(found.values().stream().map(Resident::personId).toList());
		List<Checked> checked = new ArrayList<>(idNumbers.size());
		for (String idNumber : idNumbers) {
			if (!IdNumber.isValid(idNumber)) {
				checked.add(Checked.refused(Result.INVALID, this.reasons.of("BAD_ID_NUMBER")));
				continue;
			}
			Resident resident = found.get(new IdNumber(idNumber).value());
			checked.add((resident == null) ? Checked.refused(Result.NOT_FOUND, this.reasons.of("NOT_FOUND"))
					: new Checked(statuses.containsKey(resident.personId())
							? verdict(statuses.get(resident.personId()), resident.maskedName())
							: verdict(resident.personId(), resident.maskedName(), null), resident.personId()));
		}
		return checked;
	}

	/** A code checked; its replay is refused when a device reads it. */
	private Checked checkCode(Device device, String code, VerificationSite venue) {
		Decoded decoded = this.tokens.decode(code);
		switch (decoded.check()) {
			case MALFORMED:
				return Checked.refused(Result.INVALID, this.reasons.of("MALFORMED"));
			case UNKNOWN_KEY:
				return Checked.refused(Result.INVALID, this.reasons.of("UNKNOWN_KEY"));
			case BAD_SIGNATURE:
				return Checked.refused(Result.INVALID, this.reasons.of("BAD_SIGNATURE"));
			default:
				break;
		}
		Claims claims = decoded.claims();
		Instant now = this.clock.instant();
		long nowSecond = now.getEpochSecond();
		if (claims.issuedAt().getEpochSecond() > nowSecond + CLOCK_SKEW_SECONDS
				|| (claims.kind() == CodeTokens.Kind.DYNAMIC && claims.expiresAt().getEpochSecond()
						- claims.issuedAt().getEpochSecond() > MAX_DYNAMIC_SECONDS)) {
			return Checked.refused(Result.INVALID, this.reasons.of("BAD_TIMES"));
		}
		if (nowSecond >= claims.expiresAt().getEpochSecond()) {
			return Checked.refused(Result.EXPIRED, this.reasons.of("EXPIRED"));
		}
		if (claims.kind() == CodeTokens.Kind.CARD) {
			if (!this.cards.stands(claims.cardId(), claims.personId())) {
				return Checked.refused(Result.REVOKED, this.reasons.of("REVOKED"));
			}
		}
		else if (device != null
				&& this.replays.replayed(claims.tokenId(), claims.expiresAt().getEpochSecond(), device)) {
			return Checked.refused(Result.REPLAYED, this.reasons.of("REPLAYED"));
		}
		return new Checked(verdict(claims.personId(), claims.maskedName(), venue), claims.personId());
	}

	/**
	 * Verifies the holder of an identity card read at the gate, within the device's
	 * allowance of ID-number verifications ({@link IdNumberWalkGuard}).
	 * @param device the device
	 * @param idNumber the card's number
	 * @param venue the venue, {@code null} for a plain gate
	 * @return the verdict
	 * @throws TooManyIdNumbersException if the device is over its limit
	 */
	public Verdict verifyIdNumber(Device device, String idNumber, VerificationSite venue) {
		return counted(device, venue, guardedIdNumber(device, idNumber, venue)).verdict();
	}

	/**
	 * An ID number checked within the device's allowance, a NOT_FOUND noted for the
	 * alert.
	 */
	private Checked guardedIdNumber(Device device, String idNumber, VerificationSite venue) {
		java.time.Duration wait = this.guard.take(device);
		if (!wait.isZero()) {
			throw new TooManyIdNumbersException(this.guard.limits().perMinute(), this.guard.limits().burst(), wait);
		}
		Checked checked = checkIdNumber(idNumber, venue);
		if (checked.verdict().result() == Result.NOT_FOUND) {
			this.guard.notFound(device);
		}
		return checked;
	}

	/** Counts a verification for the statistics, where it was made. */
	private Checked counted(Device device, VerificationSite venue, Checked checked) {
		this.counter.count("VERIFY", (venue != null) ? venue.gridPath() : this.places.of(device),
				checked.verdict().result().name());
		return checked;
	}

	private Checked checkIdNumber(String idNumber, VerificationSite venue) {
		if (!IdNumber.isValid(idNumber)) {
			return Checked.refused(Result.INVALID, this.reasons.of("BAD_ID_NUMBER"));
		}
		Optional<Resident> resident = this.residents.byIdNumber(new IdNumber(idNumber));
		if (resident.isEmpty()) {
			return Checked.refused(Result.NOT_FOUND, this.reasons.of("NOT_FOUND"));
		}
		return new Checked(verdict(resident.get().personId(), resident.get().maskedName(), venue),
				resident.get().personId());
	}

	private Verdict verdict(long personId, String maskedName, VerificationSite venue) {
		if (venue != null) {
			return venue.admit(personId, maskedName);
		}
		return verdict(this.fromDatabase ? this.codes.evaluate(personId) : this.codes.status(personId), maskedName);
	}

	private static Verdict verdict(CodeStatus status, String maskedName) {
		Result result = Result.valueOf(status.colour().name());
		Decision decision = (status.colour() == Colour.GREEN) ? Decision.ALLOW : Decision.DENY;
		return new Verdict(result, status.star(), maskedName, decision, status.reasons());
	}

	/**
	 * Verifies a code or an identity card for a compound's checkpoint, giving the person
	 * too (the pass is recorded under them).
	 * @param device the checkpoint's device
	 * @param code the QR code's text, or {@code null}
	 * @param idNumber the card's number, or {@code null}
	 * @return the verdict and the person
	 * @throws TooManyIdNumbersException if an ID number is over the device's limit
	 */
	public Checked check(Device device, String code, String idNumber) {
		return counted(device, null,
				(code != null) ? checkCode(device, code, null) : guardedIdNumber(device, idNumber, null));
	}

}
