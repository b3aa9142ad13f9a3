package org.epigrid.testing.internal.lab;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.epigrid.testing.TubeOutcome;

/**
 * The rules every lab result reader shares: what a tube barcode may be, which words name
 * an outcome, which Ct values are plausible, how much of a rejected entry is kept.
 */
final class LabValues {

	/** The longest barcode accepted. */
	static final int MAX_BARCODE = 64;

	/** The most of a rejected entry or row that is kept, in UTF-8 bytes. */
	static final int MAX_RAW_BYTES = 64 * 1024;

	/** Ct values outside (0, 60] are no PCR cycle count: real runs stop at 40 to 50. */
	static final BigDecimal MAX_CT = BigDecimal.valueOf(60);

	private static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9_-]+");

	private static final Map<String, TubeOutcome> WORDS = Map.ofEntries(Map.entry("negative", TubeOutcome.NEGATIVE),
			Map.entry("neg", TubeOutcome.NEGATIVE), Map.entry("not detected", TubeOutcome.NEGATIVE),
			Map.entry("阴性", TubeOutcome.NEGATIVE), Map.entry("positive", TubeOutcome.POSITIVE),
			Map.entry("pos", TubeOutcome.POSITIVE), Map.entry("detected", TubeOutcome.POSITIVE),
			Map.entry("阳性", TubeOutcome.POSITIVE), Map.entry("invalid", TubeOutcome.INVALID),
			Map.entry("invalid result", TubeOutcome.INVALID), Map.entry("inconclusive", TubeOutcome.INVALID),
			Map.entry("无效", TubeOutcome.INVALID));

	/** The words {@link #outcomeOfWord} knows, for reasons. */
	static final String WORDS_EXPECTED = "NEGATIVE, POSITIVE or INVALID (阴性, 阳性, 无效)";

	private LabValues() {
	}

	/**
	 * Why a barcode (already stripped) is not acceptable.
	 * @param barcode the barcode, stripped
	 * @return the problem, or {@code null} when it is acceptable
	 */
	static String barcodeProblem(String barcode) {
		if (barcode.isEmpty()) {
			return "no tube barcode";
		}
		if (barcode.length() > MAX_BARCODE) {
			return "tube barcode is " + barcode.length() + " characters long: at most " + MAX_BARCODE + " allowed";
		}
		if (!BARCODE.matcher(barcode).matches()) {
			return "tube barcode '" + barcode + "' may only hold letters A-Z, a-z, digits, '-' and '_'";
		}
		return null;
	}

	/**
	 * The outcome a word names, case-insensitively: NEGATIVE / POSITIVE / INVALID, the
	 * Chinese 阴性 / 阳性 / 无效, and the reporting words "not detected", "detected",
	 * "inconclusive" (an inconclusive tube is resampled, as an invalid one).
	 * @param word the word, or {@code null}
	 * @return the outcome, or {@code null} when the word names none
	 */
	static TubeOutcome outcomeOfWord(String word) {
		if (word == null) {
			return null;
		}
		String key = word.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
		return WORDS.get(key);
	}

	/**
	 * Why a Ct value is implausible.
	 * @param ct the value
	 * @return the problem, or {@code null} when it is plausible
	 */
	static String ctProblem(BigDecimal ct) {
		if (ct.signum() <= 0 || ct.compareTo(MAX_CT) > 0) {
			return "Ct value " + ct.toPlainString() + " is not a cycle count: expected more than 0 and at most "
					+ MAX_CT;
		}
		return null;
	}

	/**
	 * Cuts text to {@value #MAX_RAW_BYTES} UTF-8 bytes at a character boundary.
	 * @param raw the text, or {@code null}
	 * @return the text, at most {@value #MAX_RAW_BYTES} bytes long
	 */
	static String truncate(String raw) {
		if (raw == null || raw.length() <= MAX_RAW_BYTES / 3) {
			return raw;
		}
		byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_RAW_BYTES) {
			return raw;
		}
		int end = MAX_RAW_BYTES;
		// back to the first byte of a UTF-8 sequence
		while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
			end--;
		}
		return new String(bytes, 0, end, StandardCharsets.UTF_8);
	}

}
