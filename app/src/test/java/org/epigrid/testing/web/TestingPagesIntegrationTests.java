package org.epigrid.testing.web;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.epigrid.security.Caller;
import org.epigrid.security.UserManagement;
import org.epigrid.shared.Slice;
import org.epigrid.shared.Slice.PageRequest;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.WebSession;
import org.epigrid.testing.LabResultManagement;
import org.epigrid.testing.LabResultManagement.Delivery;
import org.epigrid.testing.RoundList;
import org.epigrid.testing.RoundPopulation;
import org.epigrid.testing.SamplingSite;
import org.epigrid.testing.SamplingSiteManagement;
import org.epigrid.testing.SamplingSiteManagement.NewSite;
import org.epigrid.testing.SamplingSiteManagement.StatusReport;
import org.epigrid.testing.SiteKind;
import org.epigrid.testing.SiteStatus;
import org.epigrid.testing.TestingRound;
import org.epigrid.testing.TestingRoundManagement;
import org.epigrid.testing.TestingRoundManagement.ListedPerson;
import org.epigrid.testing.TestingRoundManagement.NewRound;
import org.epigrid.testing.TubeOutcome;
import org.epigrid.testing.internal.lab.LabResult;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The public's sampling sites over HTTP (nearest, GeoJSON, CSV), the staff pages render,
 * and a round's list exported to Excel holds exactly the list's rows.
 */
@IntegrationTest
class TestingPagesIntegrationTests {

	/** Far from the demo town: no other test's site is near. */
	private static final double LON = 101.2345;

	private static final double LAT = 21.4321;

	@LocalServerPort
	int port;

	@Autowired
	SamplingSiteManagement sites;

	@Autowired
	TestingRoundManagement rounds;

	@Autowired
	UserManagement users;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LabResultManagement labs;

