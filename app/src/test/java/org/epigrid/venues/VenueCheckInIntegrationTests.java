package org.epigrid.venues;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.epigrid.codes.Colour;
import org.epigrid.codes.internal.token.CodeTokens;
import org.epigrid.codes.internal.token.CodeTokens.Claims;
import org.epigrid.codes.internal.token.CodeTokens.Kind;
import org.epigrid.population.ResidentDirectory;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.health.RiskCityVisited;
import org.epigrid.shared.health.TestResultRecorded;
import org.epigrid.support.AdminApiTest;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.DemoPersons;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.QrDecoder;
import org.epigrid.support.TestIds;
import org.epigrid.venues.CheckInManagement.VenueCode;
import org.epigrid.venues.internal.PresencePartitionWriter;
import org.epigrid.venues.internal.CheckInWriter;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Venues: the poster's QR code reads back to a venue code that verifies, policies by
 * crowd class decide at the door, staff register people without phones, the venue sees
 * counts only, and check-ins are dropped after the retention.
 */
@IntegrationTest
class VenueCheckInIntegrationTests extends AdminApiTest {

	@org.springframework.beans.factory.annotation.Value("${epigrid.public-url}")
	String publicUrl;

	@Autowired
	CheckInManagement checkIns;

	@Autowired
	CodeTokens tokens;

	@Autowired
	ResidentDirectory residents;

	@Autowired
	CheckInWriter writer;

	@Autowired
	PresencePartitionWriter partitions;

	@Autowired
	UserManagement users;

	@Test
	void thePosterPdfHoldsAQrCodeThatReadsBackToAVenueCodeThatVerifies() throws Exception {
		long venueId = venue("CROWDED");
		byte[] pdf = this.api.download(this.admin, "/api/v1/codes/venues/" + venueId + "/poster.pdf");
		String url;
		try (PDDocument document = Loader.loadPDF(pdf)) {
			assertThat(document.getNumberOfPages()).isEqualTo(1);
			assertThat(document.getPage(0).getMediaBox().getWidth()).isCloseTo(595f,
					org.assertj.core.data.Offset.offset(1f));
			String text = new PDFTextStripper().getText(document);
			String name = this.jdbc.sql("SELECT name FROM venue WHERE id = :id")
				.param("id", venueId)
				.query(String.class)
				.single();
			assertThat(text).contains("场所码").contains(name).contains("72小时内核酸阴性");
		}
		// the poster as a 300-dpi scan of the whole page, with the configured public
		// address (never the request's Host)
		url = QrDecoder.decodePdf(pdf, null, 300);
		assertThat(url).startsWith(this.publicUrl + VenueManagement.CHECK_IN_PATH);
		String token = url.substring(url.lastIndexOf('/') + 1);
		VenueCode code = this.checkIns.readVenueCode(token);
		assertThat(code.state()).isEqualTo(VenueCode.State.VALID);
		assertThat(code.venue().id()).isEqualTo(venueId);

		// one changed character is not a venue code; a personal code is not one either
		char[] chars = token.toCharArray();
		chars[chars.length / 2] = (chars[chars.length / 2] == 'A') ? 'B' : 'A';
		assertThat(this.checkIns.readVenueCode(new String(chars)).state()).isEqualTo(VenueCode.State.INVALID);
		assertThat(this.checkIns.readVenueCode("not a token").state()).isEqualTo(VenueCode.State.INVALID);
		// a new poster makes the old one void
		Response renewed = this.api.post(this.admin, "/api/v1/codes/venues/" + venueId + "/code-renewal", "{}");
		assertThat(renewed.json().get("codeSerial").asInt()).isEqualTo(2);
		assertThat(this.checkIns.readVenueCode(token).state()).isEqualTo(VenueCode.State.REPLACED);
		String fresh = this.api.get(this.admin, "/api/v1/codes/venues/" + venueId + "/code")
			.json()
			.get("url")
			.asString();
		assertThat(this.checkIns.readVenueCode(fresh.substring(fresh.lastIndexOf('/') + 1)).state())
			.isEqualTo(VenueCode.State.VALID);
	}

