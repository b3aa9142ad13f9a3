package org.epigrid.testing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.epigrid.security.Caller;
import org.epigrid.security.Role;
import org.epigrid.shared.ForbiddenException;
import org.epigrid.shared.NotFoundException;
import org.epigrid.shared.health.TestResult;
import org.epigrid.shared.health.TestResultRecorded;
import org.epigrid.testing.internal.ResultWriter;
import org.epigrid.testing.internal.ResultWriter.Known;
import org.epigrid.testing.internal.ResultWriter.Member;
import org.epigrid.testing.internal.lab.LabRejection;
import org.epigrid.testing.internal.lab.LabResult;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lab results (D5), however they arrive (JSON, FHIR bundle, CSV/XLSX file): checked
 * against the tubes, applied set-based, each tube's members moved on — a negative tube
 * clears them, a positive pooled tube recalls them for a single-tube retest, a positive
 * single tube makes a {@link PositiveResult}, an invalid tube sends them to be resampled
 * — and reported to the health codes in batches ({@link TestResultRecorded}, at most
 * 100,000 an event). A result for an unknown or empty tube, or one that contradicts the
 * tube's result, is refused with its reason and kept for correction; nothing is lost.
 */
@Service
public class LabResultManagement {

	private final ResultWriter writer;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	LabResultManagement(ResultWriter writer, ApplicationEventPublisher events, Clock clock) {
		this.writer = writer;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Receives a delivery: what could be read and what was refused already while reading.
	 * @param delivery the delivery
	 * @return what was done with it
	 */
	@Transactional
	public Receipt receive(Delivery delivery) {
		Instant now = this.clock.instant();
		this.writer.preferIndexes();
		long batch = this.writer.batch(delivery.source(), delivery.lab(), delivery.fileName(), delivery.by(), now);
		List<LabRejection> rejections = new ArrayList<>(delivery.rejections());
		List<LabResult> candidates = new ArrayList<>();
		for (LabResult result : delivery.results()) {
			String problem = problem(result);
			if (problem != null) {
				rejections.add(new LabRejection(result.barcode(), problem.substring(0, problem.indexOf(':')),
						problem.substring(problem.indexOf(':') + 2), describe(result)));
			}
			else {
				candidates.add(result);
			}
		}
		List<Known> known = this.writer.tubes(candidates.stream().map(LabResult::barcode).toList());
		Map<String, TubeOutcome> seen = new HashMap<>();
		List<Long> ids = new ArrayList<>();
		List<LabResult> accepted = new ArrayList<>();
		int duplicates = 0;
		for (int i = 0; i < candidates.size(); i++) {
			LabResult result = candidates.get(i);
			Known tube = known.get(i);
			TubeOutcome earlier = seen.putIfAbsent(result.barcode(), result.outcome());
			if (tube.id() == 0) {
				rejections.add(new LabRejection(result.barcode(), "barcode",
						"unknown tube " + result.barcode() + ": no site opened a tube with this barcode",
						describe(result)));
			}
			else if (tube.samples() == 0) {
				rejections.add(new LabRejection(result.barcode(), "barcode",
						"tube " + result.barcode() + " holds no sample", describe(result)));
			}
			else if (earlier != null && earlier != result.outcome()) {
				rejections.add(
						new LabRejection(
								result.barcode(), "result", "conflicting results for tube " + result.barcode()
										+ " in one delivery: " + earlier + " and " + result.outcome(),
								describe(result)));
			}
			else if (tube.outcome() != null && !tube.outcome().equals(result.outcome().name())) {
				rejections.add(new LabRejection(result.barcode(), "result", "tube " + result.barcode()
						+ " already has the result " + tube.outcome() + "; " + result.outcome()
						+ " contradicts it (a correction is made by dismissing or retesting, not by a second result)",
						describe(result)));
			}
			else if (tube.outcome() != null || earlier != null) {
				duplicates++;
			}
			else {
				ids.add(tube.id());
				accepted.add(result);
			}
		}
		List<Member> members = ids.isEmpty() ? List.of() : this.writer.apply(batch, ids, accepted, now);
		this.writer.reject(batch, rejections);
		this.writer.counted(batch, accepted.size(), duplicates, rejections.size());
		publish(members);
		long recalled = members.stream().filter(m -> m.state().equals("RECALL")).count();
		long positive = members.stream().filter(m -> m.state().equals("POSITIVE")).count();
		long resample = members.stream().filter(m -> m.state().equals("RESAMPLE")).count();
		long negative = members.stream().filter(m -> m.state().equals("NEGATIVE")).count();
		return new Receipt(batch, accepted.size(), duplicates, rejections.size(), negative, recalled, positive,
				resample,
				rejections.stream()
					.limit(Receipt.MAX_LISTED)
					.map(r -> new Refusal(r.barcode(), r.field(), r.reason()))
					.toList());
	}

	/**
	 * The batches received, newest first.
	 * @param caller staff who follow the labs
	 * @param limit at most
	 * @return the batches
	 */
	public List<ResultWriter.Batch> batches(Caller caller, int limit) {
		requireFollower(caller);
		return this.writer.batches(Math.max(1, Math.min(limit, 200)));
	}

	/**
	 * The refused results still open.
	 * @param caller staff who follow the labs
	 * @param batchId only this batch, or {@code null}
	 * @param limit at most
	 * @return the refused results, oldest first
	 */
	public List<ResultWriter.Rejected> rejections(Caller caller, Long batchId, int limit) {
		requireFollower(caller);
		return this.writer.rejections(batchId, Math.max(1, Math.min(limit, 1_000)));
	}

	/**
	 * Closes a refused result: corrected by a new delivery, or dismissed.
	 * @param caller a data officer or admin
	 * @param id the refusal
	 * @param corrected {@code true} if corrected, {@code false} if dismissed
	 */
	@Transactional
	public void resolve(Caller caller, long id, boolean corrected) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.DATA_OFFICER)) {
			throw new ForbiddenException("role", "only data officers resolve refused results");
		}
		if (!this.writer.resolve(id, corrected ? "CORRECTED" : "DISMISSED", caller.username(), this.clock.instant())) {
			throw new NotFoundException("open refusal " + id);
		}
	}

	private static void requireFollower(Caller caller) {
		if (!caller.has(Role.ADMIN) && !caller.has(Role.DATA_OFFICER) && !caller.has(Role.COMMANDER)
				&& !caller.has(Role.EPIDEMIOLOGIST)) {
			throw new ForbiddenException("role",
					"only the command, epidemiologists and data officers follow lab results");
		}
	}

	/** Facts to the health codes in batches; each single positive for tracing. */
	private void publish(List<Member> members) {
		List<TestResultRecorded.Result> results = new ArrayList<>();
		for (Member m : members) {
			TestResult result = switch (m.state()) {
				case "NEGATIVE" -> TestResult.NEGATIVE;
				case "POSITIVE" -> TestResult.POSITIVE;
				case "RECALL" -> TestResult.POOL_POSITIVE;
				default -> null;
			};
			if (result != null) {
				results.add(new TestResultRecorded.Result(m.personId(), result, m.sampledAt()));
			}
			if (result == TestResult.POSITIVE) {
				this.events.publishEvent(new PositiveResult(m.personId(), m.roundId(), m.sampleId(), m.barcode(),
						m.siteId(), m.sampledAt(), m.testedAt(), m.ct(), m.lab()));
			}
		}
		for (int from = 0; from < results.size(); from += TestResultRecorded.MAX) {
			this.events.publishEvent(new TestResultRecorded(
					results.subList(from, Math.min(results.size(), from + TestResultRecorded.MAX))));
		}
	}

	private static String problem(LabResult result) {
		if (result.barcode() == null || !SamplingManagement.BARCODE.matcher(result.barcode()).matches()) {
			return "barcode: must be 4 to 64 letters, digits, '-' or '_'";
		}
		if (result.outcome() == null) {
			return "result: is required: NEGATIVE, POSITIVE or INVALID";
		}
		if (result.ct() != null
				&& (result.ct().compareTo(BigDecimal.ZERO) < 0 || result.ct().compareTo(BigDecimal.valueOf(60)) > 0)) {
			return "ct: must be from 0 to 60";
		}
		if (result.lab() != null && result.lab().length() > 100) {
			return "lab: at most 100 characters";
		}
		return null;
	}

	private static String describe(LabResult r) {
		return "{\"barcode\":" + quote(r.barcode()) + ",\"result\":"
				+ quote((r.outcome() == null) ? null : r.outcome().name()) + ",\"ct\":" + r.ct() + ",\"lab\":"
				+ quote(r.lab()) + ",\"testedAt\":" + quote((r.testedAt() == null) ? null : r.testedAt().toString())
				+ "}";
	}

	private static String quote(String s) {
		if (s == null) {
			return "null";
		}
		StringBuilder b = new StringBuilder("\"");
		for (char c : s.toCharArray()) {
			if (c == '"' || c == '\\') {
				b.append('\\').append(c);
			}
			else if (c < 0x20) {
				b.append(String.format("\\u%04x", (int) c));
			}
			else {
				b.append(c);
			}
		}
		return b.append('"').toString();
	}

	/**
	 * A delivery of results.
	 *
	 * @param source API, FHIR, CSV or XLSX
	 * @param lab the lab (the device's label, the bundle's performer, the form's field)
	 * @param fileName the file's name, if any
	 * @param by who delivered it
	 * @param results what could be read
	 * @param rejections what was refused while reading
	 */
	public record Delivery(String source, String lab, String fileName, String by, List<LabResult> results,
			List<LabRejection> rejections) {
	}

	/**
	 * What was done with a delivery.
	 *
	 * @param batchId the batch, to find its refusals later
	 * @param accepted results applied
	 * @param duplicates results received again, the same
	 * @param rejected results refused (kept)
	 * @param negative persons cleared
	 * @param recalled persons recalled for a retest
	 * @param positive persons positive
	 * @param resample persons to resample
	 * @param refusals the first refusals, with their reasons
	 */
	public record Receipt(long batchId, int accepted, int duplicates, int rejected, long negative, long recalled,
			long positive, long resample, List<Refusal> refusals) {

		/** The most refusals listed in a receipt (all are kept). */
		public static final int MAX_LISTED = 100;

	}

	/**
	 * A refused result.
	 *
	 * @param barcode its tube, if read
	 * @param field what is wrong
	 * @param reason why
	 */
	public record Refusal(String barcode, String field, String reason) {
	}

}
