package org.epigrid.datahub;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A 200,000-row Excel workbook, as a telecom operator sends a day of roaming visitors,
 * goes through the whole pipeline: every row accepted or rejected, counts reconciled,
 * every rejected row kept with its reason.
 */
@IntegrationTest
class DataHubLargeImportIntegrationTests {

	private static final int ROWS = 200_000;

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Test
	void importsA200000RowWorkbookLosingNothing() throws Exception {
		String username = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(username, "数据专员", "officer-password", EnumSet.of(Role.DATA_OFFICER), "/"));
		Api api = new Api(this.port);
		String token = api.token(username, "officer-password");

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Workbook workbook = new Workbook(out, "EpiGrid tests", "1.0");
		Worksheet sheet = workbook.newWorksheet("漫游来访");
		String[] header = { "姓名", "手机号码", "来源地", "到达时间" };
		for (int c = 0; c < header.length; c++) {
			sheet.value(0, c, header[c]);
		}
		int bad = 0;
		for (int r = 1; r <= ROWS; r++) {
			sheet.value(r, 0, "来访" + r);
			// every 1,000th phone is one digit short
			boolean wrong = r % 1000 == 0;
			bad += wrong ? 1 : 0;
			sheet.value(r, 1, wrong ? "1390000000" : Long.toString(17000000000L + r));
			sheet.value(r, 2, "武汉");
			sheet.value(r, 3, java.time.LocalDateTime.of(2026, 1, 10, 8, 0).plusMinutes(r % 600));
			sheet.style(r, 3).format("yyyy-mm-dd hh:mm").set();
			if (r % 20_000 == 0) {
				sheet.flush();
			}
		}
		workbook.finish();

		Response response = api.upload(token, "/api/v1/imports", Map.of("source", "telecom-roaming"),
				"roaming-" + UUID.randomUUID() + ".xlsx", out.toByteArray());
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> api.get(token, "/api/v1/imports/" + id).json().get("state").asString(),
					s -> s.equals("COMPLETED") || s.equals("FAILED"));
		JsonNode job = api.get(token, "/api/v1/imports/" + id).json();
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.get("format").asString()).isEqualTo("XLSX");
		assertThat(job.get("rowsRead").asLong()).isEqualTo(ROWS);
		assertThat(job.get("rowsRejected").asLong()).isEqualTo(bad);
		assertThat(job.get("rowsAccepted").asLong()).isEqualTo(ROWS - bad);
		assertThat(this.jdbc.sql("SELECT count(*) FROM source_record WHERE job_id = :id")
			.param("id", id)
			.query(Long.class)
			.single()).isEqualTo(ROWS - bad);
		assertThat(this.jdbc.sql("""
				SELECT count(*) FROM import_rejected_row WHERE job_id = :id AND reasons::text LIKE '%手机号码%'
				""").param("id", id).query(Long.class).single()).isEqualTo(bad);
		assertThat(this.jdbc.sql("""
				SELECT fields ->> 'arrivalTime' FROM source_record WHERE job_id = :id AND row_number = 2
				""").param("id", id).query(String.class).single()).isEqualTo("2026-01-10T08:01");
	}

}