	@Test
	void crowdedPlacesAskForGreenWithoutStarAndARecentNegativeTest() {
		long crowded = venue("CROWDED");
		long ordinary = venue("ORDINARY");
		long person = person(0);
		String crowdedScanner = device("VENUE", crowded);
		String ordinaryScanner = device("VENUE", ordinary);

		// green, untested: an ordinary venue lets in, a crowded one does not and says why
		JsonNode atOrdinary = verify(ordinaryScanner, person, null);
		assertThat(atOrdinary.get("result").asString()).isEqualTo("GREEN");
		assertThat(atOrdinary.get("decision").asString()).isEqualTo("ALLOW");
		JsonNode atCrowded = verify(crowdedScanner, person, null);
		assertThat(atCrowded.get("decision").asString()).isEqualTo("DENY");
		assertThat(codes(atCrowded)).containsExactly("POLICY_TEST");

		// a negative test 2 days ago: let in; 4 days ago would not do
		Instant now = this.clock.instant();
		publish(TestResultRecorded.of(person, true, now.minus(Duration.ofDays(4))));
		await().atMost(Duration.ofSeconds(2))
			.until(() -> this.jdbc
				.sql("SELECT count(*) FROM code_fact WHERE person_id = :p AND negative_test_at IS NOT NULL")
				.param("p", person)
				.query(Long.class)
				.single() == 1);
		await().atMost(Duration.ofSeconds(7))
			.until(() -> codes(verify(crowdedScanner, person, null)).equals(List.of("POLICY_TEST")));
		publish(TestResultRecorded.of(person, true, now.minus(Duration.ofDays(2))));
		await().atMost(Duration.ofSeconds(7))
			.until(() -> verify(crowdedScanner, person, null).get("decision").asString().equals("ALLOW"));

		// a travel star: still let in at the ordinary venue, not at the crowded one
		publish(RiskCityVisited.of(person, "某风险城市", now.minus(Duration.ofDays(3))));
		await().atMost(Duration.ofSeconds(7)).until(() -> verify(crowdedScanner, person, null).get("star").asBoolean());
		JsonNode starred = verify(crowdedScanner, person, null);
		assertThat(starred.get("decision").asString()).isEqualTo("DENY");
		assertThat(codes(starred)).contains("POLICY_STAR");
		assertThat(verify(ordinaryScanner, person, ordinary).get("decision").asString()).isEqualTo("ALLOW");

		// every verification at a venue was stored as a check-in with its verdict
		long stored = this.jdbc.sql("SELECT count(*) FROM check_in WHERE person_id = :p AND via = 'GATE'")
			.param("p", person)
			.query(Long.class)
			.single();
		assertThat(stored).isGreaterThanOrEqualTo(6);
		assertThat(this.jdbc.sql("SELECT bool_or(allowed) AND bool_or(NOT allowed) FROM check_in WHERE venue_id = :v")
			.param("v", crowded)
			.query(Boolean.class)
			.single()).isTrue();

		// a venue's scanner verifies for its own venue only
		Response elsewhere = this.api.post(crowdedScanner, "/api/v1/codes/verify",
				"{\"code\":\"" + code(person) + "\",\"venueId\":" + ordinary + "}");
		assertThat(elsewhere.status()).isEqualTo(400);
		assertThat(elsewhere.body()).contains("venueId");
	}