	@Test
	void thePublicFindsTheNearestOpenSitesAndDownloadsAllSitesAsGeoJsonAndCsv() throws Exception {
		Caller admin = admin();
		long grid = grid(0);
		String tag = Long.toString(System.nanoTime() % 1_000_000);
		SamplingSite near = this.sites.register(admin, new NewSite("近点采样点" + tag, SiteKind.MASS, grid, "幸福路 1 号", LON,
				LAT, "08:00-20:00", 4, 600, "010-1234567"));
		SamplingSite far = this.sites.register(admin,
				new NewSite("远点采样点" + tag, SiteKind.FIXED, grid, "幸福路 99 号", LON + 0.02, LAT, null, 2, 100, null));
		SamplingSite closed = this.sites.register(admin, new NewSite("关闭采样点, \"东\"" + tag, SiteKind.MOBILE, grid,
				"幸福路 5 号", LON + 0.001, LAT, null, 1, 50, null));
		this.sites.report(admin, near.id(), new StatusReport(SiteStatus.OPEN, 12));
		this.sites.report(admin, far.id(), new StatusReport(SiteStatus.BUSY, 300));
		Api api = new Api(this.port);

		Response nearest = api.get(null, "/api/v1/public/sampling-sites?lon=" + (LON + 0.0001) + "&lat=" + LAT);
		assertThat(nearest.status()).as(nearest.body()).isEqualTo(200);
		List<String> codes = new ArrayList<>();
		nearest.json().forEach(n -> codes.add(n.get("code").asString()));
		// the closed site is nearer than the far one, but only open sites are listed
		assertThat(codes).startsWith(near.code(), far.code()).doesNotContain(closed.code());
		JsonNode first = nearest.json().get(0);
		assertThat(first.get("distanceMetres").asLong()).isBetween(5L, 15L);
		assertThat(first.get("queueLength").asInt()).isEqualTo(12);
		assertThat(first.get("phone").asString()).isEqualTo("010-1234567");
		assertThat(first.get("status").asString()).isEqualTo("OPEN");
		assertThat(nearest.json().get(1).get("crowded").asBoolean()).isTrue();

		// a wrong coordinate is named
		Response bad = api.get(null, "/api/v1/public/sampling-sites?lon=abc&lat=" + LAT);
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("\"lon\"");
		Response outside = api.get(null, "/api/v1/public/sampling-sites?lon=" + LON + "&lat=95");
		assertThat(outside.status()).isEqualTo(400);
		assertThat(outside.body()).contains("\"lat\"");
		assertThat(api.get(null, "/api/v1/public/sampling-sites?lat=" + LAT).body()).contains("\"lon\"");
		assertThat(api.get(null, "/api/v1/public/sampling-sites?lon=1&lat=1&limit=0").body()).contains("\"limit\"");

		Response geo = api.get(null, "/api/v1/public/sampling-sites.geojson");
		assertThat(geo.status()).isEqualTo(200);
		assertThat(geo.contentType()).startsWith("application/geo+json");
		JsonNode collection = JsonMapper.builder().build().readTree(geo.body());
		assertThat(collection.get("type").asString()).isEqualTo("FeatureCollection");
		JsonNode feature = null;
		for (JsonNode f : collection.get("features")) {
			if (f.get("properties").get("code").asString().equals(near.code())) {
				feature = f;
			}
		}
		assertThat(feature).as("the near site in the GeoJSON").isNotNull();
		assertThat(feature.get("geometry").get("type").asString()).isEqualTo("Point");
		assertThat(feature.get("geometry").get("coordinates").get(0).asDouble()).isEqualTo(LON);
		assertThat(feature.get("geometry").get("coordinates").get(1).asDouble()).isEqualTo(LAT);
		List<String> names = new ArrayList<>();
		feature.get("properties").propertyNames().forEach(names::add);
		assertThat(names).containsExactly("code", "name", "kind", "address", "openingHours", "stations",
				"capacityPerHour", "phone", "status", "queueLength", "waitMinutes", "statusAt");
		assertThat(feature.get("properties").get("kind").asString()).isEqualTo("MASS");
		assertThat(feature.get("properties").get("capacityPerHour").asInt()).isEqualTo(600);

		Response csv = api.get(null, "/api/v1/public/sampling-sites.csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.contentType()).startsWith("text/csv");
		assertThat(csv.header("Content-Disposition")).startsWith("attachment").contains("sampling-sites.csv");
		assertThat(csv.body()).startsWith("\uFEFFcode,name,kind,address,lon,lat,openingHours,stations,"
				+ "capacityPerHour,phone,status,queueLength,waitMinutes,statusAt\r\n");
		assertThat(csv.body()).contains("\r\n" + closed.code() + ",\"关闭采样点, \"\"东\"\"" + tag + "\",MOBILE,");
		String nearLine = csv.body().lines().filter(l -> l.startsWith(near.code() + ",")).findFirst().orElseThrow();
		assertThat(nearLine).startsWith(near.code() + ",近点采样点" + tag + ",MASS,幸福路 1 号," + LON + "," + LAT
				+ ",08:00-20:00,4,600,010-1234567,OPEN,12,");

		// the page itself, without login
		HttpResponse<String> page = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/p/sampling-sites")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.body()).contains("附近核酸采样点").contains("sampling-sites.csv").contains("data-center-lon");
	}

	@Test
	void aRoundsUntestedListExportsToExcelRowForRowAndTheStaffPagesRender() throws Exception {
		Caller admin = admin();
		long grid = grid(1);
		Instant now = Instant.now();
		TestingRound round = this.rounds.start(admin,
				new NewRound("导出测试轮次" + System.nanoTime() % 100_000, now.minusSeconds(3600),
						now.plus(Duration.ofDays(1)), RoundPopulation.ALL, null, null, 10, 0, List.of(grid)));
		List<ListedPerson> expected = new ArrayList<>();
		for (int page = 0;; page++) {
			Slice<ListedPerson> slice = this.rounds.list(admin, round.id(), RoundList.UNTESTED, grid,
					new PageRequest(page, PageRequest.MAX_SIZE), "TEST", "127.0.0.1");
			expected.addAll(slice.items());
			if (!slice.hasNext()) {
				break;
			}
		}
		assertThat(expected).hasSizeGreaterThan(10);

		WebSession web = new WebSession(this.port);
		web.logIn("admin", IntegrationTest.ADMIN_PASSWORD);
		String cookie = web.cookies()
			.stream()
			.map(c -> c.getName() + "=" + c.getValue())
			.collect(Collectors.joining("; "));
		HttpResponse<byte[]> xlsx = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/testing/rounds/" + round.id()
					+ "/lists/untested.xlsx?gridId=" + grid))
				.header("Cookie", cookie)
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(xlsx.statusCode()).isEqualTo(200);
		assertThat(xlsx.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
			.contains("round-" + round.id() + "-untested-grid-" + grid + ".xlsx");
		List<String> rows = new ArrayList<>();
		try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
			List<Row> read = workbook.getFirstSheet().read();
			assertThat(read.get(0).getCellText(2)).isEqualTo("姓名");
			for (Row row : read.subList(1, read.size())) {
				rows.add(text(row, 0) + "|" + text(row, 1) + "|" + text(row, 2) + "|" + text(row, 3) + "|"
						+ text(row, 4) + "|" + text(row, 5));
			}
		}
		assertThat(rows).containsExactlyElementsOf(expected.stream()
			.map(p -> p.personId() + "|" + ((p.gridId() == null) ? "" : p.gridId()) + "|" + p.name() + "|"
					+ p.idNumber() + "|" + ((p.phone() == null) ? "" : p.phone()) + "|"
					+ ((p.address() == null) ? "" : p.address()))
			.toList());

