package org.epigrid.venues;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.epigrid.venues.internal.VenuesProperties;
import org.epigrid.codes.Checked;
import org.epigrid.codes.CodeVerification;
import org.epigrid.codes.Decision;
import org.epigrid.codes.Reason;
import org.epigrid.codes.Result;
import org.epigrid.codes.Verdict;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.population.ResidentDirectory.Resident;
import org.epigrid.security.Device;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.venues.internal.PresencePartitionWriter;
import org.epigrid.venues.internal.CheckpointPassRepository;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Passes at a residential compound's checkpoint (C8, C9 — 小区卡口): a checkpoint device (its
 * {@code ref} is the compound's division) reads a code or an ID card, the temperature and
 * whether a mask is worn, and says whether the person may pass, in or out, by the same
 * code rules as everywhere:
 * <ul>
 * <li>the code must be genuine (else the verification's result, DENY);</li>
 * <li>out: refused while the status carries a reason that confines the person
 * ({@code epigrid.codes.no-exit-reasons}, by default sealed and controlled areas, close
 * contacts, confirmed cases — 足不出户 / 人不出区);</li>
 * <li>in: a green code; a resident of the compound may always go home (told to stay there
 * when not green);</li>
 * <li>a temperature at or above {@code epigrid.codes.fever-celsius} (37.3) or no mask:
 * refused.</li>
 * </ul>
 * Every pass is stored (person, direction, temperature, mask, decision) and kept as long
 * as check-ins: day-partitioned like them, dropped whole past the retention.
 */
@Service
public class CheckpointPassManagement {

	private final CodeVerification verification;

	private final ResidentDirectory residents;

	private final CheckpointPassRepository repository;

	private final Clock clock;

	private final Set<String> noExitReasons;

	private final BigDecimal feverCelsius;

	private final PresencePartitionWriter partitions;

	CheckpointPassManagement(CodeVerification verification, ResidentDirectory residents,
			CheckpointPassRepository repository, Clock clock, VenuesProperties properties,
			PresencePartitionWriter partitions) {
		this.verification = verification;
		this.residents = residents;
		this.repository = repository;
		this.clock = clock;
		this.noExitReasons = properties.noExitReasons();
		this.feverCelsius = properties.feverCelsius();
		this.partitions = partitions;
	}

	/**
	 * Decides and records a pass.
	 * @param device the checkpoint's device
	 * @param request what it read
	 * @return the verdict (nothing personal but a masked name)
	 * @throws ForbiddenException if the device is not a compound's checkpoint
	 * @throws FieldErrorsException naming {@code code}, {@code direction},
	 * {@code temperature} or {@code mask}
	 */
	public Verdict pass(Device device, PassRequest request) {
		if (device.kind() != Device.Kind.CHECKPOINT || device.ref() == null) {
			throw new ForbiddenException("device", "only a compound checkpoint's device records passes");
		}
		List<FieldError> errors = new ArrayList<>();
		boolean hasCode = request.code() != null && !request.code().isBlank();
		boolean hasId = request.idNumber() != null && !request.idNumber().isBlank();
		if (hasCode == hasId) {
			errors.add(new FieldError("code", "give either code (the QR text) or idNumber (read from the card)"));
		}
		if (request.direction() == null) {
			errors.add(new FieldError("direction", "is required: IN or OUT"));
		}
		if (request.temperature() == null || request.temperature().compareTo(new BigDecimal("34.0")) < 0
				|| request.temperature().compareTo(new BigDecimal("43.0")) > 0) {
			errors.add(new FieldError("temperature", "is required, in °C between 34.0 and 43.0"));
		}
		if (request.mask() == null) {
			errors.add(new FieldError("mask", "is required: whether a mask is worn"));
		}
		String compound = this.repository.compoundPath(device.ref());
		if (compound == null) {
			throw new ForbiddenException("device", "this checkpoint's compound " + device.ref() + " no longer exists");
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		// decided on what is stored (one decimal): 37.25 is 37.3, a fever
		BigDecimal temperature = request.temperature().setScale(1, java.math.RoundingMode.HALF_UP);
		Checked checked = this.verification.check(device, hasCode ? request.code() : null,
				hasCode ? null : request.idNumber());
		Verdict verdict = checked.verdict();
		List<Reason> reasons = new ArrayList<>(verdict.reasons());
		boolean genuine = verdict.result() == Result.GREEN || verdict.result() == Result.YELLOW
				|| verdict.result() == Result.RED;
		boolean allowed = genuine;
		if (genuine && request.direction() == Direction.OUT) {
			if (reasons.stream().anyMatch(r -> this.noExitReasons.contains(r.code()))) {
				allowed = false;
				reasons.add(new Reason("NO_EXIT", "居家或区域管控中，不得外出", "Confined at home or in the area: may not go out"));
			}
		}
		else if (genuine) {
			Resident resident = this.residents.byIds(List.of(checked.personId())).get(checked.personId());
			boolean lives = resident != null && resident.path() != null && resident.path().startsWith(compound);
			if (verdict.result() != Result.GREEN) {
				allowed = lives;
				reasons.add(lives
						? new Reason("RESIDENT_RETURNING", "本小区居民返家，须居家管控", "A resident going home, to stay there")
						: new Reason("NOT_GREEN", "非绿码，外来人员不得进入", "Not green: visitors may not enter"));
			}
		}
		if (temperature.compareTo(this.feverCelsius) >= 0) {
			allowed = false;
			reasons.add(new Reason("FEVER", "体温" + temperature + "℃，请到发热门诊就诊",
					"Temperature " + temperature + " °C: go to a fever clinic"));
		}
		if (!request.mask()) {
			allowed = false;
			reasons.add(new Reason("NO_MASK", "请佩戴口罩", "Wear a mask"));
		}
		Verdict decided = new Verdict(verdict.result(), verdict.star(), verdict.maskedName(),
				allowed ? Decision.ALLOW : Decision.DENY, List.copyOf(reasons));
		Instant at = this.clock.instant();
		this.partitions.ensurePasses(List.of(at));
		this.repository.insert(new CheckpointPassRepository.Pass(at, device.tokenId(), compound,
				(checked.personId() == 0) ? null : checked.personId(), request.direction().name(), temperature,
				request.mask(), verdict.result().name(), allowed, reasons.stream().map(Reason::code).toList()));
		return decided;
	}

	/** Which way. */
	public enum Direction {

		/** Into the compound. */
		IN,
		/** Out of it. */
		OUT

	}

	/**
	 * What a checkpoint read.
	 *
	 * @param code the QR code's text
	 * @param idNumber or the ID card's number
	 * @param direction in or out
	 * @param temperature the temperature, °C
	 * @param mask whether a mask is worn
	 */
	public record PassRequest(String code, String idNumber, Direction direction, BigDecimal temperature, Boolean mask) {
	}

}