	@Test
	void administratorsChangePoliciesAndBadPoliciesAreRefusedByField() {
		Response bad = this.api.put(this.admin, "/api/v1/codes/venue-policies/ORDINARY", "{\"negativeTestHours\":0}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("maxColour").contains("starAllowed").contains("negativeTestHours");
		Response unknown = this.api.put(this.admin, "/api/v1/codes/venue-policies/NOWHERE", "{}");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.body()).contains("crowdClass");
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' LIMIT 1")
			.query(String.class)
			.single();
		String username = "gw-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), grid));
		String worker = this.api.token(username, "grid-worker-password");
		assertThat(this.api
			.put(worker, "/api/v1/codes/venue-policies/SENSITIVE",
					"{\"maxColour\":\"GREEN\",\"starAllowed\":false,\"negativeTestHours\":24}")
			.status()).isEqualTo(403);
		Response changed = this.api.put(this.admin, "/api/v1/codes/venue-policies/SENSITIVE",
				"{\"maxColour\":\"GREEN\",\"starAllowed\":false,\"negativeTestHours\":24}");
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.json().get("negativeTestHours").asInt()).isEqualTo(24);
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'CHANGE_VENUE_POLICY'")
			.query(Long.class)
			.single()).isPositive();
		this.api.put(this.admin, "/api/v1/codes/venue-policies/SENSITIVE",
				"{\"maxColour\":\"GREEN\",\"starAllowed\":false,\"negativeTestHours\":48}");
	}

	@Test
	void staffRegisterAPersonWithoutAPhoneByIdNumber() {
		long venueId = venue("ORDINARY");
		long person = person(1);
		String idNumber = this.jdbc.sql("SELECT document_number FROM person WHERE id = :id")
			.param("id", person)
			.query(String.class)
			.single();
		Response checked = this.api.post(this.admin, "/api/v1/codes/venues/" + venueId + "/check-ins",
				"{\"idNumber\":\"" + idNumber.toLowerCase() + "\"}");
		assertThat(checked.status()).as(checked.body()).isEqualTo(200);
		assertThat(checked.json().get("verdict").get("decision").asString()).isEqualTo("ALLOW");
		assertThat(checked.json().get("verdict").get("maskedName").asString()).contains("*");
		assertThat(this.jdbc.sql("SELECT via FROM check_in WHERE person_id = :p AND venue_id = :v")
			.param("p", person)
			.param("v", venueId)
			.query(String.class)
			.list()).containsExactly("PROXY");
		assertThat(this.jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'PROXY_CHECK_IN' AND subject_id = :p")
			.param("p", String.valueOf(person))
			.query(Long.class)
			.single()).isEqualTo(1);

		Response wrong = this.api.post(this.admin, "/api/v1/codes/venues/" + venueId + "/check-ins",
				"{\"idNumber\":\"123\"}");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("idNumber");
		assertThat(this.api
			.post(this.admin, "/api/v1/codes/venues/999999999/check-ins", "{\"idNumber\":\"" + idNumber + "\"}")
			.status()).isEqualTo(404);
	}

	@Test
	void aPersonOutsideTheJurisdictionAndAnUnregisteredNumberGetTheSameAnswer() {
		long venueId = venue("ORDINARY");
		String venueGrid = this.jdbc
			.sql("SELECT g.path FROM venue v JOIN division g ON g.id = v.grid_id WHERE v.id = :v")
			.param("v", venueId)
			.query(String.class)
			.single();
		String username = "gw-" + java.util.UUID.randomUUID().toString().substring(0, 8);
		this.users
			.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), venueGrid));
		String worker = this.api.token(username, "grid-worker-password");
		String elsewhere = this.jdbc.sql("""
				SELECT document_number FROM person
				WHERE merged_into IS NULL AND document_type = 'RESIDENT_ID' AND NOT path LIKE :grid || '%'
				ORDER BY id LIMIT 1
				""").param("grid", venueGrid).query(String.class).single();
		String nowhere = TestIds.valid();
		String path = "/api/v1/codes/venues/" + venueId + "/check-ins";

		Response outside = this.api.post(worker, path, "{\"idNumber\":\"" + elsewhere + "\"}");
		Response unregistered = this.api.post(worker, path, "{\"idNumber\":\"" + nowhere + "\"}");
		assertThat(outside.status()).as(outside.body()).isEqualTo(404);
		assertThat(unregistered.status()).isEqualTo(outside.status());
		assertThat(unregistered.contentType()).isEqualTo(outside.contentType());
		assertThat(unregistered.body()).isEqualTo(outside.body());
		assertThat(outside.body()).doesNotContain("*").doesNotContain("GREEN").doesNotContain("verdict");
		assertThat(this.jdbc.sql("SELECT count(*) FROM check_in WHERE venue_id = :v")
			.param("v", venueId)
			.query(Long.class)
			.single()).isZero();
		// someone of the worker's own grid is checked in as before
		String own = this.jdbc.sql("""
				SELECT document_number FROM person
				WHERE merged_into IS NULL AND document_type = 'RESIDENT_ID' AND path LIKE :grid || '%'
				ORDER BY id LIMIT 1
				""").param("grid", venueGrid).query(String.class).single();
		assertThat(this.api.post(worker, path, "{\"idNumber\":\"" + own + "\"}").status()).isEqualTo(200);
	}

	@Test
	void aVenueSeesHourlyAndVerdictCountsButNobody() {
		long venueId = venue("ORDINARY");
		String scanner = device("VENUE", venueId);
		List<String> names = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			JsonNode verdict = verify(scanner, person(10 + i), null);
			names.add(verdict.get("maskedName").asString());
		}
		Response counts = this.api.get(scanner, "/api/v1/codes/venue-counts");
		assertThat(counts.status()).as(counts.body()).isEqualTo(200);
		JsonNode json = counts.json();
		long total = 0;
		for (JsonNode hour : json.get("hourly")) {
			total += hour.asLong();
		}
		assertThat(total).isEqualTo(3);
		assertThat(json.get("hourly")).hasSize(24);
		assertThat(json.get("allowed").asLong() + json.get("denied").asLong()).isEqualTo(3);
		assertThat(json.get("colours").get("GREEN").asLong()).isEqualTo(3);
		for (String name : names) {
			assertThat(counts.body()).doesNotContain(name);
		}
		assertThat(counts.body()).doesNotContainIgnoringCase("person").doesNotContain("phone");
		// a gate that belongs to no venue has no counts; a venue scanner reads no venue
		// list
		assertThat(this.api.get(device("GATE", null), "/api/v1/codes/venue-counts").status()).isEqualTo(403);
		assertThat(this.api.get(scanner, "/api/v1/codes/venues/" + venueId + "/counts").status()).isEqualTo(403);
	}

	@Test
	void checkInsOlderThanTheRetentionAreDroppedWithTheirDay() {
		long venueId = venue("ORDINARY");
		long person = person(20);
		Instant now = this.clock.instant();
		Instant old = now.minus(this.partitions.retention()).minus(Duration.ofDays(2));
		Instant recent = now.minus(Duration.ofDays(3));
		this.writer.write(List.of(new CheckInWriter.Row(old, venueId, person, 0, false, true, "SELF"),
				new CheckInWriter.Row(recent, venueId, person, 0, false, true, "SELF")));
		assertThat(count(venueId)).isEqualTo(2);
		List<String> dropped = this.partitions.dropBefore(this.partitions.firstKeptDay(now));
		assertThat(dropped).isNotEmpty().allMatch(name -> name.matches("check_in_\\d{8}"));
		assertThat(count(venueId)).isEqualTo(1);
		assertThat(this.checkIns.ofPerson(person)).singleElement()
			.satisfies(c -> assertThat(c.at()).isEqualTo(recent.truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
		assertThat(this.partitions.firstKeptDay(now)).isEqualTo(
				LocalDate.ofInstant(now, this.clock.getZone()).minusDays(this.partitions.retention().toDays() - 1));
	}

	@Test
	void registeringAVenueChecksEveryField() {
		Response bad = this.api.post(this.admin, "/api/v1/codes/venues",
				"{\"name\":\"\",\"lon\":200,\"capacity\":0,\"gridId\":1}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("\"name\"")
			.contains("\"type\"")
			.contains("\"address\"")
			.contains("\"lon\"")
			.contains("\"lat\"")
			.contains("\"capacity\"")
			.contains("\"crowdClass\"")
			.contains("\"gridId\"");
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1")
			.query(Long.class)
			.single();
		Response made = this.api.post(this.admin, "/api/v1/codes/venues",
				"{\"gridId\":" + grid
						+ ",\"name\":\"测试书店\",\"type\":\"BOOKSHOP\",\"address\":\"某路1号\",\"lon\":120.6,\"lat\":31.3,"
						+ "\"capacity\":40,\"crowdClass\":\"ORDINARY\"}");
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		long id = made.json().get("id").asLong();
		assertThat(this.api.get(this.admin, "/api/v1/codes/venues?q=" + Api.encode("测试书店"))
			.json()
			.get("items")
			.get(0)
			.get("id")
			.asLong()).isEqualTo(id);
	}

	private long count(long venueId) {
		return this.jdbc.sql("SELECT count(*) FROM check_in WHERE venue_id = :v")
			.param("v", venueId)
			.query(Long.class)
			.single();
	}

	private static List<String> codes(JsonNode verdict) {
		List<String> codes = new ArrayList<>();
		verdict.get("reasons").forEach(r -> codes.add(r.get("code").asString()));
		return codes;
	}

	private JsonNode verify(String device, long person, Long venueId) {
		Response response = this.api.post(device, "/api/v1/codes/verify",
				"{\"code\":\"" + code(person) + "\"" + ((venueId == null) ? "" : ",\"venueId\":" + venueId) + "}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private String code(long person) {
		Instant now = this.clock.instant();
		String masked = this.residents.byIds(List.of(person)).get(person).maskedName();
		return this.tokens.issue(new Claims(person, masked, Colour.GREEN, false, now, now.plusSeconds(60),
				this.tokens.newTokenId(), Kind.DYNAMIC, null));
	}

	/** A fresh venue of a crowd class (so that counts start at zero). */
	private long venue(String crowdClass) {
		long grid = this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET 3")
			.query(Long.class)
			.single();
		Response made = this.api.post(this.admin, "/api/v1/codes/venues", "{\"gridId\":" + grid + ",\"name\":\"测试场所"
				+ System.nanoTime() % 100000 + "\",\"type\":\"SUPERMARKET\",\"address\":"
				+ "\"测试路8号\",\"lon\":120.6,\"lat\":31.3,\"capacity\":300,\"crowdClass\":\"" + crowdClass + "\"}");
		assertThat(made.status()).as(made.body()).isEqualTo(201);
		return made.json().get("id").asLong();
	}

	private String device(String kind, Long ref) {
		return this.api.device(this.admin, "{\"kind\":\"" + kind + "\",\"label\":\"扫码设备\",\"days\":30"
				+ ((ref == null) ? "" : ",\"ref\":" + ref) + "}");
	}

	private long person(int offset) {
		return DemoPersons.nth(this.jdbc, 700 + offset);
	}

}
