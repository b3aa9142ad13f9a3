package org.epigrid.codes;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.epigrid.codes.internal.status.CodeCounter;
import org.epigrid.codes.internal.status.CodeStatusReader;
import org.epigrid.codes.internal.status.DailyCountRepository;
import org.epigrid.security.Caller;
import org.epigrid.shared.FieldErrorsException;

import org.springframework.stereotype.Service;

/**
 * Code statistics (C1): how many codes were shown and verified per day, division and
 * colour (or result), and how many persons have each colour now, within the caller's
 * jurisdiction (filtered in SQL). Displays are counted where the holder lives,
 * verifications where they were made (the venue's grid, a checkpoint's compound, the grid
 * nearest a gate; {@code /} when the device has no place). Counts reach the table within
 * about 10 seconds.
 */
@Service
public class CodeStatisticsManagement {

	/** The longest period asked at once, in days. */
	public static final int MAX_DAYS = 366;

	private final DailyCountRepository counts;

	private final CodeCounter counter;

	private final CodeStatusReader statuses;

	CodeStatisticsManagement(DailyCountRepository counts, CodeCounter counter, CodeStatusReader statuses) {
		this.counts = counts;
		this.counter = counter;
		this.statuses = statuses;
	}

	/**
	 * Daily counts, by division and result.
	 * @param caller who asks
	 * @param from first day
	 * @param to last day
	 * @return the counts, by day, division, kind, result
	 * @throws FieldErrorsException naming {@code to} if the period is backwards or too
	 * long
	 */
	public List<DailyCount> daily(Caller caller, LocalDate from, LocalDate to) {
		if (to.isBefore(from) || to.toEpochDay() - from.toEpochDay() >= MAX_DAYS) {
			throw FieldErrorsException.of("to", "must be on or after from, at most " + MAX_DAYS + " days later");
		}
		return this.counts.between(from, to, caller.jurisdiction());
	}

	/**
	 * How many persons living in the caller's jurisdiction (filtered in SQL) have each
	 * colour now, among persons with a stored status (facts that give something other
	 * than the default, or a time condition to watch); all others have what the rules
	 * give for no facts.
	 * @param caller who asks
	 * @return count per colour, every colour present (0 if nobody has it)
	 */
	public Map<Colour, Long> colours(Caller caller) {
		Map<Colour, Long> counts = new EnumMap<>(Colour.class);
		for (Colour colour : Colour.values()) {
			counts.put(colour, 0L);
		}
		this.statuses.countsByColour(caller.jurisdiction())
			.forEach((rank, count) -> counts.put(Colour.ofRank(rank), count));
		return counts;
	}

	/** Writes what was counted in memory now (for tests and before reading). */
	public void flush() {
		this.counter.flush();
	}

	/**
	 * One count.
	 *
	 * @param day the day (platform time, UTC+8)
	 * @param divisionPath where
	 * @param kind {@code DISPLAY} or {@code VERIFY}
	 * @param result the colour shown, or the verification's result
	 * @param count how many
	 */
	public record DailyCount(LocalDate day, String divisionPath, String kind, String result, long count) {
	}

}
