package org.epigrid.datahub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.epigrid.datahub.internal.tabular.TabularFiles;
import org.epigrid.datahub.internal.tabular.TabularReader;
import org.epigrid.datahub.internal.tabular.TabularRow;
import org.epigrid.security.Role;
import org.epigrid.security.UserManagement;
import org.epigrid.security.UserManagement.NewUser;
import org.epigrid.shared.IdNumber;
import org.epigrid.support.Api;
import org.epigrid.support.Api.Response;
import org.epigrid.support.IntegrationTest;
import org.epigrid.support.TestIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Imports over the real HTTP API into the embedded PostgreSQL: every row accepted or
 * rejected with its reasons, counts that always reconcile, identity links with their
 * method, and files that are refused at once.
 */
@IntegrationTest
class DataHubImportIntegrationTests {

	private static final Charset GB18030 = Charset.forName("GB18030");

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	UserManagement users;

	@Autowired
	Clock clock;

	@TempDir
	Path temp;

	private Api api;

	private String officer;

	@BeforeEach
	void setUp() {
		this.api = new Api(this.port);
		String username = "officer-" + UUID.randomUUID().toString().substring(0, 8);
		String township = this.jdbc.sql("SELECT path FROM division WHERE level = 'TOWNSHIP' LIMIT 1")
			.query(String.class)
			.single();
		this.users.create(new NewUser(username, "数据专员", "officer-password", EnumSet.of(Role.DATA_OFFICER), township));
		this.officer = this.api.token(username, "officer-password");
	}

	@Test
	void everyRowIsAcceptedOrRejectedWithReasonsAndCountsReconcile() throws Exception {
		Known a = known("phone IS NOT NULL", 0);
		Known b = known("phone IS NOT NULL", 1);
		String unknownId = TestIds.valid();
		String csv = String.join("\r\n", "姓名,身份证号,联系电话,出发地,到达时间,车次,备注",
				a.name() + "," + a.idNumber() + ",,武汉,2026-01-10 08:30,G1234,首行备注",
				b.name() + ",," + b.phone() + ",武汉,2026/1/10 9:15,G1234,",
				"王新来," + unknownId + ",13911112222,上海,2026年1月10日,D5,", "李无证,,19999999999,北京,2026-01-10,,", "",
				"错号," + TestIds.withWrongCheckDigit(TestIds.valid()) + ",,武汉,2026-01-10,,",
				"," + TestIds.valid() + ",,武汉,2026-01-10,,", "坏电话,,12345,武汉,2026-01-10,,",
				"坏日期," + TestIds.valid() + ",,武汉,明天,,",
				a.name() + "," + a.idNumber() + ",,武汉,2026-01-10 08:30,G1234,首行备注", "");
		JsonNode job = importFile("rail-arrivals", "rail-" + UUID.randomUUID() + ".csv", csv.getBytes(GB18030));
		assertThat(job.get("state").asString()).isEqualTo("COMPLETED");
		assertThat(job.get("encoding").asString()).isEqualTo("GB18030");
		assertThat(job.get("rowsRead").asLong()).isEqualTo(9);
		assertThat(job.get("rowsAccepted").asLong()).isEqualTo(5);
		assertThat(job.get("rowsRejected").asLong()).isEqualTo(4);
		assertThat(job.get("blankRows").asLong()).isEqualTo(1);
		long id = job.get("id").asLong();

		// identity: by ID number, by name + phone, a provisional person, and one left for
		// manual matching
		assertThat(link(id, 2)).isEqualTo(new Link(a.id(), "ID_NUMBER"));
		assertThat(link(id, 3)).isEqualTo(new Link(b.id(), "NAME_PHONE"));
		Link provisional = link(id, 4);
		assertThat(provisional.method()).isEqualTo("PROVISIONAL");
		assertThat(this.jdbc.sql("SELECT provisional FROM person WHERE id = :id AND document_number = :n")
			.param("id", provisional.personId())
			.param("n", unknownId)
			.query(Boolean.class)
			.single()).isTrue();
		assertThat(link(id, 5)).isEqualTo(new Link(null, null));
		assertThat(link(id, 11)).isEqualTo(new Link(a.id(), "ID_NUMBER"));
		// columns that map to no field are kept with the record
		assertThat(this.jdbc
			.sql("SELECT fields -> 'extra' ->> '备注' FROM source_record WHERE job_id = :j AND row_number = 2")
			.param("j", id)
			.query(String.class)
			.single()).isEqualTo("首行备注");

		// the rejected rows, with their original cells and a reason naming the column
		List<TabularRow> rejected = rejectedRows(id);
		assertThat(rejected).hasSize(4);
		assertThat(reasonOf(rejected, "错号")).contains("身份证号").contains("check digit is wrong");
		assertThat(rejected.stream().filter(r -> r.cells().get(0).isEmpty()).findFirst().orElseThrow().cells())
			.anyMatch(c -> c.contains("姓名: is empty"));
		assertThat(reasonOf(rejected, "坏电话")).contains("联系电话");
		assertThat(reasonOf(rejected, "坏日期")).contains("到达时间").contains("is not a date");
		assertThat(rejected).extracting(r -> r.cells().get(r.cells().size() - 2)).containsExactly("7", "8", "9", "10");

		// correcting the rejected rows and importing them completes the set
		List<String> corrected = new ArrayList<>();
		corrected.add("姓名,身份证号,联系电话,出发地,到达时间,车次,备注,原行号 source row,错误原因 reason");
		corrected.add("错号," + TestIds.valid() + ",,武汉,2026-01-10,,,7,fixed");
		corrected.add("补名," + TestIds.valid() + ",,武汉,2026-01-10,,,8,fixed");
		corrected.add("坏电话,,13912345678,武汉,2026-01-10,,,9,fixed");
		corrected.add("坏日期," + TestIds.valid() + ",,武汉,2026-01-11,,,10,fixed");
		JsonNode second = importFile("rail-arrivals", "rail-corrected-" + UUID.randomUUID() + ".csv",
				String.join("\n", corrected).getBytes(StandardCharsets.UTF_8));
		assertThat(second.get("rowsAccepted").asLong()).isEqualTo(4);
		assertThat(second.get("rowsRejected").asLong()).isZero();
		assertThat(job.get("rowsAccepted").asLong() + second.get("rowsAccepted").asLong())
			.isEqualTo(job.get("rowsRead").asLong());
	}

