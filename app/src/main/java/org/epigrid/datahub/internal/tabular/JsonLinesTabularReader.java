package org.epigrid.datahub.internal.tabular;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON Lines: one object per line. The header is the ordered union of the keys of the
 * first 1,000 objects (read ahead, then reading goes on streaming); a key first seen
 * later gets a fixed position beyond the header, so its values are not lost. A line that
 * is not a JSON object becomes a row with a problem.
 */
final class JsonLinesTabularReader extends AbstractTabularReader {

	static final int HEADER_OBJECTS = 1000;

	private static final int MAX_MESSAGE = 200;

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private final TextEncoding encoding;

	private final BufferedReader lines;

	private final Deque<ParsedLine> readAhead = new ArrayDeque<>();

	// key -> column; the header's keys first, later keys beyond them
	private final Map<String, Integer> columns = new LinkedHashMap<>();

	private long lineNumber;

	JsonLinesTabularReader(Path file, TextEncoding encoding) throws IOException {
		this.encoding = encoding;
		this.lines = new BufferedReader(encoding.open(file));
	}

	@Override
	public TabularFormat format() {
		return TabularFormat.JSONL;
	}

	@Override
	public String encoding() {
		return this.encoding.name();
	}

	@Override
	List<String> readHeader(Predicate<List<String>> isHeader) throws IOException {
		int objects = 0;
		// bounded also by lines, so that a file of junk is not held in memory
		while (objects < HEADER_OBJECTS && this.readAhead.size() < 10 * HEADER_OBJECTS) {
			ParsedLine line = readLine();
			if (line == null) {
				break;
			}
			if (this.readAhead.isEmpty() && line.text().startsWith("[")) {
				throw new UnreadableFileException("is a JSON array, not JSON Lines: expected one JSON object per line");
			}
			this.readAhead.add(line);
			if (line.object() != null) {
				objects++;
				line.object().propertyNames().forEach((key) -> this.columns.putIfAbsent(key, this.columns.size()));
			}
		}
		if (this.readAhead.isEmpty()) {
			throw new UnreadableFileException("has no header row: every line is blank");
		}
		if (objects == 0) {
			throw new UnreadableFileException("has no header row: none of its first " + this.readAhead.size()
					+ " non-blank lines is a JSON object");
		}
		return new ArrayList<>(this.columns.keySet());
	}

	@Override
	TabularRow readRaw() throws IOException {
		ParsedLine line = this.readAhead.isEmpty() ? readLine() : this.readAhead.poll();
		if (line == null) {
			return null;
		}
		if (line.object() == null) {
			return new TabularRow(line.number(), List.of(), line.problem());
		}
		String[] cells = new String[this.columns.size()];
		Arrays.fill(cells, "");
		for (Map.Entry<String, JsonNode> property : line.object().properties()) {
			int column = this.columns.computeIfAbsent(property.getKey(), (key) -> this.columns.size());
			if (column >= cells.length) {
				int grown = cells.length;
				cells = Arrays.copyOf(cells, this.columns.size());
				Arrays.fill(cells, grown, cells.length, "");
			}
			cells[column] = text(property.getValue());
		}
		String problem = (this.encoding.lenient() && line.text().indexOf(TextEncoding.REPLACEMENT) >= 0)
				? this.encoding.invalidBytesProblem() : null;
		return new TabularRow(line.number(), Arrays.asList(cells), problem);
	}

	@Override
	void release() throws IOException {
		this.lines.close();
	}

	// next non-blank line, parsed; blank lines are counted as skipped rows
	private ParsedLine readLine() throws IOException {
		while (true) {
			String text = this.lines.readLine();
			if (text == null) {
				return null;
			}
			this.lineNumber++;
			if (this.lineNumber == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
				text = text.substring(1);
			}
			if (text.isBlank()) {
				countBlank(1);
				continue;
			}
			return parse(this.lineNumber, text.strip());
		}
	}

	private static ParsedLine parse(long number, String text) {
		JsonNode node;
		try {
			node = MAPPER.readTree(text);
		}
		catch (JacksonException ex) {
			return new ParsedLine(number, text, null, "line is not a JSON object: " + shorten(ex.getOriginalMessage()));
		}
		if (!node.isObject()) {
			return new ParsedLine(number, text, null, "line is not a JSON object: found "
					+ node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + shorten(text));
		}
		return new ParsedLine(number, text, node, null);
	}

	/**
	 * A JSON value as cell text: strings stripped, numbers in plain digits, {@code null}
	 * as {@code ""}, objects and arrays as compact JSON.
	 * @param value the value
	 * @return the text
	 */
	static String text(JsonNode value) {
		if (value == null || value.isNull() || value.isMissingNode()) {
			return "";
		}
		if (value.isString()) {
			return value.asString().strip();
		}
		if (value.isIntegralNumber()) {
			return value.bigIntegerValue().toString();
		}
		if (value.isNumber()) {
			// exact: JSON carries decimal text, not binary doubles
			BigDecimal decimal = value.decimalValue();
			return (decimal.signum() == 0) ? "0" : decimal.stripTrailingZeros().toPlainString();
		}
		if (value.isBoolean()) {
			return Boolean.toString(value.booleanValue());
		}
		return value.toString();
	}

	private static String shorten(String text) {
		String oneLine = (text != null) ? text.replaceAll("\\s+", " ").strip() : "";
		return (oneLine.length() <= MAX_MESSAGE) ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
	}

	private record ParsedLine(long number, String text, JsonNode object, String problem) {

	}

}
