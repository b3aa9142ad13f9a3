package org.epigrid.testing.internal.lab;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import org.epigrid.testing.TubeOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Observation.ObservationComponentComponent;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Reads lab results from an HL7 FHIR R4 Bundle ({@code application/fhir+json}) of
 * DiagnosticReport, Observation, Specimen and Organization resources, parsed with the
 * HAPI FHIR R4 structures.
 * <p>
 * <b>What is accepted.</b> A Bundle of type {@code transaction}, {@code batch},
 * {@code collection} or {@code message} (a message's MessageHeader is skipped), at most
 * {@value #MAX_ENTRIES} entries. The tube barcode is the Specimen's first
 * {@code identifier} with a value (else its {@code accessionIdentifier}); an Observation
 * finds its Specimen through {@code Observation.specimen}, else through the one specimen
 * of the DiagnosticReport that lists it in {@code result}. References are resolved by the
 * entries' {@code fullUrl} ({@code urn:uuid:…}), by {@code Type/id} (also as the end of
 * an absolute URL), to contained resources ({@code #id}), and a reference that carries
 * only an {@code identifier} names the tube (or, for a performer, the lab) directly.
 * <p>
 * The result is the Observation's {@code valueCodeableConcept}: SNOMED CT 260385009
 * Negative, 10828004 Positive, 455371000124106 Invalid result, 260415000 Not detected,
 * 260373001 Detected, 419984006 Inconclusive (resampled as invalid); LOINC answers
 * LA6577-6 Negative, LA6576-8 Positive, LA11883-8 Not detected, LA11882-0 Detected. With
 * no such code, the concept's text or codings' display (or a {@code valueString}) is read
 * as a word ({@link LabValues#outcomeOfWord}). Ct values come from components or from
 * Observations with a {@code valueQuantity} whose code is a LOINC Ct code (94312-6,
 * 94313-4, 94642-6, 96764-6), says "Ct" or "cycle threshold", or whose unit is
 * {@code {Ct_value}} / {@code {Ct}} / {@code Ct}; with several (one per gene) the lowest
 * is kept. The lab is the Observation's, else the DiagnosticReport's performer
 * Organization (name, else identifier, else the reference's display); the time is the
 * report's {@code issued}, else its {@code effective[x]}, else the Observation's
 * {@code effective[x]}, else its {@code issued} (a date alone is midnight in
 * Asia/Shanghai).
 * <p>
 * <b>What is rejected.</b> Each entry that cannot be used becomes a {@link LabRejection}
 * naming the field ({@code Observation/obs1.valueCodeableConcept},
 * {@code Bundle.entry[2].resource} for a resource without id) and keeping the entry's
 * JSON; the rest of the Bundle is still read. Two results for one tube that disagree
 * reject each of them. A body that is not JSON, not a Bundle, of another FHIR version
 * (STU3, DSTU2 and R5 are recognised by elements R4 does not have) or over the entry
 * limit is one rejection with field {@code Bundle} (or {@code Bundle.type},
 * {@code Bundle.entry}) and nothing is read. Unknown elements and invalid values reject
 * their entry: a result read only in part is not applied. Nothing throws.
 * <p>
 * The lookup of tubes (unknown tube, a result differing from one already recorded) is not
 * done here. Thread-safe; the HAPI context is built on first use (it takes seconds) and
 * shared.
 */
@Component
public class FhirBundleReader {

	/** The most entries one Bundle may hold. */
	public static final int MAX_ENTRIES = 10_000;

	static final ZoneId LAB_ZONE = ZoneId.of("Asia/Shanghai");

	static final String SNOMED = "http://snomed.info/sct";

	static final String LOINC = "http://loinc.org";

	private static final Map<String, TubeOutcome> SNOMED_RESULTS = Map.of("260385009", TubeOutcome.NEGATIVE,
			"260415000", TubeOutcome.NEGATIVE, "10828004", TubeOutcome.POSITIVE, "260373001", TubeOutcome.POSITIVE,
			"455371000124106", TubeOutcome.INVALID, "419984006", TubeOutcome.INVALID);

	private static final Map<String, TubeOutcome> LOINC_RESULTS = Map.of("LA6577-6", TubeOutcome.NEGATIVE, "LA11883-8",
			TubeOutcome.NEGATIVE, "LA6576-8", TubeOutcome.POSITIVE, "LA11882-0", TubeOutcome.POSITIVE);

	/** SARS-CoV-2 [Cycle Threshold #] codes: N2, N3, S gene, E gene. */
	private static final Set<String> LOINC_CT = Set.of("94312-6", "94313-4", "94642-6", "96764-6");

	private static final Set<String> CT_UNITS = Set.of("{ct_value}", "{ct}", "ct", "{ctvalue}");

	private static final Pattern CT_WORDS = Pattern.compile("(?i)(^|[^a-z])(ct|cycle threshold|threshnum)([^a-z]|$)");

	private static final Set<String> BUNDLE_TYPES = Set.of("transaction", "batch", "collection", "message");

	private static final Set<String> ALLOWED = Set.of("DiagnosticReport", "Observation", "Specimen", "Organization");

	private static final String ALLOWED_TEXT = "expected DiagnosticReport, Observation, Specimen or Organization";

	/** Elements of an R4 Bundle and of its entries. */
	private static final Set<String> BUNDLE_ELEMENTS = Set.of("resourceType", "id", "meta", "implicitRules", "language",
			"identifier", "type", "timestamp", "total", "link", "entry", "signature");

	private static final Set<String> ENTRY_ELEMENTS = Set.of("id", "extension", "modifierExtension", "link", "fullUrl",
			"resource", "search", "request", "response");

	private static final Set<String> FINAL_STATUSES = Set.of("final", "amended", "corrected", "appended");

	private static final int MAX_ISSUES_NAMED = 3;

	private static final JsonMapper JSON = JsonMapper.builder()
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	private volatile FhirContext context;

	/**
	 * Reads a Bundle.
	 * @param body the request body, as received
	 * @return the results and rejections; never throws
	 */
	public ParsedResults read(byte[] body) {
		if (body == null || body.length == 0) {
			return ParsedResults.refused(new LabRejection(null, "Bundle", "empty body: expected a FHIR R4 Bundle", ""),
					0);
		}
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return ParsedResults.refused(
					new LabRejection(null, "Bundle", "not JSON: " + firstLine(ex.getOriginalMessage()), rawOf(body)),
					0);
		}
		LabRejection refusal = bundleProblem(root, body);
		if (refusal != null) {
			return ParsedResults.refused(refusal, root.path("entry").isArray() ? root.path("entry").size() : 0);
		}
		JsonNode entries = root.path("entry");
		if (entries.isMissingNode() || entries.isNull()) {
			return new ParsedResults(List.of(), List.of(), 0);
		}
		return new Reading(root.path("type").asString(), entries).read();
	}

	private LabRejection bundleProblem(JsonNode root, byte[] body) {
		if (!root.isObject()) {
			return new LabRejection(null, "Bundle",
					"not a FHIR resource: expected a JSON object with resourceType Bundle", rawOf(body));
		}
		JsonNode type = root.get("resourceType");
		if (type == null || !type.isString()) {
			return new LabRejection(null, "Bundle.resourceType",
					"not a FHIR resource: no resourceType (expected \"Bundle\")", rawOf(body));
		}
		if (!type.stringValue().equals("Bundle")) {
			return new LabRejection(null, "Bundle.resourceType",
					"resourceType is '" + type.stringValue() + "': expected a Bundle", rawOf(body));
		}
		for (String name : root.propertyNames()) {
			if (!BUNDLE_ELEMENTS.contains(name) && !name.startsWith("_")) {
				return new LabRejection(null, "Bundle." + name,
						"unknown element '" + name + "' in Bundle: not a FHIR R4 Bundle" + (name.equals("base")
								? " (it looks like DSTU2)" : name.equals("issues") ? " (it looks like R5)" : ""),
						rawOf(body));
			}
		}
		JsonNode bundleType = root.get("type");
		if (bundleType == null || !bundleType.isString()) {
			return new LabRejection(null, "Bundle.type",
					"missing Bundle.type: expected transaction, batch, collection or message", rawOf(body));
		}
		if (!BUNDLE_TYPES.contains(bundleType.stringValue())) {
			return new LabRejection(null, "Bundle.type", "Bundle.type '" + bundleType.stringValue()
					+ "' is not accepted: expected transaction, batch, collection or message", rawOf(body));
		}
		JsonNode entries = root.path("entry");
		if (!entries.isMissingNode() && !entries.isNull() && !entries.isArray()) {
			return new LabRejection(null, "Bundle.entry", "Bundle.entry is not a list", rawOf(body));
		}
		if (entries.size() > MAX_ENTRIES) {
			return new LabRejection(null, "Bundle.entry", "the Bundle holds " + entries.size() + " entries: at most "
					+ MAX_ENTRIES + " are accepted in one Bundle; split it", "");
		}
		for (int i = 0; i < entries.size(); i++) {
			String version = VersionHint.of(entries.get(i).path("resource"));
			if (version != null) {
				return new LabRejection(null, "Bundle",
						"this is not FHIR R4: Bundle.entry[" + i + "].resource " + version + "; send FHIR R4 (4.0.1)",
						rawOf(body));
			}
		}
		return null;
	}

	FhirContext context() {
		FhirContext built = this.context;
		if (built == null) {
			synchronized (this) {
				built = this.context;
				if (built == null) {
					built = FhirContext.forR4();
					this.context = built;
				}
			}
		}
		return built;
	}

	private static String rawOf(byte[] body) {
		return LabValues.truncate(new String(body, 0, Math.min(body.length, LabValues.MAX_RAW_BYTES + 4),
				java.nio.charset.StandardCharsets.UTF_8));
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "unreadable";
		}
		int end = message.indexOf('\n');
		return (end < 0) ? message : message.substring(0, end);
	}

	/** Elements that R4 does not have, by the version that has them. */
	private static final class VersionHint {

		private static final Map<String, Map<String, String>> MARKERS = Map.of("DiagnosticReport",
				Map.of("codedDiagnosis", "STU3", "context", "STU3", "image", "STU3", "request", "DSTU2", "imagingStudy",
						"STU3", "study", "R5", "supportingInfo", "R5", "note", "R5", "composition", "R5"),
				"Observation",
				Map.of("comment", "STU3", "comments", "DSTU2", "context", "STU3", "related", "STU3", "triggeredBy",
						"R5", "instantiatesCanonical", "R5", "instantiatesReference", "R5", "bodyStructure", "R5"),
				"Specimen", Map.of("combined", "R5", "role", "R5", "feature", "R5"));

		static String of(JsonNode resource) {
			if (!resource.isObject()) {
				return null;
			}
			String type = resource.path("resourceType").asString("");
			Map<String, String> markers = MARKERS.getOrDefault(type, Map.of());
			for (String name : resource.propertyNames()) {
				String version = markers.get(name);
				if (version != null) {
					return "(" + type + ") has '" + name + "', which is FHIR " + version + "'s";
				}
			}
			if (type.equals("DiagnosticReport")) {
				for (JsonNode performer : resource.path("performer")) {
					if (performer.has("actor")) {
						return "(DiagnosticReport) has performer.actor, which is FHIR STU3's";
					}
				}
				if (resource.path("performer").isObject()) {
					return "(DiagnosticReport) has a single performer, which is FHIR DSTU2's";
				}
			}
			return null;
		}

	}

	/** One Bundle being read. */
	private final class Reading {

		private final boolean message;

		private final JsonNode entries;

		private final List<LabRejection> rejections = new ArrayList<>();

		private final List<Entry> parsed = new ArrayList<>();

		private final Map<String, Entry> byUrl = new HashMap<>();

		private final Map<String, Entry> byTypeAndId = new HashMap<>();

		/** Specimens read: the barcode, or null when the Specimen was rejected. */
		private final Map<Resource, String> barcodes = new IdentityHashMap<>();

		/** Observation -> the DiagnosticReport listing it. */
		private final Map<Resource, Entry> reportOf = new IdentityHashMap<>();

		/** Specimens an Observation refers to. */
		private final Set<Resource> observed = Collections.newSetFromMap(new IdentityHashMap<>());

		private final Map<String, List<Finding>> findings = new LinkedHashMap<>();

		private final Map<String, List<CtFinding>> cts = new LinkedHashMap<>();

		Reading(String type, JsonNode entries) {
			this.message = type.equals("message");
			this.entries = entries;
		}

		ParsedResults read() {
			IParser parser = context().newJsonParser();
			for (int i = 0; i < this.entries.size(); i++) {
				parseEntry(parser, i, this.entries.get(i));
			}
			for (Entry entry : this.parsed) {
				if (entry.resource instanceof Specimen specimen) {
					readSpecimen(entry, specimen);
				}
			}
			for (Entry entry : this.parsed) {
				if (entry.resource instanceof DiagnosticReport report) {
					readReport(entry, report);
				}
			}
			for (Entry entry : this.parsed) {
				if (entry.resource instanceof Observation observation) {
					readObservation(entry, observation);
				}
			}
			List<LabResult> results = results();
			for (Entry entry : this.parsed) {
				if (entry.resource instanceof Specimen specimen && this.barcodes.get(specimen) != null
						&& !this.observed.contains(specimen)) {
					reject(this.barcodes.get(specimen), entry.label, "missing result for tube "
							+ this.barcodes.get(specimen) + ": no Observation refers to this Specimen", entry.raw);
				}
			}
			return new ParsedResults(results, this.rejections, this.entries.size());
		}

		private void parseEntry(IParser parser, int index, JsonNode node) {
			String path = "Bundle.entry[" + index + "]";
			String raw = LabValues.truncate(node.toString());
			if (!node.isObject()) {
				reject(null, path, "an entry must be a JSON object", raw);
				return;
			}
			for (String name : node.propertyNames()) {
				if (!ENTRY_ELEMENTS.contains(name) && !name.startsWith("_")) {
					reject(null, path + "." + name, "unknown element '" + name + "' in a Bundle entry", raw);
					return;
				}
			}
			String method = node.path("request").path("method").asString("");
			if (!method.isEmpty() && !method.equals("POST") && !method.equals("PUT")) {
				reject(null, path + ".request.method",
						"request method " + method + " is not accepted: results are sent with POST or PUT", raw);
				return;
			}
			JsonNode resource = node.get("resource");
			if (resource == null || !resource.isObject()) {
				reject(null, path + ".resource", "missing resource", raw);
				return;
			}
			String type = resource.path("resourceType").asString("");
			if (type.isEmpty()) {
				reject(null, path + ".resource.resourceType", "missing resourceType", raw);
				return;
			}
			if (this.message && type.equals("MessageHeader")) {
				return;
			}
			if (!ALLOWED.contains(type)) {
				reject(null, path + ".resource", type + " is not allowed here: " + ALLOWED_TEXT, raw);
				return;
			}
			String id = resource.path("id").asString("");
			String label = id.isEmpty() ? path + ".resource" : type + "/" + id;
			Issues issues = new Issues();
			IBaseResource base;
			try {
				parser.setParserErrorHandler(issues);
				base = parser.parseResource(resource.toString());
			}
			catch (RuntimeException ex) {
				reject(null, label, "not a valid FHIR R4 " + type + ": " + firstLine(ex.getMessage()), raw);
				return;
			}
			if (!issues.found.isEmpty()) {
				reject(null, label, "not a valid FHIR R4 " + type + ": " + issues.describe(), raw);
				return;
			}
			Entry entry = new Entry(index, label, raw, (Resource) base);
			// a reference to a fullUrl or id that two entries share would be a guess
			String fullUrl = node.path("fullUrl").asString("");
			Entry sameUrl = fullUrl.isEmpty() ? null : this.byUrl.get(fullUrl);
			if (sameUrl != null) {
				reject(null, path + ".fullUrl",
						"fullUrl " + fullUrl + " is already used by Bundle.entry[" + sameUrl.index + "]", raw);
				return;
			}
			Entry sameId = id.isEmpty() ? null : this.byTypeAndId.get(type + "/" + id);
			if (sameId != null) {
				reject(null, path + ".resource.id", label + " is already used by Bundle.entry[" + sameId.index + "]",
						raw);
				return;
			}
			this.parsed.add(entry);
			if (!fullUrl.isEmpty()) {
				this.byUrl.put(fullUrl, entry);
			}
			if (!id.isEmpty()) {
				this.byTypeAndId.put(type + "/" + id, entry);
			}
		}

		private void readSpecimen(Entry entry, Specimen specimen) {
			String value = null;
			String field = entry.label + ".identifier";
			for (Identifier identifier : specimen.getIdentifier()) {
				if (identifier.hasValue() && !identifier.getValue().isBlank()) {
					value = identifier.getValue();
					break;
				}
			}
			if (value == null && specimen.hasAccessionIdentifier() && specimen.getAccessionIdentifier().hasValue()) {
				value = specimen.getAccessionIdentifier().getValue();
				field = entry.label + ".accessionIdentifier";
			}
			String barcode = (value != null) ? value.strip() : "";
			String problem = LabValues.barcodeProblem(barcode);
			if (problem != null) {
				reject(barcode.isEmpty() ? null : barcode, field, problem, entry.raw);
				this.barcodes.put(specimen, null);
				return;
			}
			this.barcodes.put(specimen, barcode);
		}

		private void readReport(Entry entry, DiagnosticReport report) {
			if (!report.hasStatus()) {
				reject(null, entry.label + ".status", "missing status: expected final, amended or corrected",
						entry.raw);
				entry.rejected = true;
				return;
			}
			String status = report.getStatus().toCode();
			if (!FINAL_STATUSES.contains(status)) {
				reject(null, entry.label + ".status",
						"status '" + status + "' is not a final result: expected final, amended or corrected",
						entry.raw);
				entry.rejected = true;
				return;
			}
			if (!report.hasResult()) {
				reject(null, entry.label + ".result", "missing result: the report lists no Observation", entry.raw);
				entry.rejected = true;
				return;
			}
			for (int i = 0; i < report.getResult().size(); i++) {
				Reference reference = report.getResult().get(i);
				Resolved resolved = resolve(reference);
				if (resolved.target == null || !(resolved.target.resource instanceof Observation)) {
					reject(null, entry.label + ".result[" + i + "]", resolved.describeMissing("an Observation"),
							entry.raw);
					continue;
				}
				this.reportOf.putIfAbsent(resolved.target.resource, entry);
			}
		}

		private void readObservation(Entry entry, Observation observation) {
			Entry report = this.reportOf.get(observation);
			// the tube first, so that every rejection names it when it is known
			Tube tube = tubeOf(entry, observation, report);
			if (report != null && report.rejected) {
				reject(tube.barcode, entry.label, "its report " + report.label + " was rejected", entry.raw);
				return;
			}
			if (!observation.hasStatus()) {
				reject(tube.barcode, entry.label + ".status", "missing status: expected final, amended or corrected",
						entry.raw);
				return;
			}
			String status = observation.getStatus().toCode();
			if (!FINAL_STATUSES.contains(status)) {
				reject(tube.barcode, entry.label + ".status",
						"status '" + status + "' is not a final result: expected final, amended or corrected",
						entry.raw);
				return;
			}
			if (!observation.hasValue() && observation.hasHasMember() && !observation.hasComponent()) {
				// a panel grouping other Observations: they carry the results
				return;
			}
			boolean ctObservation = observation.hasValue() && observation.getValue() instanceof Quantity
					&& isCt(observation.getCode(), (Quantity) observation.getValue());
			// a missing result is named first, with the tube when it is known
			Outcome outcome = ctObservation ? null : outcomeOf(entry, observation);
			if (!ctObservation && outcome.rejection != null) {
				LabRejection rejection = outcome.rejection;
				reject(tube.barcode, rejection.field(), rejection.reason(), rejection.raw());
				return;
			}
			List<BigDecimal> ctValues = new ArrayList<>();
			if (ctObservation) {
				ctValues.add(((Quantity) observation.getValue()).getValue());
			}
			for (int i = 0; i < observation.getComponent().size(); i++) {
				ObservationComponentComponent component = observation.getComponent().get(i);
				if (component.getValue() instanceof Quantity quantity && isCt(component.getCode(), quantity)) {
					if (!quantity.hasValue()) {
						reject(tube.barcode, entry.label + ".component[" + i + "].valueQuantity",
								"Ct component without a value", entry.raw);
						return;
					}
					ctValues.add(quantity.getValue());
				}
			}
			for (BigDecimal ct : ctValues) {
				String problem = (ct != null) ? LabValues.ctProblem(ct) : "Ct Observation without a value";
				if (problem != null) {
					reject(tube.barcode, entry.label + (ctObservation ? ".valueQuantity" : ".component"), problem,
							entry.raw);
					return;
				}
			}
			if (tube.rejection != null) {
				this.rejections.add(tube.rejection);
				return;
			}
			if (ctObservation) {
				this.cts.computeIfAbsent(tube.barcode, (key) -> new ArrayList<>())
					.add(new CtFinding(entry, ctValues.get(0)));
				return;
			}
			String lab = labOf(observation.getPerformer());
			if (lab == null && report != null) {
				lab = labOf(((DiagnosticReport) report.resource).getPerformer());
			}
			if (lab == null) {
				reject(tube.barcode, entry.label + ".performer", "no lab: neither the Observation's nor "
						+ "its DiagnosticReport's performer names an Organization", entry.raw);
				return;
			}
			Timing time = timeOf(entry, observation, report);
			if (time.problem != null) {
				reject(tube.barcode, time.field, time.problem, entry.raw);
				return;
			}
			this.findings.computeIfAbsent(tube.barcode, (key) -> new ArrayList<>())
				.add(new Finding(entry, outcome.outcome, ctValues, lab, time.at));
		}

		private Outcome outcomeOf(Entry entry, Observation observation) {
			String field = entry.label + ".valueCodeableConcept";
			if (!observation.hasValue()) {
				String reason = "missing result";
				if (observation.hasDataAbsentReason()) {
					reason += " (dataAbsentReason: " + conceptText(observation.getDataAbsentReason()) + ")";
				}
				return Outcome.rejected(new LabRejection(null, field, reason + ": expected " + expected(), entry.raw));
			}
			Type value = observation.getValue();
			if (value instanceof StringType text) {
				TubeOutcome outcome = LabValues.outcomeOfWord(text.getValue());
				return (outcome != null) ? Outcome.of(outcome)
						: Outcome.rejected(new LabRejection(null, entry.label + ".valueString",
								"unrecognised result '" + text.getValue() + "': expected " + LabValues.WORDS_EXPECTED,
								entry.raw));
			}
			if (!(value instanceof CodeableConcept concept)) {
				String kind = value.fhirType();
				return Outcome.rejected(new LabRejection(null,
						entry.label + ".value" + Character.toUpperCase(kind.charAt(0)) + kind.substring(1),
						"a " + kind + " is no result (and no Ct value: its code does not say Ct): expected "
								+ "valueCodeableConcept " + expected(),
						entry.raw));
			}
			TubeOutcome coded = null;
			for (Coding coding : concept.getCoding()) {
				TubeOutcome found = codedOutcome(coding);
				if (found != null) {
					if (coded != null && coded != found) {
						return Outcome.rejected(new LabRejection(null, field,
								"the codings disagree: " + coded + " and " + found, entry.raw));
					}
					coded = found;
				}
			}
			if (coded != null) {
				return Outcome.of(coded);
			}
			TubeOutcome worded = LabValues.outcomeOfWord(concept.getText());
			for (Coding coding : concept.getCoding()) {
				if (worded == null) {
					worded = LabValues.outcomeOfWord(coding.getDisplay());
				}
			}
			if (worded != null) {
				return Outcome.of(worded);
			}
			String shown = conceptText(concept);
			return Outcome.rejected(new LabRejection(null, field,
					(shown.isEmpty() ? "missing result" : "unrecognised result " + shown) + ": expected " + expected(),
					entry.raw));
		}

		private static String expected() {
			return "SNOMED CT 260385009 Negative, 10828004 Positive or 455371000124106 Invalid result "
					+ "(or LOINC LA6577-6, LA6576-8, or the text " + LabValues.WORDS_EXPECTED + ")";
		}

		private static TubeOutcome codedOutcome(Coding coding) {
			if (!coding.hasCode()) {
				return null;
			}
			String system = coding.hasSystem() ? coding.getSystem() : "";
			if (system.equals(SNOMED)) {
				return SNOMED_RESULTS.get(coding.getCode().strip());
			}
			if (system.equals(LOINC)) {
				return LOINC_RESULTS.get(coding.getCode().strip());
			}
			return null;
		}

		private static boolean isCt(CodeableConcept code, Quantity quantity) {
			String unit = (quantity.hasCode() ? quantity.getCode() : quantity.hasUnit() ? quantity.getUnit() : "")
				.strip()
				.toLowerCase(Locale.ROOT);
			if (CT_UNITS.contains(unit)) {
				return true;
			}
			if (code == null) {
				return false;
			}
			if (code.hasText() && CT_WORDS.matcher(code.getText()).find()) {
				return true;
			}
			for (Coding coding : code.getCoding()) {
				if (LOINC.equals(coding.getSystem()) && LOINC_CT.contains(coding.getCode())) {
					return true;
				}
				if ((coding.hasDisplay() && CT_WORDS.matcher(coding.getDisplay()).find())
						|| (coding.hasCode() && CT_WORDS.matcher(coding.getCode()).matches())) {
					return true;
				}
			}
			return false;
		}

		private Tube tubeOf(Entry entry, Observation observation, Entry report) {
			Reference reference = null;
			String field = entry.label + ".specimen";
			if (observation.hasSpecimen()) {
				reference = observation.getSpecimen();
			}
			else if (report != null) {
				DiagnosticReport diagnostic = (DiagnosticReport) report.resource;
				if (diagnostic.getSpecimen().size() == 1) {
					reference = diagnostic.getSpecimen().get(0);
					field = report.label + ".specimen[0]";
				}
				else if (diagnostic.getSpecimen().size() > 1) {
					return Tube
						.rejected(new LabRejection(null, field, "no specimen: the Observation names none and its "
								+ "report " + report.label + " names several", entry.raw));
				}
			}
			if (reference == null) {
				return Tube.rejected(new LabRejection(null, field,
						"no specimen: the tube barcode comes from the Specimen that Observation.specimen or "
								+ "its DiagnosticReport.specimen refers to",
						entry.raw));
			}
			Resolved resolved = resolve(reference);
			if (resolved.target == null && reference.hasIdentifier() && reference.getIdentifier().hasValue()) {
				// a logical reference: the identifier is the barcode
				String barcode = reference.getIdentifier().getValue().strip();
				String problem = LabValues.barcodeProblem(barcode);
				return (problem == null) ? Tube.of(barcode)
						: Tube.rejected(new LabRejection(barcode.isEmpty() ? null : barcode, field + ".identifier",
								problem, entry.raw));
			}
			if (resolved.target == null || !(resolved.target.resource instanceof Specimen specimen)) {
				return Tube.rejected(new LabRejection(null, field, resolved.describeMissing("a Specimen"), entry.raw));
			}
			this.observed.add(specimen);
			if (!this.barcodes.containsKey(specimen)) {
				// contained in the Observation: read it now
				readSpecimen(new Entry(entry.index, entry.label + ".contained", entry.raw, specimen), specimen);
			}
			String barcode = this.barcodes.get(specimen);
			if (barcode == null) {
				return Tube.rejected(new LabRejection(null, field,
						"its Specimen " + resolved.target.label + " was rejected (no usable tube barcode)", entry.raw));
			}
			return Tube.of(barcode);
		}

		private String labOf(List<Reference> performers) {
			for (Reference reference : performers) {
				Resolved resolved = resolve(reference);
				if (resolved.target != null && resolved.target.resource instanceof Organization organization) {
					if (organization.hasName() && !organization.getName().isBlank()) {
						return organization.getName().strip();
					}
					for (Identifier identifier : organization.getIdentifier()) {
						if (identifier.hasValue() && !identifier.getValue().isBlank()) {
							return identifier.getValue().strip();
						}
					}
				}
				boolean organizationReference = !reference.hasReference()
						|| reference.getReference().contains("Organization/")
						|| "Organization".equals(reference.getType());
				if (resolved.target == null && organizationReference) {
					if (reference.hasDisplay() && !reference.getDisplay().isBlank()) {
						return reference.getDisplay().strip();
					}
					if (reference.hasIdentifier() && reference.getIdentifier().hasValue()) {
						return reference.getIdentifier().getValue().strip();
					}
				}
			}
			return null;
		}

		private Timing timeOf(Entry entry, Observation observation, Entry report) {
			List<Candidate> candidates = new ArrayList<>();
			if (report != null) {
				DiagnosticReport diagnostic = (DiagnosticReport) report.resource;
				if (diagnostic.hasIssuedElement()) {
					candidates.add(new Candidate(report.label + ".issued", diagnostic.getIssuedElement()));
				}
				if (diagnostic.hasEffective()) {
					candidates.add(new Candidate(report.label + ".effective", diagnostic.getEffective()));
				}
			}
			if (observation.hasEffective()) {
				candidates.add(new Candidate(entry.label + ".effective", observation.getEffective()));
			}
			if (observation.hasIssuedElement()) {
				candidates.add(new Candidate(entry.label + ".issued", observation.getIssuedElement()));
			}
			if (candidates.isEmpty()) {
				return new Timing(entry.label + ".effective", null, "no time: expected DiagnosticReport.issued or "
						+ "effectiveDateTime, or Observation.effectiveDateTime");
			}
			Candidate first = candidates.get(0);
			Type value = (first.value instanceof Period period) ? period.getStartElement() : first.value;
			if (!(value instanceof BaseDateTimeType date) || !date.hasValue()) {
				return new Timing(first.field, null, "no time: a " + first.value.fhirType() + " is no point in time");
			}
			String text = date.getValueAsString();
			try {
				if (text.length() == 10) {
					return new Timing(first.field, LocalDate.parse(text).atStartOfDay(LAB_ZONE).toInstant(), null);
				}
				if (text.length() < 10) {
					return new Timing(first.field, null, "time '" + text + "' is too imprecise: a day at least");
				}
				return new Timing(first.field, OffsetDateTime.parse(text).toInstant(), null);
			}
			catch (DateTimeParseException ex) {
				return new Timing(first.field, null, "time '" + text + "' is not a FHIR dateTime with a time zone");
			}
		}

		private Resolved resolve(Reference reference) {
			if (reference.getResource() instanceof Resource contained) {
				// a contained resource (#id), resolved by the parser
				return new Resolved(reference, new Entry(-1, "#" + contained.getIdPart(), null, contained));
			}
			if (!reference.hasReference()) {
				return new Resolved(reference, null);
			}
			String url = reference.getReference().strip();
			Entry target = this.byUrl.get(url);
			if (target == null) {
				target = this.byTypeAndId.get(url);
			}
			if (target == null) {
				// an absolute URL or a versioned reference: [base/]Type/id[/_history/n]
				String[] parts = url.replaceFirst("/_history/[^/]+$", "").split("/");
				if (parts.length >= 2) {
					target = this.byTypeAndId.get(parts[parts.length - 2] + "/" + parts[parts.length - 1]);
				}
			}
			return new Resolved(reference, target);
		}

		private List<LabResult> results() {
			List<LabResult> results = new ArrayList<>();
			for (Map.Entry<String, List<Finding>> tube : this.findings.entrySet()) {
				String barcode = tube.getKey();
				List<Finding> found = tube.getValue();
				Finding first = found.get(0);
				Finding disagreeing = null;
				for (Finding finding : found) {
					if (finding.outcome != first.outcome) {
						disagreeing = finding;
						break;
					}
				}
				if (disagreeing != null) {
					StringBuilder reason = new StringBuilder(
							"two results for tube " + barcode + " in one bundle disagree:");
					for (Finding finding : found) {
						reason.append(' ')
							.append(finding.outcome)
							.append(" in ")
							.append(finding.entry.label)
							.append(',');
					}
					reason.setLength(reason.length() - 1);
					for (Finding finding : found) {
						reject(barcode, finding.entry.label + ".valueCodeableConcept", reason.toString(),
								finding.entry.raw);
					}
					List<CtFinding> orphaned = this.cts.remove(barcode);
					if (orphaned != null) {
						for (CtFinding ct : orphaned) {
							reject(barcode, ct.entry.label, "its tube " + barcode + " has disagreeing results",
									ct.entry.raw);
						}
					}
					continue;
				}
				BigDecimal ct = null;
				for (Finding finding : found) {
					for (BigDecimal value : finding.cts) {
						ct = lower(ct, value);
					}
				}
				List<CtFinding> separate = this.cts.remove(barcode);
				if (separate != null) {
					for (CtFinding finding : separate) {
						ct = lower(ct, finding.ct);
					}
				}
				results.add(new LabResult(barcode, first.outcome, ct, first.lab, first.at));
			}
			for (Map.Entry<String, List<CtFinding>> orphan : this.cts.entrySet()) {
				for (CtFinding ct : orphan.getValue()) {
					reject(orphan.getKey(), ct.entry.label + ".valueQuantity",
							"Ct value for tube " + orphan.getKey() + " without a result for it in this bundle",
							ct.entry.raw);
				}
			}
			return results;
		}

		private static BigDecimal lower(BigDecimal current, BigDecimal value) {
			return (current == null || value.compareTo(current) < 0) ? value : current;
		}

		private void reject(String barcode, String field, String reason, String raw) {
			this.rejections.add(new LabRejection(barcode, field, reason, raw));
		}

		private static String conceptText(CodeableConcept concept) {
			if (concept.hasText()) {
				return "'" + concept.getText() + "'";
			}
			List<String> codes = new ArrayList<>();
			for (Coding coding : concept.getCoding()) {
				codes.add((coding.hasSystem() ? coding.getSystem() + "|" : "") + coding.getCode()
						+ (coding.hasDisplay() ? " '" + coding.getDisplay() + "'" : ""));
			}
			return String.join(", ", codes);
		}

	}

	/** One parsed entry; a contained resource has index -1 of its own. */
	private static final class Entry {

		final int index;

		final String label;

		final String raw;

		final Resource resource;

		boolean rejected;

		Entry(int index, String label, String raw, Resource resource) {
			this.index = index;
			this.label = label;
			this.raw = raw;
			this.resource = resource;
		}

	}

	private record Resolved(Reference reference, Entry target) {

		String describeMissing(String expected) {
			if (this.target != null) {
				return "refers to " + this.target.label + ": expected " + expected;
			}
			if (!this.reference.hasReference()) {
				return "the reference is empty: expected " + expected;
			}
			return "refers to " + this.reference.getReference() + ", which is not in the Bundle: expected " + expected;
		}

	}

	private record Outcome(TubeOutcome outcome, LabRejection rejection) {

		static Outcome of(TubeOutcome outcome) {
			return new Outcome(outcome, null);
		}

		static Outcome rejected(LabRejection rejection) {
			return new Outcome(null, rejection);
		}

	}

	private record Tube(String barcode, LabRejection rejection) {

		static Tube of(String barcode) {
			return new Tube(barcode, null);
		}

		static Tube rejected(LabRejection rejection) {
			return new Tube(null, rejection);
		}

	}

	private record Candidate(String field, Type value) {
	}

	private record Timing(String field, Instant at, String problem) {
	}

	private record Finding(Entry entry, TubeOutcome outcome, List<BigDecimal> cts, String lab, Instant at) {
	}

	private record CtFinding(Entry entry, BigDecimal ct) {
	}

	/** Collects what the HAPI parser finds wrong instead of logging it. */
	private static final class Issues implements IParserErrorHandler {

		final List<String> found = new ArrayList<>();

		String describe() {
			String named = String.join("; ", this.found.subList(0, Math.min(MAX_ISSUES_NAMED, this.found.size())));
			return (this.found.size() > MAX_ISSUES_NAMED)
					? named + " (and " + (this.found.size() - MAX_ISSUES_NAMED) + " more)" : named;
		}

		private static String where(IParseLocation location) {
			return (location != null && location.getParentElementName() != null)
					? " in " + location.getParentElementName() : "";
		}

		@Override
		public void containedResourceWithNoId(IParseLocation location) {
			this.found.add("a contained resource without id" + where(location));
		}

		@Override
		public void incorrectJsonType(IParseLocation location, String elementName, ValueType expected,
				ScalarType expectedScalar, ValueType found, ScalarType foundScalar) {
			this.found.add(LenientErrorHandler.createIncorrectJsonTypeMessage(elementName, expected, expectedScalar,
					found, foundScalar));
		}

		@Override
		public void invalidValue(IParseLocation location, String value, String error) {
			this.found.add("invalid value '" + value + "'" + where(location) + ": " + error);
		}

		@Override
		public void missingRequiredElement(IParseLocation location, String elementName) {
			this.found.add("missing required element '" + elementName + "'" + where(location));
		}

		@Override
		public void unexpectedRepeatingElement(IParseLocation location, String elementName) {
			this.found.add("'" + elementName + "' repeats but may occur once" + where(location));
		}

		@Override
		public void unknownAttribute(IParseLocation location, String attributeName) {
			this.found.add("unknown attribute '" + attributeName + "'" + where(location));
		}

		@Override
		public void unknownElement(IParseLocation location, String elementName) {
			this.found.add("unknown element '" + elementName + "'" + where(location));
		}

		@Override
		public void unknownReference(IParseLocation location, String reference) {
			// references between entries are resolved by the reader, not the parser
		}

		@Override
		public void invalidInternalReference(IParseLocation location, String reference) {
			this.found.add("reference '" + reference + "' to a contained resource that is not there" + where(location));
		}

		@Override
		public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
			this.found.add("an extension with both a value and nested extensions" + where(location));
		}

	}

}
