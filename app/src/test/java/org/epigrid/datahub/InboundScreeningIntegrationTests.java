package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.Masking;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Inbound screening over the real HTTP API: rail arrivals and an assistance letter are
 * imported with times relative to the platform's clock, and every status is found for the
 * right person, within the caller's jurisdiction only, masked in lists and in full for
 * grid workers who call.
 */
@IntegrationTest
class InboundScreeningIntegrationTests {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Autowired
	Clock clock;

	private Api api;

	private String admin;

	/**
	 * A city name no other test uses, so that the shared test database does not
	 * interfere.
	 */
	private String city;

	private Resident returned;

	private Resident aboutToReturn;

	private Resident stillAway;

	private Resident returnedViaElsewhere;

	private Resident wentBack;

	private Resident longAgo;

	private String unknownId;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		this.city = "疫城" + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
		List<String> grids = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path LIMIT 2")
			.query(String.class)
			.list();
		List<Resident> first = residents(grids.get(0), 3);
		List<Resident> second = residents(grids.get(1), 3);
		this.returned = first.get(0);
		this.aboutToReturn = first.get(1);
		this.longAgo = first.get(2);
		this.stillAway = second.get(0);
		this.returnedViaElsewhere = second.get(1);
		this.wentBack = second.get(2);
		this.unknownId = TestIds.valid();

		Instant now = this.clock.instant();
		List<String> rail = new ArrayList<>();
		rail.add("姓名,身份证号,联系电话,出发地,到达时间,目的地,车次,座位号");
		rail.add(arrival(this.returned, "湖北省" + this.city + "市", now.minus(Duration.ofDays(3)), "G101"));
		rail.add(arrival(this.aboutToReturn, this.city + "站", now.plus(Duration.ofDays(2)), "G102"));
		rail.add(arrival(this.longAgo, this.city, now.minus(Duration.ofDays(30)), "G103"));
		rail.add(arrival(this.returnedViaElsewhere, "北京", now.minus(Duration.ofDays(2)), "G104"));
		rail.add(arrival(this.wentBack, this.city, now.minus(Duration.ofDays(10)), "G105"));
		importFile("rail-arrivals", String.join("\n", rail));

