package org.epigrid.codes;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.codes.internal.status.CodeStatusReader;
import org.epigrid.codes.internal.status.ProtocolStore;
import org.epigrid.codes.internal.status.StatusCache;
import org.epigrid.codes.internal.status.StatusEngine;
import org.epigrid.codes.internal.status.Fact;

import org.springframework.stereotype.Service;

/**
 * Health-code statuses: what colour and star a person has and why, and how it came to be.
 * Statuses are computed from the facts other modules report, by the rules of the protocol
 * in force ({@link CodeProtocolManagement}).
 */
@Service
public class HealthCodeManagement {

	private final CodeStatusReader stored;

	private final ProtocolStore protocols;

	private final StatusEngine engine;

	private final StatusCache cache;

	private volatile Default lastDefault;

	private final Clock clock;

	HealthCodeManagement(CodeStatusReader stored, ProtocolStore protocols, StatusEngine engine, StatusCache cache,
			Clock clock) {
		this.stored = stored;
		this.protocols = protocols;
		this.engine = engine;
		this.cache = cache;
		this.clock = clock;
	}

	/**
	 * A person's status as it stands (from a short-lived cache that every change evicts).
	 * @param personId the person
	 * @return the status; a person the platform has no facts about gets what the rules
	 * give for no facts (green)
	 */
	public CodeStatus status(long personId) {
		return this.cache.get(personId, this::withoutFacts, id -> statuses(List.of(id)).get(id));
	}

	/**
	 * Several persons' statuses as they stand, from the same cache as {@link #status};
	 * the ones not in memory are read in one statement.
	 * @param personIds the persons
	 * @return the status of each
	 */
	public Map<Long, CodeStatus> statusesNow(Collection<Long> personIds) {
		return this.cache.getAll(personIds, this::withoutFacts, this::statuses);
	}

	/**
	 * The status of a person the platform has no facts about, under the rules in force.
	 */
	private CodeStatus withoutFacts(long personId) {
		ProtocolStore.Current current = this.protocols.current();
		Default known = this.lastDefault;
		if (known == null || known.version() != current.version()) {
			var def = this.engine.defaultStatus(current.version(), current.rules(), this.clock.instant());
			known = new Default(current.version(), Colour.ofRank(def.colour()), def.star(),
					reasons(current.version(), def.reasons(), Map.of()));
			this.lastDefault = known;
		}
		return new CodeStatus(personId, known.colour(), known.star(), known.reasons(), known.version(), null, null);
	}

	/** What the rules of a version give for no facts. */
	private record Default(int version, Colour colour, boolean star, List<Reason> reasons) {
	}

	/**
	 * A person's status computed from their facts now, bypassing the stored status and
	 * the cache (the reference path the verification benchmark compares with).
	 * @param personId the person
	 * @return the status ({@code since} and the test time are not computed)
	 */
	public CodeStatus evaluate(long personId) {
		StatusEngine.Default computed = this.engine.evaluate(personId);
		return new CodeStatus(personId, Colour.ofRank(computed.colour()), computed.star(),
				reasons(computed.version(), computed.reasons(), Map.of()), computed.version(), null, null);
	}

	/**
	 * Several persons' statuses, read from the database.
	 * @param personIds the persons
	 * @return a status for each
	 */
	public Map<Long, CodeStatus> statuses(Collection<Long> personIds) {
		Map<Long, CodeStatus> result = new HashMap<>();
		if (personIds.isEmpty()) {
			return result;
		}
		for (CodeStatusReader.StoredStatus s : this.stored.stored(personIds)) {
			if (s.isDefault()) {
				CodeStatus d = withoutFacts(s.personId());
				result.put(s.personId(), new CodeStatus(d.personId(), d.colour(), d.star(), d.reasons(),
						d.protocolVersion(), null, s.negativeTestAt()));
				continue;
			}
			result.put(s.personId(),
					new CodeStatus(s.personId(), Colour.ofRank(s.colour()), s.star(),
							reasons(s.protocolVersion(), s.reasons(), s.texts()), s.protocolVersion(), s.changedAt(),
							s.negativeTestAt()));
		}
		if (result.size() < personIds.size()) {
			for (Long id : personIds) {
				result.computeIfAbsent(id, this::withoutFacts);
			}
		}
		return result;
	}

	/**
	 * How a person's code changed, newest first.
	 * @param personId the person
	 * @return the changes
	 */
	public List<Change> history(long personId) {
		return this.stored.history(personId)
			.stream()
			.map(h -> new Change(h.at(), Colour.ofRank(h.colour()), h.star(),
					reasons(h.protocolVersion(), h.reasons(), h.texts()), h.protocolVersion(), h.cause()))
			.toList();
	}

	/**
	 * Computes some persons' statuses again now (e.g. after their facts were corrected).
	 * @param personIds the persons
	 * @param cause what changed, for the history
	 * @return how many changed
	 */
	public int recompute(Collection<Long> personIds, String cause) {
		return this.engine.recompute(personIds, cause);
	}

	private List<Reason> reasons(int version, String[] codes, Map<String, String> texts) {
		Map<String, Reason> known = this.protocols.version(version).reasons();
		List<Reason> reasons = new ArrayList<>(codes.length);
		for (String code : codes) {
			Reason reason = known.getOrDefault(code, new Reason(code, code, code));
			reasons.add(new Reason(code, fill(reason.zh(), texts), fill(reason.en(), texts)));
		}
		return reasons;
	}

	private static String fill(String sentence, Map<String, String> texts) {
		if (sentence.indexOf('{') < 0) {
			return sentence;
		}
		String filled = sentence;
		for (Map.Entry<String, String> text : texts.entrySet()) {
			filled = filled.replace("{" + text.getKey() + "}", (text.getValue() == null) ? "?" : text.getValue());
		}
		return filled;
	}

	/**
	 * One change of a person's code.
	 *
	 * @param at when
	 * @param colour the colour it took
	 * @param star the star it took
	 * @param reasons why
	 * @param protocolVersion by which rules
	 * @param cause what caused it (an event, a rule change, an appeal, time)
	 */
	public record Change(Instant at, Colour colour, boolean star, List<Reason> reasons, int protocolVersion,
			String cause) {
	}

}