		HttpResponse<String> list = web.get("/testing/rounds/" + round.id() + "/lists/untested?gridId=" + grid);
		assertThat(list.statusCode()).isEqualTo(200);
		assertThat(list.body()).contains(expected.get(0).name()).contains(expected.get(0).idNumber());
		HttpResponse<String> progress = web.get("/testing/rounds/" + round.id());
		assertThat(progress.statusCode()).isEqualTo(200);
		assertThat(progress.body()).contains(round.name()).contains("hx-trigger=\"every 10s\"");
		HttpResponse<String> fragment = web.get("/testing/rounds/" + round.id() + "/progress");
		assertThat(fragment.body()).contains("id=\"total-required\"").doesNotContain("<html");
		// the command registers a site with the form; a missing address is named
		web.get("/testing/sites");
		HttpResponse<String> refused = web.post("/testing/sites", "name=" + WebSession.encode("表单采样点")
				+ "&kind=MASS&divisionId=" + grid + "&address=&stations=2&capacityPerHour=80");
		assertThat(refused.statusCode()).isEqualTo(200);
		assertThat(refused.body()).contains("id=\"errors\"").contains("地址");
		HttpResponse<String> registered = web.post("/testing/sites",
				"name=" + WebSession.encode("表单采样点") + "&kind=MASS&divisionId=" + grid + "&address="
						+ WebSession.encode("表单路 1 号") + "&lon=120.5&lat=31.3&stations=2&capacityPerHour=80&phone=");
		assertThat(registered.statusCode()).as(registered.body()).isEqualTo(302);
		assertThat(registered.headers().firstValue("Location").orElseThrow()).contains("/testing/sites#site-");
		assertThat(web.get("/testing/sites").body()).contains("表单采样点");
		for (String path : List.of("/testing", "/testing/sites", "/testing/rounds", "/testing/results",
				"/testing/site")) {
			HttpResponse<String> answer = web.get(path);
			assertThat(answer.statusCode()).as(path).isEqualTo(200);
			assertThat(answer.body()).as(path).contains("核酸检测");
		}
	}

	private static String text(Row row, int column) {
		return row.getOptionalCell(column).map(c -> c.getText()).orElse("");
	}

	private Caller admin() {
		return this.users.findByUsername("admin").orElseThrow().asCaller();
	}

	private long grid(int offset) {
		return this.jdbc.sql("SELECT id FROM division WHERE level = 'GRID' ORDER BY id LIMIT 1 OFFSET :o")
			.param("o", offset)
			.query(Long.class)
			.single();
	}

}
