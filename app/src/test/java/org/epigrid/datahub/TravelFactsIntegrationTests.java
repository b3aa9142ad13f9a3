package org.epigrid.datahub;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.epigrid.codes.CodeStatus;
import org.epigrid.codes.Colour;
import org.epigrid.codes.HealthCodeManagement;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.FormClient;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.LoginCodes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The data hub publishes what it learns of travel: after an inbound-traveller import (the
 * real pipeline, over HTTP), a person who came from a risk city
 * ({@code epigrid.datahub.risk-cities}, {@link IntegrationTest#RISK_CITY} in tests) has
 * the travel star and a yellow code, and their travel page (行程) shows the city and the
 * star; a person who came from elsewhere has neither, and their page shows their journey
 * without a star.
 */
@IntegrationTest
class TravelFactsIntegrationTests {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	HealthCodeManagement codes;

	@Autowired
	Clock clock;

	@Test
	void theTravelStarAndTheTravelPageAgreeAfterAnInboundTravellerImport() throws Exception {
		List<Resident> residents = freshResidents();
		Resident fromRiskCity = residents.get(0);
		Resident fromElsewhere = residents.get(1);
		String riskOrigin = "湖北省" + IntegrationTest.RISK_CITY;
		String otherOrigin = "北京市";
		Instant now = this.clock.instant();
		String csv = String.join("\n", "姓名,身份证号,联系电话,出发地,到达时间,目的地,车次,座位号",
				arrival(fromRiskCity, riskOrigin, now.minus(Duration.ofDays(2)), "G7101"),
				arrival(fromElsewhere, otherOrigin, now.minus(Duration.ofDays(2)), "G7102"));
		Api api = new Api(this.port);
		String admin = api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		importFile(api, admin, "rail-arrivals", csv);

		// the code: star and yellow (arrived without a negative test since) for the one
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.codes.status(fromRiskCity.id()).star());
		CodeStatus star = this.codes.status(fromRiskCity.id());
		assertThat(star.colour()).isEqualTo(Colour.YELLOW);
		assertThat(star.reasons()).extracting(r -> r.code()).contains("INBOUND_UNTESTED", "RISK_CITY_TRIP");
		// the other was in the same events' import: handled by now, and untouched
		CodeStatus plain = this.codes.status(fromElsewhere.id());
		assertThat(plain.star()).isFalse();
		assertThat(plain.colour()).isEqualTo(Colour.GREEN);

		// the travel pages say the same
		String riskPage = travelPage(fromRiskCity);
		assertThat(riskPage).contains(riskOrigin).contains("G7101");
		assertThat(starShown(riskPage)).isTrue();
		String otherPage = travelPage(fromElsewhere);
		assertThat(otherPage).contains(otherOrigin).contains("G7102").doesNotContain(IntegrationTest.RISK_CITY);
		assertThat(starShown(otherPage)).isFalse();
	}

	/** The page's star line, in either language of the bundles. */
	private static boolean starShown(String page) {
		boolean star = page.contains("行程带星") || page.contains("Travel star:");
		boolean noStar = page.contains("行程无星") || page.contains("No travel star");
		assertThat(star).as("exactly one of star and no star").isNotEqualTo(noStar);
		return star;
	}

	private String travelPage(Resident resident) throws Exception {
		FormClient browser = new FormClient(this.port, "/r/login");
		HttpResponse<String> sent = browser.post("/r/login/code", "phone=" + resident.phone());
		assertThat(sent.body()).contains("name=\"code\"");
		HttpResponse<String> in = browser.post("/r/login",
				"phone=" + resident.phone() + "&code=" + outboxCode(resident.phone()));
		assertThat(in.statusCode()).isEqualTo(302);
		HttpResponse<String> travel = browser.get("/r/travel?person=" + resident.id());
		assertThat(travel.statusCode()).isEqualTo(200);
		return travel.body();
	}

	private String outboxCode(String phone) {
		return LoginCodes.lastSentTo(this.jdbc, phone);
	}

	private String arrival(Resident r, String origin, Instant at, String train) {
		return String.join(",", r.name(), r.idNumber(), r.phone(), origin, TIME.format(at.atZone(this.clock.getZone())),
				"相城区某小区", train, "05车12F");
	}

	private static void importFile(Api api, String admin, String source, String csv) {
		Response response = api.upload(admin, "/api/v1/imports", Map.of("source", source),
				source + "-" + UUID.randomUUID() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> api.get(admin, "/api/v1/imports/" + id).json().get("state").asString(),
					state -> state.equals("COMPLETED") || state.equals("FAILED"));
		JsonNode job = api.get(admin, "/api/v1/imports/" + id).json();
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.get("rowsRejected").asLong()).as(job.toString()).isZero();
	}

	/**
	 * Two residents nobody's test touched: a phone of their own (the resident login), no
	 * imported records, no health facts.
	 */
	private List<Resident> freshResidents() {
		return this.jdbc.sql("""
				SELECT p.id, p.name, p.document_number, p.phone FROM person p
				WHERE p.document_type = 'RESIDENT_ID' AND p.merged_into IS NULL
				  AND p.phone LIKE '1__________' AND p.name NOT LIKE '%,%'
				  AND (SELECT count(*) FROM person q WHERE q.phone = p.phone) = 1
				  AND NOT EXISTS (SELECT 1 FROM source_record r WHERE r.person_id = p.id)
				  AND NOT EXISTS (SELECT 1 FROM code_fact f WHERE f.person_id = p.id)
				ORDER BY random() LIMIT 2
				""")
			.query((rs, i) -> new Resident(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
	}

	record Resident(long id, String name, String idNumber, String phone) {
	}

}
