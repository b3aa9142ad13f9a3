package org.epigrid.codes.internal.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.epigrid.codes.Colour;
import org.epigrid.codes.Reason;
import org.epigrid.shared.FieldErrorsException;
import org.epigrid.shared.FieldErrorsException.FieldError;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The colour rules of a disease protocol, parsed and checked, and compiled to SQL over
 * {@code code_fact f} (with the evaluation instant as {@code p.now}). The SQL names only
 * the columns of {@link Fact}s, the fixed values of enumerated facts, whole numbers and
 * the rules' codes checked against {@link #CODE}: nothing a rule author writes reaches
 * the database unchecked.
 *
 * <p>
 * A protocol document: <pre>
 * {"disease": "COVID-19", "rules": [
 *   {"code": "CONFIRMED_CASE", "colour": "RED",
 *    "when": {"fact": "caseStatus", "in": ["CONFIRMED", "ASYMPTOMATIC"]},
 *    "reason": {"zh": "确诊病例或无症状感染者", "en": "Confirmed case or asymptomatic infection"}},
 *   {"code": "RISK_CITY_TRIP", "star": true, "when": {"fact": "riskTripAt", "withinDays": 14},
 *    "reason": {"zh": "14 天内到过 {riskTripCity}", "en": "Was in {riskTripCity} within 14 days"}}]}
 * </pre> Conditions: {@code {"fact", "in": [...]}} (enumerated facts), {@code {"fact",
 * "set": true|false}}, {@code {"fact", "withinHours"|"withinDays": n}} (times: the fact
 * is at most n hours or days old), {@code {"fact", "after": "otherFact"}} (both times
 * set, the first later), {@code {"fact", "atLeast": n}} (numbers), {@code {"all":
 * [...]}}, {@code {"any": [...]}}, {@code {"not": {...}}}. The colour is the highest of
 * the rules that apply; the star is set when a rule with {@code "star": true} applies;
 * every rule that applies gives its reason.
 */
public final class RuleSet {

	/** A rule's code. */
	static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{1,47}");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int MAX_RULES = 100;

	private static final int MAX_DEPTH = 8;

	private final String disease;

	private final List<Rule> rules;

	private final String json;

	private RuleSet(String disease, List<Rule> rules, String json) {
		this.disease = disease;
		this.rules = rules;
		this.json = json;
	}

	/**
	 * Parses and checks a protocol document.
	 * @param json the document
	 * @return the rule set
	 * @throws FieldErrorsException naming each wrong part, e.g.
	 * {@code rules[2].when.fact}
	 */
	public static RuleSet parse(String json) {
		JsonNode root;
		try {
			root = JSON.readTree((json == null) ? "" : json);
		}
		catch (JacksonException ex) {
			throw FieldErrorsException.of("rules", "is not valid JSON: " + ex.getOriginalMessage());
		}
		List<FieldError> errors = new ArrayList<>();
		if (root == null || !root.isObject()) {
			throw FieldErrorsException.of("rules", "must be a JSON object with \"disease\" and \"rules\"");
		}
		String disease = text(root.get("disease"));
		if (disease == null || disease.isBlank() || disease.length() > 60) {
			errors.add(new FieldError("disease", "is required, at most 60 characters"));
		}
		JsonNode list = root.get("rules");
		List<Rule> rules = new ArrayList<>();
		if (list == null || !list.isArray() || list.isEmpty()) {
			errors.add(new FieldError("rules", "must be a non-empty array of rules"));
		}
		else if (list.size() > MAX_RULES) {
			errors.add(new FieldError("rules", "at most " + MAX_RULES + " rules"));
		}
		else {
			Set<String> codes = new HashSet<>();
			for (int i = 0; i < list.size(); i++) {
				Rule rule = rule(list.get(i), "rules[" + i + "]", errors);
				if (rule != null && !codes.add(rule.code())) {
					errors.add(new FieldError("rules[" + i + "].code", "is used by an earlier rule"));
				}
				rules.add(rule);
			}
		}
		if (!errors.isEmpty()) {
			throw new FieldErrorsException(errors);
		}
		return new RuleSet(disease.strip(), List.copyOf(rules), JSON.writeValueAsString(root));
	}