	@Test
	void theSameFileTwiceIsRefusedAndAddsNothing() throws Exception {
		Known a = known("TRUE", 2);
		byte[] file = ("姓名,身份证号,疫苗名称,剂次,接种日期\n" + a.name() + "," + a.idNumber() + ",新冠疫苗,3,2026-01-05\n")
			.getBytes(StandardCharsets.UTF_8);
		String name = "vaccination-" + UUID.randomUUID() + ".csv";
		importFile("vaccination", name, file);
		long records = count("source_record");
		long jobs = count("import_job");
		Response again = this.api.upload(this.officer, "/api/v1/imports", Map.of("source", "vaccination"),
				"renamed-" + name, file);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("errors").get(0).get("field").asString()).isEqualTo("file");
		assertThat(again.json().get("detail").asString()).contains("already imported");
		assertThat(count("source_record")).isEqualTo(records);
		assertThat(count("import_job")).isEqualTo(jobs);
	}

	@Test
	void filesThatAreNotWhatTheyClaimAreRefusedAtOnce() {
		long jobs = count("import_job");
		assertRefused("binary.csv", new byte[] { 'P', 'K', 0, 0, 1, 2, 3, 0, 0, 9 }, "");
		byte[] binary = new byte[4096];
		new java.util.Random(7).nextBytes(binary);
		binary[10] = 0;
		assertRefused("random.csv", binary, "");
		assertRefused("columns.csv", "姓名,住址\n张三,某街1号\n".getBytes(StandardCharsets.UTF_8), "lacks the required column");
		assertRefused("header-only.csv", "姓名,身份证号,到达时间\n".getBytes(StandardCharsets.UTF_8), "no data rows");
		assertRefused("empty.csv", new byte[0], "empty");
		assertThat(count("import_job")).isEqualTo(jobs);
		Response noFile = this.api.upload(this.officer, "/api/v1/imports", Map.of("source", "rail-arrivals"), null,
				null);
		assertThat(noFile.status()).isEqualTo(400);
		assertThat(this.api
			.upload(this.officer, "/api/v1/imports", Map.of("source", "no-such-source"), "x.csv",
					"姓名,身份证号\n张三,1\n".getBytes(StandardCharsets.UTF_8))
			.status()).isEqualTo(404);
	}

	@Test
	void aTruncatedCharacterAndABrokenQuoteCostOneRowEachAndTheRestImports() throws Exception {
		String[] ids = { TestIds.valid(), TestIds.valid(), TestIds.valid(), TestIds.valid(), TestIds.valid(),
				TestIds.valid() };
		byte[] cut = Arrays.copyOf("乙".getBytes(GB18030), 1);
		byte[] file = concat(
				("姓名,身份证号,联系电话,出发地,到达时间,车次\r\n" + "甲," + ids[0] + ",,武汉,2026-01-10 08:30,G1\r\n").getBytes(GB18030),
				// 乙 cut in half by the exporting system, right before the comma
				"李".getBytes(GB18030), cut,
				("," + ids[1] + ",,武汉,2026-01-10 08:30,G1\r\n" + "丙," + ids[2] + ",,武汉,2026-01-10 08:30,G1\r\n"
				// a quote that is never closed, before a row with a quoted field
						+ "丁," + ids[3] + ",,\"武汉,2026-01-10 08:30,G1\r\n" + "戊," + ids[4]
						+ ",,\"上海, 虹桥\",2026-01-10 09:00,G2\r\n" + "己," + ids[5] + ",,武汉,2026-01-10 08:30,G1\r\n")
					.getBytes(GB18030));
		JsonNode job = importFile("rail-arrivals", "rail-" + UUID.randomUUID() + ".csv", file);
		assertThat(job.get("encoding").asString()).isEqualTo("GB18030");
		assertThat(job.get("rowsRead").asLong()).isEqualTo(6);
		assertThat(job.get("rowsAccepted").asLong()).isEqualTo(4);
		assertThat(job.get("rowsRejected").asLong()).isEqualTo(2);
		long id = job.get("id").asLong();
		assertThat(this.jdbc.sql("SELECT row_number FROM source_record WHERE job_id = :j ORDER BY row_number")
			.param("j", id)
			.query(Long.class)
			.list()).containsExactly(2L, 4L, 6L, 7L);
		assertThat(
				this.jdbc.sql("SELECT fields ->> 'originCity' FROM source_record WHERE job_id = :j AND row_number = 6")
					.param("j", id)
					.query(String.class)
					.single())
			.isEqualTo("上海, 虹桥");

		List<TabularRow> rejected = rejectedRows(id);
		assertThat(rejected).extracting(r -> r.cells().get(r.cells().size() - 2)).containsExactly("3", "5");
		assertThat(rejected.get(0).cells()).startsWith("李\uFFFD", ids[1]);
		assertThat(reasonOf(rejected, "李\uFFFD")).contains("not valid GB18030");
		assertThat(reasonOf(rejected, "丁")).contains("quote opened in column 4");
	}

	@Test
	void aGovernmentWorkbookWithATitleRowAboveTheHeaderImports() throws Exception {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Workbook workbook = new Workbook(out, "EpiGrid tests", "1.0");
		Worksheet sheet = workbook.newWorksheet("Sheet1");
		sheet.value(0, 0, "2022年3月入境人员名单");
		sheet.range(0, 0, 0, 4).merge();
		// row index 1 left blank, as under many a title
		List<String> header = List.of("序号", "姓名", "身份证号", "入境时间", "来源地");
		for (int c = 0; c < header.size(); c++) {
			sheet.value(2, c, header.get(c));
		}
		for (int r = 3; r <= 5; r++) {
			sheet.value(r, 0, r - 2);
			sheet.value(r, 1, "旅客" + r);
			sheet.value(r, 2, TestIds.valid());
			sheet.value(r, 3, "2022-03-0" + r + " 10:00");
			sheet.value(r, 4, "香港");
		}
		workbook.finish();
		JsonNode job = importFile("air-arrivals", "入境人员名单-" + UUID.randomUUID() + ".xlsx", out.toByteArray());
		assertThat(job.get("rowsRead").asLong()).isEqualTo(3);
		assertThat(job.get("rowsAccepted").asLong()).isEqualTo(3);
		assertThat(job.get("blankRows").asLong()).isEqualTo(1);
		assertThat(this.jdbc.sql("SELECT row_number FROM source_record WHERE job_id = :j ORDER BY row_number")
			.param("j", job.get("id").asLong())
			.query(Long.class)
			.list()).containsExactly(4L, 5L, 6L);
	}

	@Test
	void valuesThatCannotBeRightAreRejectedNamingTheirColumn() throws Exception {
		String id = TestIds.valid();
		LocalDate born = new IdNumber(id).birthDate();
		LocalDate today = LocalDate.now(this.clock);
		String csv = String.join("\n", "姓名,身份证号,联系电话,出生日期,疫苗名称,剂次,接种日期",
				"对," + id + ",," + born + ",新冠疫苗,1," + today.minusDays(30),
				"负剂次," + TestIds.valid() + ",,,新冠疫苗,-1," + today.minusDays(30),
				"未来," + TestIds.valid() + ",,,新冠疫苗,2," + today.plusDays(3),
				"生日不符," + id + ",," + born.plusDays(1) + ",新冠疫苗,2," + today.minusDays(1));
		JsonNode job = importFile("vaccination", "vaccination-" + UUID.randomUUID() + ".csv",
				csv.getBytes(StandardCharsets.UTF_8));
		assertThat(job.get("rowsAccepted").asLong()).isEqualTo(1);
		assertThat(job.get("rowsRejected").asLong()).isEqualTo(3);
		List<TabularRow> rejected = rejectedRows(job.get("id").asLong());
		assertThat(reasonOf(rejected, "负剂次")).isEqualTo("剂次: must be 1 or more (the first is 1): -1");
		assertThat(reasonOf(rejected, "未来")).startsWith("接种日期: is in the future");
		assertThat(reasonOf(rejected, "生日不符"))
			.isEqualTo("出生日期: is " + born.plusDays(1) + ", but the ID number in 身份证号 holds " + born);
	}

	@Test
	void aRefusalReadsAsOneSentenceAboutTheFile() {
		Response headerOnly = this.api.upload(this.officer, "/api/v1/imports", Map.of("source", "rail-arrivals"),
				"header-only.csv", "姓名,身份证号,到达时间\n".getBytes(StandardCharsets.UTF_8));
		assertThat(headerOnly.status()).isEqualTo(400);
		assertThat(headerOnly.json().get("detail").asString()).isEqualTo("file has a header but no data rows");
		Response columns = this.api.upload(this.officer, "/api/v1/imports", Map.of("source", "rail-arrivals"),
				"columns.csv", "姓名,住址\n张三,某街1号\n".getBytes(StandardCharsets.UTF_8));
		assertThat(columns.json().get("detail").asString())
			.startsWith("file lacks the required column idNumber or phone (身份证号 / 联系电话): ")
			.endsWith("; the first of them has: 姓名, 住址");
	}

	@Test
	void aPersonInThreeListsIsOneGroupOfThreeSourceRecords() throws Exception {
		Known c = known("TRUE", 3);
		String tag = UUID.randomUUID().toString();
		importFile("rail-arrivals", "r-" + tag + ".csv",
				("姓名,身份证号,出发地\n" + c.name() + "," + c.idNumber() + ",武汉\n").getBytes(StandardCharsets.UTF_8));
		importFile("pharmacy-purchases", "p-" + tag + ".jsonl",
				("{\"姓名\":\"" + c.name() + "\",\"身份证号\":\"" + c.idNumber()
						+ "\",\"药品名称\":\"布洛芬\",\"药品类别\":\"退烧\",\"购买时间\":\"2026-01-12 10:00\"}\n")
					.getBytes(StandardCharsets.UTF_8));
		importFile("fever-clinics", "f-" + tag + ".csv",
				("姓名,身份证号,就诊时间,体温\n" + c.name() + "," + c.idNumber() + ",2026-01-13 09:00,38.6\n")
					.getBytes(StandardCharsets.UTF_8));
		assertThat(this.jdbc.sql("""
				SELECT count(DISTINCT source_id) FROM source_record
				WHERE person_id = :p AND job_id IN (SELECT id FROM import_job WHERE file_name LIKE '%' || :tag || '%')
				""").param("p", c.id()).param("tag", tag).query(Long.class).single()).isEqualTo(3);
	}

	@Test
	void onlyDataOfficersAndAdminsImport() {
		String grid = this.jdbc.sql("SELECT path FROM division WHERE level = 'GRID' LIMIT 1")
			.query(String.class)
			.single();
		String username = "gw-" + UUID.randomUUID().toString().substring(0, 8);
		this.users.create(new NewUser(username, "网格员", "grid-worker-password", EnumSet.of(Role.GRID_WORKER), grid));
		String worker = this.api.token(username, "grid-worker-password");
		Response response = this.api.upload(worker, "/api/v1/imports", Map.of("source", "rail-arrivals"), "x.csv",
				"姓名,身份证号\n张三,1\n".getBytes(StandardCharsets.UTF_8));
		assertThat(response.status()).isEqualTo(403);
		assertThat(this.api.get(worker, "/api/v1/sources").status()).isEqualTo(403);
	}

	private void assertRefused(String name, byte[] content, String reason) {
		Response response = this.api.upload(this.officer, "/api/v1/imports", Map.of("source", "rail-arrivals"), name,
				content);
		assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(400);
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo("file");
		assertThat(error.get("message").asString()).contains(reason);
	}

	private JsonNode importFile(String source, String fileName, byte[] content) {
		Response response = this.api.upload(this.officer, "/api/v1/imports", Map.of("source", source), fileName,
				content);
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		long id = response.json().get("id").asLong();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> this.api.get(this.officer, "/api/v1/imports/" + id).json().get("state").asString(),
					state -> state.equals("COMPLETED") || state.equals("FAILED"));
		JsonNode job = this.api.get(this.officer, "/api/v1/imports/" + id).json();
		assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.get("rowsRead").asLong())
			.isEqualTo(job.get("rowsAccepted").asLong() + job.get("rowsRejected").asLong());
		return job;
	}

	private List<TabularRow> rejectedRows(long jobId) throws Exception {
		Path file = this.temp.resolve("rejected-" + jobId + ".xlsx");
		Files.write(file, this.api.download(this.officer, "/api/v1/imports/" + jobId + "/rejected.xlsx"));
		List<TabularRow> rows = new ArrayList<>();
		try (TabularReader reader = TabularFiles.open(file, file.getFileName().toString())) {
			assertThat(reader.header()).startsWith("姓名", "身份证号", "联系电话");
			assertThat(reader.header().get(reader.header().size() - 1)).contains("reason");
			TabularRow row;
			while ((row = reader.next()) != null) {
				rows.add(row);
			}
		}
		return rows;
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			all.writeBytes(part);
		}
		return all.toByteArray();
	}

	private static String reasonOf(List<TabularRow> rows, String name) {
		TabularRow row = rows.stream().filter(r -> r.cells().get(0).equals(name)).findFirst().orElseThrow();
		return row.cells().get(row.cells().size() - 1);
	}

	private Link link(long jobId, long rowNumber) {
		return this.jdbc.sql("SELECT person_id, link_method FROM source_record WHERE job_id = :j AND row_number = :r")
			.param("j", jobId)
			.param("r", rowNumber)
			.query((rs, i) -> new Link(rs.getObject(1, Long.class), rs.getString(2)))
			.single();
	}

	private Known known(String condition, int offset) {
		return this.jdbc
			.sql("SELECT id, name, document_number, phone FROM person WHERE document_type = 'RESIDENT_ID' AND "
					+ condition + " ORDER BY id LIMIT 1 OFFSET " + offset)
			.query((rs, i) -> new Known(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.single();
	}

	private long count(String table) {
		return this.jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
	}

	record Known(long id, String name, String idNumber, String phone) {
	}

	record Link(Long personId, String method) {
	}

}
