package org.epigrid.population;

import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
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

/**
 * The population API over real HTTP against the embedded PostgreSQL and a small demo
 * town.
 */
@IntegrationTest
class PopulationApiIntegrationTests {

	private static final String PASSWORD = "grid-worker-password";

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	private Api api;

	private String admin;

	private String gridA;

	private String gridB;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		this.admin = this.api.token("admin", IntegrationTest.ADMIN_PASSWORD);
		List<String> grids = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' ORDER BY path LIMIT 2")
			.query(String.class)
			.list();
		assertThat(grids).hasSize(2);
		this.gridA = grids.get(0);
		this.gridB = grids.get(1);
	}

	@Test
	void refusesWrongCheckDigitNamingIdNumberAndWritesNothing() {
		long before = persons();
		String bad = TestIds.withWrongCheckDigit(TestIds.valid());
		Response response = this.api.post(this.admin, "/api/v1/persons", personJson("王小明", bad, "13912345678"));
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode errors = response.json().get("errors");
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).get("field").asString()).isEqualTo("idNumber");
		assertThat(errors.get(0).get("message").asString()).contains("check digit");
		assertThat(persons()).isEqualTo(before);
	}

	@Test
	void reportsEveryInvalidFieldAtOnce() {
		Response response = this.api.post(this.admin, "/api/v1/persons",
				"{\"name\":\"\",\"idNumber\":\"123\",\"phone\":\"555\",\"householdId\":" + household(this.gridA)
						+ ",\"tags\":[\"VIP\"]}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("name",
				"idNumber", "phone", "tags");
	}

	@Test
	void aPersonWithoutAPhoneKeepsTheirHouseholdAndOneWithAPhoneAndNoHouseholdHasNone() {
		long household = household(this.gridA);
		Response noPhone = this.api.post(this.admin, "/api/v1/persons", personJson("周九", TestIds.valid(), null));
		assertThat(noPhone.status()).as(noPhone.body()).isEqualTo(201);
		JsonNode read = this.api.get(this.admin, "/api/v1/persons/" + noPhone.json().get("id").asLong()).json();
		assertThat(read.get("householdId").asLong()).isEqualTo(household);
		long homeless = this.jdbc.sql("""
				INSERT INTO person (name, document_type, document_number, sex, phone, path, population_type, created_at,
				                    updated_at)
				VALUES ('吴十', 'OTHER', :n, 'UNKNOWN', '13800000000', :path, 'FLOATING', now(), now()) RETURNING id""")
			.param("n", "NOHOME-" + System.nanoTime())
			.param("path", this.gridA)
			.query(Long.class)
			.single();
		JsonNode withPhone = this.api.get(this.admin, "/api/v1/persons/" + homeless).json();
		assertThat(withPhone.get("householdId").isNull()).as(withPhone.toString()).isTrue();
	}

	@Test
	void refusesDuplicateIdNumberWith409() {
		String id = TestIds.valid();
		Response first = this.api.post(this.admin, "/api/v1/persons", personJson("李四", id, null));
		assertThat(first.status()).isEqualTo(201);
		assertThat(first.json().get("name").asString()).isEqualTo("李四");
		long before = persons();
		Response second = this.api.post(this.admin, "/api/v1/persons", personJson("李四四", id, null));
		assertThat(second.status()).isEqualTo(409);
		assertThat(second.json().get("errors").get(0).get("field").asString()).isEqualTo("idNumber");
		assertThat(persons()).isEqualTo(before);
		assertThat(this.jdbc.sql("SELECT count(*) FROM person WHERE document_number = :n")
			.param("n", id)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void registrationDerivesSexBirthDateAndElderlyTagFromTheIdNumber() {
		String first17 = "32050719500101" + String.format("%03d", 1 + 2 * (int) (Math.random() * 400));
		String id = first17 + org.epigrid.shared.IdNumber.checkCharacter(first17);
		Response response = this.api.post(this.admin, "/api/v1/persons", personJson("赵老伯", id, "13700001111"));
		assertThat(response.status()).isEqualTo(201);
		JsonNode person = response.json();
		assertThat(person.get("sex").asString()).isEqualTo("MALE");
		assertThat(person.get("birthDate").asString()).isEqualTo("1950-01-01");
		assertThat(person.get("tags").toString()).contains("ELDERLY");
		assertThat(person.get("path").asString()).startsWith(this.gridA);
		assertThat(person.get("phone").asString()).isEqualTo("137****1111");
	}

	@Test
	void gridWorkerOfGridANeitherFindsNorOpensAPersonOfGridB() {
		String workerA = gridWorker(this.gridA);
		PersonRef inB = personIn(this.gridB);
		PersonRef inA = personIn(this.gridA);

		Response byId = this.api.get(workerA, "/api/v1/persons?q=" + inB.documentNumber());
		assertThat(byId.status()).isEqualTo(200);
		assertThat(byId.json().get("items")).isEmpty();
		Response byPhone = this.api.get(workerA, "/api/v1/persons?q=" + inB.phone());
		assertThat(byPhone.json().get("items")).isEmpty();
		Response byName = this.api.get(workerA, "/api/v1/persons?size=200&q=" + Api.encode(inB.name()));
		assertThat(byName.json().get("items").findValuesAsString("id")).doesNotContain(Long.toString(inB.id()));
		assertThat(byName.json().get("items").findValues("id").stream().map(JsonNode::asLong)).doesNotContain(inB.id());

		Response detail = this.api.get(workerA, "/api/v1/persons/" + inB.id());
		assertThat(detail.status()).isEqualTo(404);
		assertThat(this.api.get(workerA, "/api/v1/persons/999999999").status()).isEqualTo(404);
		assertThat(detail.json().get("detail").asString()).isEqualTo(this.api.get(workerA, "/api/v1/persons/999999999")
			.json()
			.get("detail")
			.asString()
			.replace("999999999", Long.toString(inB.id())));

		// the same worker does find and open people of their own grid, phone in full, ID
		// masked
		Response own = this.api.get(workerA, "/api/v1/persons?q=" + inA.documentNumber());
		assertThat(own.json().get("items")).hasSize(1);
		assertThat(own.json().get("items").get(0).get("maskedDocumentNumber").asString()).contains("********");
		Response ownDetail = this.api.get(workerA, "/api/v1/persons/" + inA.id());
		assertThat(ownDetail.status()).isEqualTo(200);
		assertThat(ownDetail.json().get("documentNumber").asString()).contains("*");
		assertThat(ownDetail.json().get("phone").asString()).isEqualTo(inA.phone());
		// and the admin (a commander-like, country-wide jurisdiction) finds both
		assertThat(this.api.get(this.admin, "/api/v1/persons?q=" + inB.documentNumber()).json().get("items"))
			.hasSize(1);
	}

	@Test
	void gridWorkerSeesOnlyTheirGridInTheTree() {
		String workerA = gridWorker(this.gridA);
		JsonNode grids = this.api.get(workerA, "/api/v1/grids").json();
		assertThat(grids.get("items")).hasSize(1);
		assertThat(grids.get("items").get(0).get("path").asString()).isEqualTo(this.gridA);
		JsonNode adminGrids = this.api.get(this.admin, "/api/v1/grids?size=100").json();
		assertThat(adminGrids.get("items")).hasSize(6);
		long gridBId = this.jdbc.sql("SELECT id FROM division WHERE path = :p")
			.param("p", this.gridB)
			.query(Long.class)
			.single();
		assertThat(this.api.get(workerA, "/api/v1/divisions/" + gridBId).status()).isEqualTo(404);
		assertThat(this.api.get(workerA, "/api/v1/divisions?parentId=" + gridBId).status()).isEqualTo(404);
		JsonNode top = this.api.get(workerA, "/api/v1/divisions").json();
		assertThat(top).hasSize(1);
		assertThat(top.get(0).get("level").asString()).isEqualTo("GRID");
	}

	@Test
	void detailViewsAreAuditedWithPurpose() {
		PersonRef person = personIn(this.gridA);
		String purpose = "contact tracing " + UUID.randomUUID();
		assertThat(
				this.api.get(this.admin, "/api/v1/persons/" + person.id() + "?purpose=" + Api.encode(purpose)).status())
			.isEqualTo(200);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log WHERE username = 'admin' AND action = 'VIEW_PERSON'
				AND subject_type = 'PERSON' AND subject_id = :id AND purpose = :purpose AND channel = 'API'
				""").param("id", Long.toString(person.id())).param("purpose", purpose).query(Long.class).single())
			.isEqualTo(1);
	}

	@Test
	void householdShowsMembersAndTheFourLevelChain() {
		long household = household(this.gridA);
		JsonNode view = this.api.get(this.admin, "/api/v1/households/" + household).json();
		assertThat(view.get("members").size()).isPositive();
		assertThat(view.get("chain").findValuesAsString("role")).containsSubsequence("PARTY_SECRETARY",
				"BRANCH_SECRETARY", "GRID_MANAGER", "MICRO_GRID_INFORMANT");
		assertThat(this.api.get(gridWorker(this.gridB), "/api/v1/households/" + household).status()).isEqualTo(404);
	}

	@Test
	void apiWithoutValidTokenIs401ProblemDetail() {
		Response none = this.api.get(null, "/api/v1/persons");
		assertThat(none.status()).isEqualTo(401);
		assertThat(none.contentType()).startsWith("application/problem+json");
		assertThat(this.api.get("egt_forged", "/api/v1/persons").status()).isEqualTo(401);
		Response wrong = this.api.post(null, "/api/v1/auth/token", "{\"username\":\"admin\",\"password\":\"nope\"}");
		assertThat(wrong.status()).isEqualTo(401);
	}

	@Test
	void badPagingAndMalformedBodiesNameTheField() {
		Response size = this.api.get(this.admin, "/api/v1/persons?size=100000");
		assertThat(size.status()).isEqualTo(400);
		assertThat(size.json().get("errors").get(0).get("field").asString()).isEqualTo("size");
		Response date = this.api.post(this.admin, "/api/v1/persons",
				"{\"name\":\"钱七\",\"idNumber\":\"" + TestIds.valid() + "\",\"birthDate\":\"yesterday\"}");
		assertThat(date.status()).isEqualTo(400);
		assertThat(date.json().get("errors").get(0).get("field").asString()).isEqualTo("birthDate");
		Response broken = this.api.post(this.admin, "/api/v1/persons", "{\"name\":");
		assertThat(broken.status()).isEqualTo(400);
		assertThat(broken.json().get("errors").get(0).get("field").asString()).isEqualTo("body");
	}

	@Test
	void gridWorkerCannotRegisterIntoAnotherGrid() {
		String workerA = gridWorker(this.gridA);
		Response response = this.api.post(workerA, "/api/v1/persons", "{\"name\":\"孙八\",\"idNumber\":\""
				+ TestIds.valid() + "\",\"householdId\":" + household(this.gridB) + "}");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("householdId");
	}

	private String personJson(String name, String idNumber, String phone) {
		return "{\"name\":\"" + name + "\",\"idNumber\":\"" + idNumber + "\""
				+ (phone != null ? ",\"phone\":\"" + phone + "\"" : "") + ",\"householdId\":" + household(this.gridA)
				+ "}";
	}

	private long persons() {
		return this.jdbc.sql("SELECT count(*) FROM person").query(Long.class).single();
	}

	private long household(String gridPath) {
		return this.jdbc.sql("SELECT id FROM household WHERE path LIKE :p || '%' ORDER BY id LIMIT 1")
			.param("p", gridPath)
			.query(Long.class)
			.single();
	}

	private PersonRef personIn(String gridPath) {
		return this.jdbc.sql("""
				SELECT id, name, document_number, phone FROM person
				WHERE path LIKE :p || '%' AND phone IS NOT NULL AND document_type = 'RESIDENT_ID'
				ORDER BY id LIMIT 1
				""")
			.param("p", gridPath)
			.query((rs, i) -> new PersonRef(rs.getLong("id"), rs.getString("name"), rs.getString("document_number"),
					rs.getString("phone")))
			.single();
	}

	private String gridWorker(String gridPath) {
		String username = "gw-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(username, "网格员 " + username, PASSWORD, EnumSet.of(Role.GRID_WORKER), gridPath));
		return this.api.token(username, PASSWORD);
	}

	record PersonRef(long id, String name, String documentNumber, String phone) {
	}

}
