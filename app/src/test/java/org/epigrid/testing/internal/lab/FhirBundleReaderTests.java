package org.epigrid.testing.internal.lab;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.epigrid.testing.TubeOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class FhirBundleReaderTests {

	private static final String EXPECTED_RESULT = "expected SNOMED CT 260385009 Negative, 10828004 Positive or "
			+ "455371000124106 Invalid result (or LOINC LA6577-6, LA6576-8, or the text NEGATIVE, POSITIVE or "
			+ "INVALID (阴性, 阳性, 无效))";

	// one context for the class: building it takes seconds
	private static final FhirBundleReader reader = new FhirBundleReader();

	@Test
	void readsATransactionBundleWithANegativeAPositiveWithCtAndAnInvalidTube() throws IOException {
		ParsedResults parsed = readResource("transaction-three-tubes.json");

		assertThat(parsed.rejections()).isEmpty();
		assertThat(parsed.entries()).isEqualTo(11);
		String lab = "Hangzhou Kingmed Testing Laboratory";
		assertThat(parsed.results()).containsExactly(
				new LabResult("T20261207-0001", TubeOutcome.NEGATIVE, null, lab, Instant.parse("2026-12-07T02:02:13Z")),
				// the lower of the ORF1ab component (24.10) and the N gene Observation
				new LabResult("T20261207-0002", TubeOutcome.POSITIVE, new BigDecimal("22.8"), lab,
						Instant.parse("2026-12-07T02:05:00Z")),
				// a date alone is midnight in China; the lab from the performer's display
				new LabResult("T20261207-0003", TubeOutcome.INVALID, null, lab, Instant.parse("2026-12-06T16:00:00Z")));
	}

	@Test
	void rejectsAPatientEntryAndReadsTheRest() throws IOException {
		ParsedResults parsed = readResource("collection-with-patient.json");

		assertThat(parsed.results()).containsExactly(new LabResult("T20261207-0101", TubeOutcome.NEGATIVE, null,
				"LAB-0571-07", Instant.parse("2026-12-07T03:30:00Z")));
		assertThat(parsed.rejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.barcode()).isNull();
			assertThat(rejection.field()).isEqualTo("Bundle.entry[2].resource");
			assertThat(rejection.reason()).isEqualTo(
					"Patient is not allowed here: expected DiagnosticReport, Observation, Specimen or Organization");
			assertThat(rejection.raw()).contains("\"resourceType\":\"Patient\"").contains("张三");
		});
	}

	@Test
	void rejectsAnObservationWithoutResultNamingItsTube() throws IOException {
		ParsedResults parsed = readResource("observation-without-value.json");

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.rejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.barcode()).isEqualTo("NB-7781");
			assertThat(rejection.field()).isEqualTo("Observation/obs7.valueCodeableConcept");
			assertThat(rejection.reason())
				.isEqualTo("missing result (dataAbsentReason: 'Not performed'): " + EXPECTED_RESULT);
			assertThat(rejection.raw()).contains("\"id\":\"obs7\"");
		});
	}

	@Test
	void rejectsBothOfTwoDisagreeingResultsForOneTube() throws IOException {
		ParsedResults parsed = readResource("disagreeing-results.json");

		assertThat(parsed.results()).isEmpty();
		String reason = "two results for tube WZ-000042 in one bundle disagree: NEGATIVE in Observation/run1, "
				+ "POSITIVE in Observation/run2";
		assertThat(parsed.rejections()).extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("WZ-000042", "Observation/run1.valueCodeableConcept", reason),
					tuple("WZ-000042", "Observation/run2.valueCodeableConcept", reason));
		assertThat(parsed.rejections().get(0).raw()).contains("\"id\":\"run1\"");
		assertThat(parsed.rejections().get(1).raw()).contains("\"id\":\"run2\"");
	}

	@Test
	void agreeingResultsForOneTubeMakeOneResult() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Specimen","identifier":[{"value":"T-9"}]}},
				 %s,%s]}
				""".formatted(observation("o1", "urn:uuid:a", "\"valueString\":\"阴性\""),
				observation("o2", "urn:uuid:a", "\"valueCodeableConcept\":{\"text\":\"negative\"}"));

		ParsedResults parsed = reader.read(bundle.getBytes(StandardCharsets.UTF_8));

		assertThat(parsed.rejections()).isEmpty();
		assertThat(parsed.results()).containsExactly(
				new LabResult("T-9", TubeOutcome.NEGATIVE, null, "Lab 1", Instant.parse("2026-12-07T00:00:00Z")));
	}

	@Test
	void rejectsATubeWithoutResultAndAReportWithoutObservations() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Specimen","id":"s1","identifier":[{"value":"T-1"}]}},
				 {"fullUrl":"urn:uuid:b","resource":{"resourceType":"Specimen","id":"s2","identifier":[{"value":"T-2"}]}},
				 {"resource":{"resourceType":"DiagnosticReport","status":"final","code":{"text":"SARS-CoV-2"},
				  "specimen":[{"reference":"urn:uuid:b"}]}},
				 %s]}
				"""
			.formatted(observation("o1", "urn:uuid:a", "\"valueString\":\"NEGATIVE\"").replace("final", "registered"));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.rejections()).extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason)
			.containsExactly(
					tuple(null, "Bundle.entry[2].resource.result", "missing result: the report lists no Observation"),
					tuple("T-1", "Observation/o1.status",
							"status 'registered' is not a final result: expected final, amended or corrected"),
					tuple("T-2", "Specimen/s2", "missing result for tube T-2: no Observation refers to this Specimen"));
	}

	@Test
	void rejectsASecondEntryWithTheSameFullUrlOrId() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Specimen","id":"s1","identifier":[{"value":"T-1"}]}},
				 {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Specimen","identifier":[{"value":"T-2"}]}},
				 {"resource":{"resourceType":"Specimen","id":"s1","identifier":[{"value":"T-3"}]}},
				 %s]}
				"""
			.formatted(observation("o1", "urn:uuid:a", "\"valueString\":\"NEGATIVE\""));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.results()).containsExactly(
				new LabResult("T-1", TubeOutcome.NEGATIVE, null, "Lab 1", Instant.parse("2026-12-07T00:00:00Z")));
		assertThat(parsed.rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle.entry[1].fullUrl", "fullUrl urn:uuid:a is already used by Bundle.entry[0]"),
					tuple("Bundle.entry[2].resource.id", "Specimen/s1 is already used by Bundle.entry[0]"));
	}

	@Test
	void rejectsMalformedJsonAsAWhole() throws IOException {
		byte[] body = bytes("malformed.json");

		ParsedResults parsed = reader.read(body);

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.entries()).isZero();
		assertThat(parsed.rejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.field()).isEqualTo("Bundle");
			assertThat(rejection.reason()).startsWith("not JSON: Unexpected end-of-input");
			assertThat(rejection.raw()).isEqualTo(new String(body, StandardCharsets.UTF_8));
		});
	}

	@Test
	void rejectsAnStu3BundleAsAWhole() throws IOException {
		ParsedResults parsed = readResource("stu3-bundle.json");

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.rejections()).singleElement().satisfies((rejection) -> {
			assertThat(rejection.field()).isEqualTo("Bundle");
			assertThat(rejection.reason()).isEqualTo("this is not FHIR R4: Bundle.entry[2].resource (DiagnosticReport) "
					+ "has performer.actor, which is FHIR STU3's; send FHIR R4 (4.0.1)");
		});
	}

	@Test
	void rejectsAnR5BundleAsAWhole() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"resource":{"resourceType":"Specimen","id":"s1","identifier":[{"value":"T-1"}]}},
				 %s]}
				""".formatted(observation("o1", "Specimen/s1",
				"\"valueString\":\"NEGATIVE\",\"triggeredBy\":[{\"type\":\"reflex\"}]"));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle", "this is not FHIR R4: Bundle.entry[1].resource (Observation) has "
					+ "'triggeredBy', which is FHIR R5's; send FHIR R4 (4.0.1)"));
	}

	@Test
	void rejectsWhatIsNoBundle() {
		assertThat(reader.read(new byte[0]).rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle", "empty body: expected a FHIR R4 Bundle"));
		assertThat(read("[1,2]").rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle", "not a FHIR resource: expected a JSON object with resourceType Bundle"));
		assertThat(read("{\"resourceType\":\"Observation\",\"status\":\"final\"}").rejections())
			.extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle.resourceType", "resourceType is 'Observation': expected a Bundle"));
		assertThat(read("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[]}").rejections())
			.extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle.type",
					"Bundle.type 'searchset' is not accepted: expected transaction, batch, collection or message"));
		assertThat(read("{\"resourceType\":\"Bundle\",\"entry\":[]}").rejections())
			.extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(
					tuple("Bundle.type", "missing Bundle.type: expected transaction, batch, collection or message"));
		assertThat(read("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"base\":\"http://x\"}").rejections())
			.extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle.base",
					"unknown element 'base' in Bundle: not a FHIR R4 Bundle (it looks like DSTU2)"));
		assertThat(read("{\"resourceType\":\"Bundle\",\"type\":\"batch\",\"type\":\"collection\"}").rejections())
			.singleElement()
			.satisfies((rejection) -> assertThat(rejection.reason())
				.isEqualTo("not JSON: Duplicate Object property \"type\""));
	}

	@Test
	void rejectsABadBarcodeAndTheResultsThatNeedIt() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"fullUrl":"urn:uuid:a","resource":{"resourceType":"Specimen","id":"s1","identifier":[{"value":"T 1/2"}]}},
				 %s]}
				"""
			.formatted(observation("o1", "Specimen/s1", "\"valueString\":\"POSITIVE\""));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.rejections()).extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason)
			.containsExactly(
					tuple("T 1/2", "Specimen/s1.identifier",
							"tube barcode 'T 1/2' may only hold letters A-Z, a-z, digits, '-' and '_'"),
					tuple(null, "Observation/o1.specimen",
							"its Specimen Specimen/s1 was rejected (no usable tube barcode)"));
	}

	@Test
	void rejectsASpecimenWithoutBarcodeAnUnknownReferenceAndAPreliminaryResult() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"resource":{"resourceType":"Specimen","id":"s1","identifier":[{"system":"urn:x"}]}},
				 %s,
				 %s,
				 %s]}
				""".formatted(observation("o1", "Specimen/s2", "\"valueString\":\"POSITIVE\""),
				observation("o2", "Specimen/s1", "\"valueString\":\"POSITIVE\"").replace("final", "preliminary"),
				observation("o3", "Specimen/s1", "\"valueString\":\"maybe\""));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.rejections()).extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason)
			.containsExactly(tuple(null, "Specimen/s1.identifier", "no tube barcode"),
					tuple(null, "Observation/o1.specimen",
							"refers to Specimen/s2, which is not in the Bundle: expected a Specimen"),
					tuple(null, "Observation/o2.status",
							"status 'preliminary' is not a final result: expected final, amended or corrected"),
					tuple(null, "Observation/o3.valueString",
							"unrecognised result 'maybe': expected NEGATIVE, POSITIVE or INVALID (阴性, 阳性, 无效)"));
	}

	@Test
	void rejectsAnEntryWithAnElementR4DoesNotKnowOrAnInvalidValue() {
		String bundle = """
				{"resourceType":"Bundle","type":"collection","entry":[
				 {"resource":{"resourceType":"Specimen","id":"s1","identifier":[{"value":"T-1"}],"barcode":"T-1"}},
				 %s]}
				""".formatted(observation("o1", "Specimen/s1", "\"valueString\":\"NEGATIVE\"")
			.replace("2026-12-07T08:00:00+08:00", "yesterday"));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Specimen/s1", "not a valid FHIR R4 Specimen: unknown element 'barcode'"),
					tuple("Observation/o1", "not a valid FHIR R4 Observation: invalid value 'yesterday' in "
							+ "effectiveDateTime: Invalid date/time format: \"yesterday\""));
	}

	@Test
	void takesTheTubeFromALogicalReferenceAndTheCtFromASeparateObservationInAMessage() {
		String bundle = """
				{"resourceType":"Bundle","type":"message","entry":[
				 {"resource":{"resourceType":"MessageHeader","eventCoding":{"code":"lab-result"},"source":{"endpoint":"urn:lis"}}},
				 %s,
				 {"resource":{"resourceType":"Observation","id":"ct","status":"final",
				   "code":{"text":"N gene Ct"},"specimen":{"identifier":{"value":"T-5"}},
				   "valueQuantity":{"value":31.5}}}]}
				"""
			.formatted(observation("o1", null,
					"\"valueCodeableConcept\":{\"coding\":[{\"system\":"
							+ "\"http://snomed.info/sct\",\"code\":\"10828004\"}]}")
				.replace("\"specimen\":null", "\"specimen\":{\"identifier\":{\"value\":\"T-5\"}}"));

		ParsedResults parsed = read(bundle);

		assertThat(parsed.rejections()).isEmpty();
		assertThat(parsed.results()).containsExactly(new LabResult("T-5", TubeOutcome.POSITIVE, new BigDecimal("31.5"),
				"Lab 1", Instant.parse("2026-12-07T00:00:00Z")));
	}

	@Test
	void readsTenThousandEntries() {
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
		for (int i = 0; i < 5_000; i++) {
			if (i > 0) {
				bundle.append(',');
			}
			bundle.append("{\"fullUrl\":\"urn:uuid:s")
				.append(i)
				.append("\",\"resource\":{\"resourceType\":\"Specimen\",\"identifier\":[{\"value\":\"T")
				.append(i)
				.append("\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Specimen\"}},")
				.append(observation("o" + i, "urn:uuid:s" + i, "\"valueString\":\"NEGATIVE\""));
		}
		bundle.append("]}");

		ParsedResults parsed = read(bundle.toString());

		assertThat(parsed.entries()).isEqualTo(10_000);
		assertThat(parsed.rejections()).isEmpty();
		assertThat(parsed.results()).hasSize(5_000);
		assertThat(parsed.results().get(4_999)).isEqualTo(
				new LabResult("T4999", TubeOutcome.NEGATIVE, null, "Lab 1", Instant.parse("2026-12-07T00:00:00Z")));
	}

	@Test
	void refusesMoreThanTenThousandEntriesWhole() {
		StringBuilder bundle = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
		for (int i = 0; i <= 10_000; i++) {
			bundle.append((i > 0) ? ",{}" : "{}");
		}
		bundle.append("]}");

		ParsedResults parsed = read(bundle.toString());

		assertThat(parsed.results()).isEmpty();
		assertThat(parsed.entries()).isEqualTo(10_001);
		assertThat(parsed.rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("Bundle.entry",
					"the Bundle holds 10001 entries: at most 10000 are accepted in one Bundle; split it"));
	}

	@Test
	void keepsAtMost64KiBOfARejectedEntry() {
		String big = "张".repeat(40_000);
		String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
				+ "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + big + "\"}]}}]}";

		LabRejection rejection = read(bundle).rejections().get(0);

		assertThat(rejection.raw().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(64 * 1024);
		assertThat(rejection.raw()).startsWith("{\"resource\":{\"resourceType\":\"Patient\"").endsWith("张");
	}

	// an Observation entry with its own performer and time; specimen null for none
	private static String observation(String id, String specimen, String value) {
		return """
				{"resource":{"resourceType":"Observation","id":"%s","status":"final",
				 "code":{"coding":[{"system":"http://loinc.org","code":"94500-6"}]},
				 "specimen":%s,"performer":[{"display":"Lab 1"}],
				 "effectiveDateTime":"2026-12-07T08:00:00+08:00",%s}}""".formatted(id,
				(specimen != null) ? "{\"reference\":\"" + specimen + "\"}" : "null", value);
	}

	private static ParsedResults read(String json) {
		return reader.read(json.getBytes(StandardCharsets.UTF_8));
	}

	private static ParsedResults readResource(String name) throws IOException {
		return reader.read(bytes(name));
	}

	private static byte[] bytes(String name) throws IOException {
		try (InputStream in = FhirBundleReaderTests.class.getResourceAsStream("/testing/fhir/" + name)) {
			return in.readAllBytes();
		}
	}

}