	private static Rule rule(JsonNode node, String at, List<FieldError> errors) {
		if (node == null || !node.isObject()) {
			errors.add(new FieldError(at, "must be an object with code, colour or star, when and reason"));
			return null;
		}
		int before = errors.size();
		String code = text(node.get("code"));
		if (code == null || !CODE.matcher(code).matches()) {
			errors
				.add(new FieldError(at + ".code", "must be 2–48 capital letters, digits or _, starting with a letter"));
		}
		Colour colour = null;
		String colourText = text(node.get("colour"));
		if (colourText != null) {
			try {
				colour = Colour.valueOf(colourText);
			}
			catch (IllegalArgumentException ex) {
				errors.add(new FieldError(at + ".colour", "must be GREEN, YELLOW or RED"));
			}
		}
		JsonNode starNode = node.get("star");
		if (starNode != null && !starNode.isBoolean()) {
			errors.add(new FieldError(at + ".star", "must be true or false"));
		}
		boolean star = starNode != null && starNode.isBoolean() && starNode.booleanValue();
		if (colourText == null && !star) {
			errors.add(new FieldError(at, "must give a colour or \"star\": true"));
		}
		Condition when = condition(node.get("when"), at + ".when", errors, 0);
		JsonNode reason = node.get("reason");
		String zh = (reason == null) ? null : text(reason.get("zh"));
		String en = (reason == null) ? null : text(reason.get("en"));
		if (zh == null || zh.isBlank() || zh.length() > 200) {
			errors.add(new FieldError(at + ".reason.zh", "is required, at most 200 characters"));
		}
		if (en == null || en.isBlank() || en.length() > 200) {
			errors.add(new FieldError(at + ".reason.en", "is required, at most 200 characters"));
		}
		for (String sentence : new String[] { zh, en }) {
			if (sentence != null) {
				var m = Pattern.compile("\\{([^}]*)}").matcher(sentence);
				while (m.find()) {
					if (Fact.byKey(m.group(1)).isEmpty()) {
						errors.add(new FieldError(at + ".reason", "names an unknown fact {" + m.group(1) + "}"));
					}
				}
			}
		}
		if (errors.size() > before) {
			return null;
		}
		return new Rule(code, colour, star, when, new Reason(code, zh.strip(), en.strip()));
	}

	private static Condition condition(JsonNode node, String at, List<FieldError> errors, int depth) {
		if (node == null || !node.isObject()) {
			errors.add(new FieldError(at, "must be a condition object"));
			return null;
		}
		if (depth > MAX_DEPTH) {
			errors.add(new FieldError(at, "nests deeper than " + MAX_DEPTH));
			return null;
		}
		for (String group : new String[] { "all", "any" }) {
			if (node.has(group)) {
				JsonNode parts = node.get(group);
				if (!parts.isArray() || parts.isEmpty()) {
					errors.add(new FieldError(at + "." + group, "must be a non-empty array of conditions"));
					return null;
				}
				List<Condition> list = new ArrayList<>();
				for (int i = 0; i < parts.size(); i++) {
					list.add(condition(parts.get(i), at + "." + group + "[" + i + "]", errors, depth + 1));
				}
				return new Group(group.equals("all"), list);
			}
		}
		if (node.has("not")) {
			return new Not(condition(node.get("not"), at + ".not", errors, depth + 1));
		}
		String key = text(node.get("fact"));
		Fact fact = (key == null) ? null : Fact.byKey(key).orElse(null);
		if (fact == null) {
			errors.add(new FieldError(at + ".fact", (key == null) ? "is required (or all, any, not)"
					: "is not a known fact: " + key + " (known: " + knownFacts() + ")"));
			return null;
		}
		if (node.has("in")) {
			JsonNode values = node.get("in");
			if (fact.type() != Fact.Type.ENUM) {
				errors.add(new FieldError(at + ".in", "applies to enumerated facts only, not " + key));
				return null;
			}
			if (!values.isArray() || values.isEmpty()) {
				errors.add(new FieldError(at + ".in", "must be a non-empty array"));
				return null;
			}
			List<String> list = new ArrayList<>();
			for (int i = 0; i < values.size(); i++) {
				String value = text(values.get(i));
				if (value == null || !fact.allowed().contains(value)) {
					errors.add(new FieldError(at + ".in[" + i + "]",
							"must be one of " + String.join(", ", fact.allowed())));
				}
				list.add(value);
			}
			return new In(fact, list);
		}
		if (node.has("set")) {
			if (!node.get("set").isBoolean()) {
				errors.add(new FieldError(at + ".set", "must be true or false"));
				return null;
			}
			return new IsSet(fact, node.get("set").booleanValue());
		}
		for (String unit : new String[] { "withinHours", "withinDays" }) {
			if (node.has(unit)) {
				JsonNode n = node.get(unit);
				if (fact.type() != Fact.Type.TIME) {
					errors.add(new FieldError(at + "." + unit, "applies to times only, not " + key));
					return null;
				}
				if (!n.canConvertToInt() || !n.isIntegralNumber() || n.intValue() < 1 || n.intValue() > 3660) {
					errors.add(new FieldError(at + "." + unit, "must be a whole number from 1 to 3660"));
					return null;
				}
				return new Within(fact, unit.equals("withinDays") ? n.intValue() * 24 : n.intValue());
			}
		}
		if (node.has("after")) {
			Fact other = Fact.byKey(String.valueOf(text(node.get("after")))).orElse(null);
			if (fact.type() != Fact.Type.TIME || other == null || other.type() != Fact.Type.TIME) {
				errors.add(new FieldError(at + ".after", "must compare two time facts"));
				return null;
			}
			return new After(fact, other);
		}
		if (node.has("atLeast")) {
			JsonNode n = node.get("atLeast");
			if (fact.type() != Fact.Type.NUMBER || !n.isIntegralNumber() || !n.canConvertToInt()) {
				errors.add(new FieldError(at + ".atLeast", "compares a number fact with a whole number"));
				return null;
			}
			return new AtLeast(fact, n.intValue());
		}
		errors.add(new FieldError(at, "needs one of in, set, withinHours, withinDays, after, atLeast"));
		return null;
	}