		List<String> letter = new ArrayList<>();
		letter.add("姓名,身份证号,联系电话,风险地区,暴露时间,协查原因,现住址");
		letter.add(exposure(this.stillAway, now.minus(Duration.ofDays(5))));
		letter.add(exposure(this.returnedViaElsewhere, now.minus(Duration.ofDays(6))));
		letter.add(exposure(this.wentBack, now.minus(Duration.ofDays(2))));
		importFile("assistance-letters", String.join("\n", letter));
	}

	@Test
	void eachStatusIsFoundForTheRightPerson() {
		Response response = screen(this.admin, this.city, 14, List.of(this.unknownId, this.returned.idNumber()));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode result = response.json();
		assertThat(statusOf(result, this.returned)).isEqualTo("RETURNED");
		assertThat(statusOf(result, this.aboutToReturn)).isEqualTo("ABOUT_TO_RETURN");
		assertThat(statusOf(result, this.stillAway)).isEqualTo("STILL_AWAY");
		assertThat(statusOf(result, this.returnedViaElsewhere)).isEqualTo("RETURNED");
		assertThat(statusOf(result, this.wentBack)).isEqualTo("STILL_AWAY");
		assertThat(find(result, this.longAgo)).isNull();
		JsonNode unknown = byIdNumber(result, Masking.idNumber(this.unknownId));
		assertThat(unknown.get("status").asString()).isEqualTo("UNKNOWN");
		assertThat(unknown.get("evidence")).isEmpty();
		assertThat(result.get("persons")).hasSize(6);
		assertThat(result.get("counts").get("RETURNED").asLong()).isEqualTo(2);
		assertThat(result.get("counts").get("ABOUT_TO_RETURN").asLong()).isEqualTo(1);
		assertThat(result.get("counts").get("STILL_AWAY").asLong()).isEqualTo(2);
		assertThat(result.get("counts").get("UNKNOWN").asLong()).isEqualTo(1);

		// a row carries its person, masked identifiers, origin, destination, grid and
		// evidence
		JsonNode row = find(result, this.returned);
		assertThat(row.get("name").asString()).isEqualTo(this.returned.name());
		assertThat(row.get("idNumber").asString()).isEqualTo(Masking.idNumber(this.returned.idNumber()));
		assertThat(row.get("phone").asString()).isEqualTo(Masking.phone(this.returned.phone()));
		assertThat(row.get("origin").asString()).isEqualTo("湖北省" + this.city + "市");
		assertThat(row.get("destination").asString()).isEqualTo("相城区某小区");
		assertThat(row.get("gridPath").asString()).isEqualTo(this.returned.gridPath());
		assertThat(row.get("gridName").asString()).isEqualTo(this.returned.gridName());
		assertThat(row.get("latestArrival").isNull()).isFalse();
		assertThat(row.get("evidence").get(0).get("source").asString()).isEqualTo("rail-arrivals");
		JsonNode away = find(result, this.stillAway);
		assertThat(away.get("origin").asString()).isEqualTo(this.city);
		assertThat(away.get("latestArrival").isNull()).isTrue();
		assertThat(away.get("evidence").get(0).get("source").asString()).isEqualTo("assistance-letters");
		assertThat(find(result, this.returnedViaElsewhere).get("evidence")).hasSize(2);

		// a shorter window no longer sees the arrival ten days ago, only the letter
		JsonNode shorter = screen(this.admin, this.city, 7, List.of()).json();
		assertThat(statusOf(shorter, this.wentBack)).isEqualTo("STILL_AWAY");
		assertThat(find(shorter, this.wentBack).get("evidence")).hasSize(1);
		assertThat(byIdNumber(shorter, Masking.idNumber(this.unknownId))).isNull();
	}

	@Test
	void aGridLevelCallerSeesOnlyTheirGrid() {
		String token = user(EnumSet.of(Role.EPIDEMIOLOGIST), this.returned.gridPath());
		JsonNode result = screen(token, this.city, 14, List.of(this.stillAway.idNumber())).json();
		assertThat(statusOf(result, this.returned)).isEqualTo("RETURNED");
		assertThat(statusOf(result, this.aboutToReturn)).isEqualTo("ABOUT_TO_RETURN");
		assertThat(find(result, this.returnedViaElsewhere)).isNull();
		assertThat(find(result, this.wentBack)).isNull();
		// a listed person outside the jurisdiction looks exactly like one nobody recorded
		assertThat(find(result, this.stillAway)).isNull();
		JsonNode listed = byIdNumber(result, Masking.idNumber(this.stillAway.idNumber()));
		assertThat(listed.get("status").asString()).isEqualTo("UNKNOWN");
		assertThat(listed.get("personId").isNull()).isTrue();
		assertThat(listed.get("name").isNull()).isTrue();
		assertThat(listed.get("evidence")).isEmpty();
		assertThat(result.get("persons")).hasSize(3);
	}

	@Test
	void theCsvExportGroupsByGridAndMasksPerPolicy() {
		// grid workers call: full phones, their own grid only
		String worker = user(EnumSet.of(Role.GRID_WORKER), this.stillAway.gridPath());
		byte[] bytes = this.api.download(worker,
				"/api/v1/inbound-screenings/export.csv?city=" + Api.encode(this.city) + "&days=14");
		assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
		String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
		List<String> lines = csv.lines().toList();
		assertThat(lines.get(0)).startsWith("网格,网格路径,状态,姓名,身份证号,联系电话");
		assertThat(lines).hasSize(4);
		assertThat(csv).contains(this.stillAway.phone())
			.contains(this.returnedViaElsewhere.phone())
			.contains(Masking.idNumber(this.wentBack.idNumber()))
			.doesNotContain(this.wentBack.idNumber())
			.doesNotContain(Masking.idNumber(this.returned.idNumber()))
			.contains("仍在当地");

		// a commander sees everybody, phones masked, grouped by grid in grid order
		String commander = user(EnumSet.of(Role.COMMANDER), "/");
		String all = new String(
				this.api.download(commander,
						"/api/v1/inbound-screenings/export.csv?city=" + Api.encode(this.city) + "&days=14"),
				StandardCharsets.UTF_8);
		assertThat(all).doesNotContain(this.returned.phone()).contains(Masking.phone(this.returned.phone()));
		List<String> gridColumn = all.lines().skip(1).map(l -> l.split(",")[1]).toList();
		assertThat(gridColumn).hasSize(5).isSorted();
		assertThat(gridColumn).containsOnly(this.returned.gridPath(), this.stillAway.gridPath());
		assertThat(all.lines().skip(1).filter(l -> l.startsWith(this.returned.gridName() + ",")).count()).isEqualTo(2);

		// an audit entry for each export with personal data
		assertThat(this.jdbc
			.sql("SELECT count(*) FROM audit_log WHERE action = 'EXPORT_INBOUND_SCREENING' AND subject_id = :s")
			.param("s", this.city + "/14")
			.query(Long.class)
			.single()).isEqualTo(2);
	}

	@Test
	void badInputIsRefusedNamingTheField() {
		assertRefused(this.api.post(this.admin, "/api/v1/inbound-screenings", "{\"days\": 14}"), "city");
		assertRefused(this.api.post(this.admin, "/api/v1/inbound-screenings", "{\"city\": \"武汉\", \"days\": 0}"),
				"days");
		assertRefused(this.api.post(this.admin, "/api/v1/inbound-screenings", "{\"city\": \"武汉\", \"days\": 61}"),
				"days");
		assertRefused(this.api.post(this.admin, "/api/v1/inbound-screenings", "{\"city\": \"武汉\"}"), "days");
		assertRefused(
				screen(this.admin, "武汉", 14, List.of(TestIds.valid(), TestIds.withWrongCheckDigit(TestIds.valid()))),
				"idNumbers[1]");
		assertRefused(this.api.get(this.admin, "/api/v1/inbound-screenings/export.csv?city=&days=14"), "city");
		String worker = user(EnumSet.of(Role.GRID_WORKER), this.returned.gridPath());
		assertThat(screen(worker, this.city, 14, List.of()).status()).isEqualTo(403);
	}

	private void assertRefused(Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo(field);
	}

	private Response screen(String token, String city, int days, List<String> idNumbers) {
		StringBuilder ids = new StringBuilder();
		for (String id : idNumbers) {
			ids.append(ids.isEmpty() ? "" : ",").append('"').append(id).append('"');
		}
		return this.api.post(token, "/api/v1/inbound-screenings",
				"{\"city\": \"" + city + "\", \"days\": " + days + ", \"idNumbers\": [" + ids + "]}");
	}

	private static String statusOf(JsonNode result, Resident resident) {
		JsonNode row = find(result, resident);
		assertThat(row).as(resident.name() + " in " + result).isNotNull();
		return row.get("status").asString();
	}

	private static JsonNode find(JsonNode result, Resident resident) {
		for (JsonNode row : result.get("persons")) {
			if (!row.get("personId").isNull() && row.get("personId").asLong() == resident.id()) {
				return row;
			}
		}
		return null;
	}

	private static JsonNode byIdNumber(JsonNode result, String masked) {
		for (JsonNode row : result.get("persons")) {
			if (masked.equals(row.get("idNumber").asString(null))) {
				return row;
			}
		}
		return null;
	}

	private String user(EnumSet<Role> roles, String jurisdiction) {
		String username = "inbound-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(username, "筛查测试", "inbound-password", roles, jurisdiction));
		return this.api.token(username, "inbound-password");
	}

	private String arrival(Resident r, String origin, Instant at, String train) {
		return String.join(",", r.name(), r.idNumber(), r.phone(), origin, time(at), "相城区某小区", train, "05车12F");
	}

	// letters name people, rarely their phones: the screening takes the phone from the
	// population base (information completion), so the grid worker can still call
	private String exposure(Resident r, Instant at) {
		return String.join(",", r.name(), r.idNumber(), "", this.city, time(at), "时空交集", "相城区某小区");
	}

	private String time(Instant at) {
		return TIME.format(at.atZone(this.clock.getZone()));
	}

	private void importFile(String source, String csv) {
		Response response = this.api.upload(this.admin, "/api/v1/imports", Map.of("source", source),
				source + "-" + UUID.randomUUID() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get(this.admin, "/api/v1/imports/" + id).json().get("state").asString(),
					state -> state.equals("COMPLETED") || state.equals("FAILED"));
		JsonNode job = this.api.get(this.admin, "/api/v1/imports/" + id).json();
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.get("rowsRejected").asLong()).as(job.toString()).isZero();
	}

	/**
	 * Residents of a grid with an ID number and a mobile phone, not used by other runs.
	 */
	private List<Resident> residents(String gridPath, int count) {
		return this.jdbc.sql("""
				SELECT p.id, p.name, p.document_number, p.phone, g.name AS grid_name
				FROM person p JOIN division g ON g.path = :grid
				WHERE p.path >= :grid AND p.path < :upper AND p.document_type = 'RESIDENT_ID'
				  AND p.phone LIKE '1__________' AND p.name NOT LIKE '%,%'
				  AND NOT EXISTS (SELECT 1 FROM source_record r WHERE r.person_id = p.id)
				ORDER BY random() LIMIT :count
				""")
			.param("grid", gridPath)
			.param("upper", gridPath.substring(0, gridPath.length() - 1) + "0")
			.param("count", count)
			.query((rs, i) -> new Resident(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), gridPath,
					rs.getString(5)))
			.list();
	}

	record Resident(long id, String name, String idNumber, String phone, String gridPath, String gridName) {
	}

}
