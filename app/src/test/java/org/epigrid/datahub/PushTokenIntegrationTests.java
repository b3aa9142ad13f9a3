package org.epigrid.datahub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A department pushes its list with a push token: only imports into the sources it names,
 * acting for the data officer who issued it, until it is revoked.
 */
@IntegrationTest
class PushTokenIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Test
	void aPushTokenImportsIntoItsSourcesOnlyAndNothingElse() {
		Api api = new Api(this.port);
		String officerName = "push-officer-" + UUID.randomUUID().toString().substring(0, 8);
		String township = this.jdbc.sql("SELECT path FROM division WHERE level = 'TOWNSHIP' LIMIT 1")
			.query(String.class)
			.single();
		this.users
			.create(new NewUser(officerName, "数据专员", "officer-password", EnumSet.of(Role.DATA_OFFICER), township));
		String officer = api.token(officerName, "officer-password");

		// issuing: a known source is required, the token is shown once
		Response bad = api.post(officer, "/api/v1/push-tokens",
				"{\"label\":\"铁路局\",\"sources\":[\"rail-arrivals\",\"no-such-source\"]}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors").get(0).get("field").asString()).isEqualTo("sources[1]");
		Response issued = api.post(officer, "/api/v1/push-tokens",
				"{\"label\":\"铁路局客运系统\",\"sources\":[\"rail-arrivals\"],\"days\":30}");
		assertThat(issued.status()).as(issued.body()).isEqualTo(201);
		String push = issued.json().get("token").asString();
		long tokenId = issued.json().get("id").asLong();
		assertThat(push).startsWith("egt_");
		assertThat(api.get(officer, "/api/v1/push-tokens").body()).contains("铁路局客运系统").doesNotContain(push);

		// pushing into its source works, as the officer, and its progress can be read
		String csv = "姓名,身份证号,出发地,到达时间\n推送者," + TestIds.valid() + ",天津,2026-01-10 08:00\n";
		Response upload = api.upload(push, "/api/v1/imports", Map.of("source", "rail-arrivals"),
				"push-" + UUID.randomUUID() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		long job = upload.json().get("id").asLong();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> api.get(push, "/api/v1/imports/" + job).json().get("state").asString(), "COMPLETED"::equals);
		assertThat(this.jdbc.sql("SELECT created_by || ' ' || jurisdiction FROM import_job WHERE id = :j")
			.param("j", job)
			.query(String.class)
			.single()).isEqualTo(officerName + " " + township);

		// another source: 403 naming the source; anything else: 403
		Response otherSource = api.upload(push, "/api/v1/imports", Map.of("source", "air-arrivals"),
				"push-" + UUID.randomUUID() + ".csv", csv.getBytes(StandardCharsets.UTF_8));
		assertThat(otherSource.status()).isEqualTo(403);
		JsonNode error = otherSource.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo("source");
		assertThat(api.get(push, "/api/v1/persons?q=王").status()).isEqualTo(403);
		assertThat(api.get(push, "/api/v1/imports/" + job + "/records").status()).isEqualTo(403);
		assertThat(api.get(push, "/api/v1/push-tokens").status()).isEqualTo(403);

		// a grid worker may not issue push tokens
		String workerName = "push-worker-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(workerName, "网格员", "worker-password", EnumSet.of(Role.GRID_WORKER), township));
		String worker = api.token(workerName, "worker-password");
		assertThat(
				api.post(worker, "/api/v1/push-tokens", "{\"label\":\"x\",\"sources\":[\"rail-arrivals\"]}").status())
			.isEqualTo(403);

		// revoked: the token stops working at once; the revocation and the issue are
		// audited
		assertThat(api.delete(officer, "/api/v1/push-tokens/" + tokenId).status()).isEqualTo(204);
		assertThat(api.get(push, "/api/v1/imports/" + job).status()).isEqualTo(401);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM audit_log WHERE subject_type = 'PUSH_TOKEN' AND subject_id = :id
				""").param("id", Long.toString(tokenId)).query(Long.class).single()).isEqualTo(2);
	}

}
