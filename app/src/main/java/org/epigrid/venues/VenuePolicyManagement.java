package org.epigrid.venues;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.epigrid.codes.CodeStatus;
import org.epigrid.codes.Colour;
import org.epigrid.codes.Decision;
import org.epigrid.codes.Reason;
import org.epigrid.codes.Result;
import org.epigrid.codes.Verdict;
import org.epigrid.security.AuditManagement;
import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.ShortLivedCache;
import org.epigrid.venues.internal.VenuePolicyRepository;

import org.springframework.stereotype.Service;

/**
 * What a venue of each crowd class lets in (C5, C6): the highest colour, whether a travel
 * star is allowed, and how recent a negative test must be. By default any venue admits
 * green codes only; crowded places also refuse a star and ask for a negative test within
 * 72 hours, sensitive places within 48 hours. Administrators change them; every change is
 * audited.
 */
@Service
public class VenuePolicyManagement {

	private final VenuePolicyRepository repository;

	private final AuditManagement audit;

	private final Clock clock;

	private final ShortLivedCache<String, Map<CrowdClass, Policy>> cache = new ShortLivedCache<>(Duration.ofSeconds(10),
			1);

	VenuePolicyManagement(VenuePolicyRepository repository, AuditManagement audit, Clock clock) {
		this.repository = repository;
		this.audit = audit;
		this.clock = clock;
	}

	/**
	 * The policies in force.
	 * @return one per crowd class
	 */
	public List<Policy> all() {
		return List.copyOf(policies().values());
	}

	/**
	 * The policy of a crowd class.
	 * @param crowdClass the class
	 * @return its policy
	 */
	public Policy of(CrowdClass crowdClass) {
		return policies().get(crowdClass);
	}

	/**
	 * Changes the policy of a crowd class.
	 * @param admin an administrator
	 * @param crowdClass the class
	 * @param change the new policy
	 * @param channel {@code API} or {@code UI}
	 * @param clientIp the caller's address
	 * @return the policy now in force
	 */
	public Policy change(Caller admin, CrowdClass crowdClass, Change change, String channel, String clientIp) {
		if (!admin.has(Role.ADMIN)) {
			throw new ForbiddenException("crowdClass", "only administrators change venue policies");
		}
		List<FieldErrorsException.FieldError> errors = new ArrayList<>();
		if (change.maxColour() == null) {
			errors.add(new FieldErrorsException.FieldError("maxColour",
					"is required: the highest colour let in (GREEN, YELLOW or RED)"));
		}
		if (change.starAllowed() == null) {
			errors.add(new FieldErrorsException.FieldError("starAllowed", "is required: true or false"));
		}
		if (change.negativeTestHours() != null
				&& (change.negativeTestHours() < 1 || change.negativeTestHours() > 720)) {
			errors.add(new FieldErrorsException.FieldError("negativeTestHours",
					"must be 1 to 720 hours, or absent when no test is needed"));
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		this.repository.change(crowdClass, change.maxColour(), change.starAllowed(), change.negativeTestHours(),
				this.clock.instant(), admin.username());
		this.audit.record(admin, new AuditManagement.View(
				"CHANGE_VENUE_POLICY", "VENUE_POLICY", crowdClass.name(), crowdClass.name(), "max " + change.maxColour()
						+ ", star " + change.starAllowed() + ", test " + change.negativeTestHours() + " h",
				channel, clientIp));
		this.cache.clear();
		return of(crowdClass);
	}

	/**
	 * The verdict at a venue: the code's colour and star as they are, allowed only if the
	 * venue's policy is met; every unmet condition is a reason.
	 * @param status the person's code now
	 * @param maskedName the masked name
	 * @param crowdClass the venue's class
	 * @return the verdict
	 */
	Verdict decide(CodeStatus status, String maskedName, CrowdClass crowdClass) {
		Policy policy = of(crowdClass);
		List<Reason> reasons = new ArrayList<>(status.reasons());
		boolean allowed = true;
		if (status.colour().ordinal() > policy.maxColour().ordinal()) {
			allowed = false;
			reasons.add((policy.maxColour() == Colour.GREEN)
					? new Reason("POLICY_COLOUR", "本场所只允许绿码进入", "This venue admits green codes only")
					: new Reason("POLICY_COLOUR", "本场所不允许红码进入", "This venue does not admit red codes"));
		}
		if (status.star() && !policy.starAllowed()) {
			allowed = false;
			reasons.add(new Reason("POLICY_STAR", "本场所不允许行程卡带星者进入",
					"This venue does not admit a travel record with a star"));
		}
		Integer hours = policy.negativeTestHours();
		if (hours != null && (status.negativeTestAt() == null
				|| status.negativeTestAt().isBefore(this.clock.instant().minus(Duration.ofHours(hours))))) {
			allowed = false;
			reasons.add(new Reason("POLICY_TEST", "本场所需" + hours + "小时内核酸阴性证明",
					"This venue requires a negative test within " + hours + " hours"));
		}
		return new Verdict(Result.valueOf(status.colour().name()), status.star(), maskedName,
				allowed ? Decision.ALLOW : Decision.DENY, reasons);
	}

	private Map<CrowdClass, Policy> policies() {
		return this.cache.get("all", k -> this.repository.all());
	}

	/**
	 * A crowd class's policy.
	 *
	 * @param crowdClass the class
	 * @param maxColour the highest colour let in
	 * @param starAllowed whether a travel star is let in
	 * @param negativeTestHours how recent a negative test must be, {@code null} if none
	 * is needed
	 * @param changedAt when last changed
	 * @param changedBy by whom
	 */
	public record Policy(CrowdClass crowdClass, Colour maxColour, boolean starAllowed, Integer negativeTestHours,
			Instant changedAt, String changedBy) {
	}

	/**
	 * A change of policy.
	 *
	 * @param maxColour the highest colour let in
	 * @param starAllowed whether a travel star is let in
	 * @param negativeTestHours how recent a negative test must be, {@code null} if none
	 */
	public record Change(Colour maxColour, Boolean starAllowed, Integer negativeTestHours) {
	}

}