	private static String knownFacts() {
		StringJoiner joiner = new StringJoiner(", ");
		for (Fact fact : Fact.values()) {
			joiner.add(fact.key());
		}
		return joiner.toString();
	}

	private static String text(JsonNode node) {
		return (node == null || !node.isString()) ? null : node.asString();
	}

	/**
	 * @return the disease the rules are for
	 */
	public String disease() {
		return this.disease;
	}

	/**
	 * @return the rules, in their order
	 */
	public List<Rule> rules() {
		return this.rules;
	}

	/**
	 * @return the document, normalised
	 */
	public String json() {
		return this.json;
	}

	/**
	 * The reason sentences by rule code.
	 * @return code to reason, in rule order
	 */
	public Map<String, Reason> reasons() {
		Map<String, Reason> map = new LinkedHashMap<>();
		for (Rule rule : this.rules) {
			map.put(rule.code(), rule.reason());
		}
		return map;
	}

	/**
	 * Whether a person whose only facts are among {@code facts} has, whatever their
	 * values, the status of a person without facts, with no time condition to watch:
	 * every rule is decided by the facts being unset (a rule reading them only next to a
	 * fact that must be set, such as "no negative test after the recall" next to
	 * "recalled within 14 days"), and no "within" condition reads them. With the usual
	 * rules a round's negative results (the test times) change nobody's code unless the
	 * person has other facts: millions of persons the codes need not compute again.
	 * @param facts the facts that may be set
	 * @return {@code true} if such a person needs no computing
	 */
	public boolean indifferentTo(Set<Fact> facts) {
		for (Rule rule : this.rules) {
			if (rule.when().decided(facts) == null || rule.when().timed(facts)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * SQL for the colour rank (0–2) of {@code f}.
	 * @return an expression
	 */
	String colourSql() {
		StringJoiner joiner = new StringJoiner(", ", "GREATEST(0, ", ")");
		for (Rule rule : this.rules) {
			if (rule.colour() != null && rule.colour() != Colour.GREEN) {
				joiner.add("CASE WHEN " + rule.when().sql() + " THEN " + rule.colour().ordinal() + " ELSE 0 END");
			}
		}
		return joiner.toString();
	}

	/**
	 * SQL for the star of {@code f}.
	 * @return a boolean expression, never null
	 */
	String starSql() {
		StringJoiner joiner = new StringJoiner(" OR ", "(", ")");
		joiner.setEmptyValue("FALSE");
		for (Rule rule : this.rules) {
			if (rule.star()) {
				joiner.add(rule.when().sql());
			}
		}
		return joiner.toString();
	}

	/**
	 * SQL for the codes of the rules that apply to {@code f}, in rule order.
	 * @return a {@code text[]} expression
	 */
	String reasonsSql() {
		StringJoiner joiner = new StringJoiner(", ", "array_remove(ARRAY[", "]::text[], NULL)");
		for (Rule rule : this.rules) {
			joiner.add("CASE WHEN " + rule.when().sql() + " THEN '" + rule.code() + "' END");
		}
		return joiner.toString();
	}

	/**
	 * SQL for the next instant at which a time condition flips, if any.
	 * @return a {@code timestamptz} expression, null when none will flip
	 */
	String validUntilSql() {
		List<String> flips = new ArrayList<>();
		for (Rule rule : this.rules) {
			rule.when().flips(flips);
		}
		if (flips.isEmpty()) {
			return "CAST(NULL AS timestamptz)";
		}
		return "LEAST(" + String.join(", ", flips) + ")";
	}

	/**
	 * One rule.
	 *
	 * @param code its code, also the reason's code
	 * @param colour the colour it gives, or {@code null} for a star-only rule
	 * @param star whether it gives the star
	 * @param when when it applies
	 * @param reason its sentence
	 */
	public record Rule(String code, Colour colour, boolean star, Condition when, Reason reason) {
	}

	/** A condition on a person's facts. */
	public sealed interface Condition permits Group, Not, In, IsSet, Within, After, AtLeast {

		/**
		 * SQL that is true or false, never null.
		 * @return the expression
		 */
		String sql();

		/**
		 * Adds the instants at which this condition changes by itself (as time passes).
		 * @param flips SQL expressions, null where there is none
		 */
		default void flips(List<String> flips) {
		}

		/**
		 * Decides the condition for a person whose facts are all unset but perhaps some
		 * of {@code unknown}.
		 * @param unknown facts that may be set, to any value
		 * @return its value whatever those facts are, {@code null} if it depends on them
		 */
		Boolean decided(Set<Fact> unknown);

		/**
		 * Whether a "within" condition reads one of these facts (a time condition to
		 * watch).
		 * @param facts the facts
		 * @return {@code true} if so
		 */
		default boolean timed(Set<Fact> facts) {
			return false;
		}

	}

	record Group(boolean all, List<Condition> parts) implements Condition {

		@Override
		public String sql() {
			StringJoiner joiner = new StringJoiner(this.all ? " AND " : " OR ", "(", ")");
			this.parts.forEach(p -> joiner.add(p.sql()));
			return joiner.toString();
		}

		@Override
		public void flips(List<String> flips) {
			this.parts.forEach(p -> p.flips(flips));
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			// all: one false decides it; any: one true
			boolean open = false;
			for (Condition part : this.parts) {
				Boolean value = part.decided(unknown);
				if (value == null) {
					open = true;
				}
				else if (value != this.all) {
					return !this.all;
				}
			}
			return open ? null : this.all;
		}

		@Override
		public boolean timed(Set<Fact> facts) {
			return this.parts.stream().anyMatch(p -> p.timed(facts));
		}

	}

	record Not(Condition part) implements Condition {

		@Override
		public String sql() {
			return "(NOT " + this.part.sql() + ")";
		}

		@Override
		public void flips(List<String> flips) {
			this.part.flips(flips);
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			Boolean value = this.part.decided(unknown);
			return (value == null) ? null : !value;
		}

		@Override
		public boolean timed(Set<Fact> facts) {
			return this.part.timed(facts);
		}

	}

	record In(Fact fact, List<String> values) implements Condition {

		@Override
		public String sql() {
			StringJoiner joiner = new StringJoiner(", ", "COALESCE(f." + this.fact.column() + " IN (", "), FALSE)");
			// values are checked against the fact's fixed list ([A-Z_]+)
			this.values.forEach(v -> joiner.add("'" + v + "'"));
			return joiner.toString();
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			return unknown.contains(this.fact) ? null : Boolean.FALSE;
		}

	}

	record IsSet(Fact fact, boolean set) implements Condition {

		@Override
		public String sql() {
			return "(f." + this.fact.column() + (this.set ? " IS NOT NULL)" : " IS NULL)");
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			return unknown.contains(this.fact) ? null : !this.set;
		}

	}

	record Within(Fact fact, int hours) implements Condition {

		@Override
		public String sql() {
			return "COALESCE(f." + this.fact.column() + " > p.now - INTERVAL '" + this.hours + " hours', FALSE)";
		}

		@Override
		public void flips(List<String> flips) {
			flips.add("CASE WHEN f." + this.fact.column() + " > p.now - INTERVAL '" + this.hours + " hours' THEN f."
					+ this.fact.column() + " + INTERVAL '" + this.hours + " hours' END");
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			return unknown.contains(this.fact) ? null : Boolean.FALSE;
		}

		@Override
		public boolean timed(Set<Fact> facts) {
			return facts.contains(this.fact);
		}

	}

	record After(Fact fact, Fact other) implements Condition {

		@Override
		public String sql() {
			return "COALESCE(f." + this.fact.column() + " > f." + this.other.column() + ", FALSE)";
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			// false as soon as either is unset
			return (unknown.contains(this.fact) && unknown.contains(this.other)) ? null : Boolean.FALSE;
		}

	}

	record AtLeast(Fact fact, int value) implements Condition {

		@Override
		public String sql() {
			return "COALESCE(f." + this.fact.column() + " >= " + this.value + ", FALSE)";
		}

		@Override
		public Boolean decided(Set<Fact> unknown) {
			return unknown.contains(this.fact) ? null : Boolean.FALSE;
		}

	}

}
