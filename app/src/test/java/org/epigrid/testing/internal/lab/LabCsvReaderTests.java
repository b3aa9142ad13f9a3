package org.epigrid.testing.internal.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.epigrid.testing.TubeOutcome;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LabCsvReaderTests {

	private final LabCsvReader reader = new LabCsvReader();

	@Test
	void readsAUtf8FileWithBomAndChineseHeaders() {
		String csv = """
				管号,结果,Ct值,检测机构,检测时间,备注
				T-0001,阴性,,杭州金域医学检验所,2026-12-07 10:02:13,
				T-0002,阳性,22.80,杭州金域医学检验所,2026-12-07 10:05,复核
				T-0003,无效,-,杭州金域医学检验所,2026-12-07T02:30:00Z,溶血
				""";
		byte[] body = withBom(csv.getBytes(StandardCharsets.UTF_8));

		ParsedResults parsed = this.reader.read(body);

		assertThat(parsed.rejections()).isEmpty();
		assertThat(parsed.entries()).isEqualTo(3);
		String lab = "杭州金域医学检验所";
		assertThat(parsed.results()).containsExactly(
				new LabResult("T-0001", TubeOutcome.NEGATIVE, null, lab, Instant.parse("2026-12-07T02:02:13Z")),
				new LabResult("T-0002", TubeOutcome.POSITIVE, new BigDecimal("22.80"), lab,
						Instant.parse("2026-12-07T02:05:00Z")),
				new LabResult("T-0003", TubeOutcome.INVALID, null, lab, Instant.parse("2026-12-07T02:30:00Z")));
	}

	@Test
	void readsAGbkFileWithEnglishHeadersInAnotherOrderAndSemicolons() {
		String csv = "Lab;Tested_At;Result;Barcode\r\n宁波疾控实验室;2026/12/07 09:00:00;negative;NB_1\r\n";
		byte[] body = csv.getBytes(Charset.forName("GBK"));

		ParsedResults parsed = this.reader.read(body);

		assertThat(parsed.rejections()).isEmpty();
		assertThat(parsed.results()).containsExactly(
				new LabResult("NB_1", TubeOutcome.NEGATIVE, null, "宁波疾控实验室", Instant.parse("2026-12-07T01:00:00Z")));
	}

	@Test
	void rejectsEachBadRowNamingRowAndColumnAndKeepsTheRow() {
		String csv = """
				barcode,result,ct,lab,testedAt
				T-1,NEGATIVE,,Lab A,2026-12-07 08:00
				T 2,NEGATIVE,,Lab A,2026-12-07 08:00
				T-3,maybe,,Lab A,2026-12-07 08:00
				T-4,POSITIVE,abc,Lab A,2026-12-07 08:00
				T-5,POSITIVE,0,Lab A,2026-12-07 08:00
				T-6,POSITIVE,30,,2026-12-07 08:00
				T-7,POSITIVE,30,Lab A,yesterday

				T-8,,,Lab A,2026-12-07 08:00
				"T-9","INVALID",,"Lab, Inc.
				second line",2026-12-07 08:00
				""";

		ParsedResults parsed = this.reader.read(csv.getBytes(StandardCharsets.UTF_8));

		assertThat(parsed.entries()).isEqualTo(9);
		assertThat(parsed.results()).containsExactly(
				new LabResult("T-1", TubeOutcome.NEGATIVE, null, "Lab A", Instant.parse("2026-12-07T00:00:00Z")),
				new LabResult("T-9", TubeOutcome.INVALID, null, "Lab, Inc.\nsecond line",
						Instant.parse("2026-12-07T00:00:00Z")));
		assertThat(parsed.rejections())
			.extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason, LabRejection::raw)
			.containsExactly(
					tuple("T 2", "row 3: barcode",
							"tube barcode 'T 2' may only hold letters A-Z, a-z, digits, '-' and '_'",
							"T 2,NEGATIVE,,Lab A,2026-12-07 08:00"),
					tuple("T-3", "row 4: result",
							"unrecognised result 'maybe': expected NEGATIVE, POSITIVE or INVALID (阴性, 阳性, 无效)",
							"T-3,maybe,,Lab A,2026-12-07 08:00"),
					tuple("T-4", "row 5: ct", "Ct value 'abc' is not a number",
							"T-4,POSITIVE,abc,Lab A,2026-12-07 08:00"),
					tuple("T-5", "row 6: ct", "Ct value 0 is not a cycle count: expected more than 0 and at most 60",
							"T-5,POSITIVE,0,Lab A,2026-12-07 08:00"),
					tuple("T-6", "row 7: lab", "missing lab", "T-6,POSITIVE,30,,2026-12-07 08:00"),
					tuple("T-7", "row 8: testedAt", "time 'yesterday' is neither ISO 8601 nor yyyy-MM-dd HH:mm[:ss]",
							"T-7,POSITIVE,30,Lab A,yesterday"),
					tuple("T-8", "row 10: result",
							"missing result: expected NEGATIVE, POSITIVE or INVALID (阴性, 阳性, 无效)",
							"T-8,,,Lab A,2026-12-07 08:00"));
	}

	@Test
	void rejectsBothRowsOfATubeWithDisagreeingResultsAndMergesAgreeingOnes() {
		String csv = """
				barcode,result,ct,lab,testedAt
				T-1,NEGATIVE,,Lab A,2026-12-07 08:00
				T-2,POSITIVE,31,Lab A,2026-12-07 08:00
				T-1,POSITIVE,25,Lab A,2026-12-07 09:00
				T-2,阳性,28.5,Lab A,2026-12-07 09:00
				""";

		ParsedResults parsed = this.reader.read(csv.getBytes(StandardCharsets.UTF_8));

		assertThat(parsed.results()).containsExactly(new LabResult("T-2", TubeOutcome.POSITIVE, new BigDecimal("28.5"),
				"Lab A", Instant.parse("2026-12-07T00:00:00Z")));
		String reason = "two results for tube T-1 in one file disagree: NEGATIVE in row 2, POSITIVE in row 4";
		assertThat(parsed.rejections()).extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("T-1", "row 2: result", reason), tuple("T-1", "row 4: result", reason));
	}

	@Test
	void refusesAFileWithoutTheRequiredColumnsOrThatIsNoText() {
		ParsedResults missing = this.reader.read("barcode,结果\nT-1,阴性\n".getBytes(StandardCharsets.UTF_8));

		assertThat(missing.results()).isEmpty();
		assertThat(missing.entries()).isEqualTo(1);
		assertThat(missing.rejections()).extracting(LabRejection::field, LabRejection::reason, LabRejection::raw)
			.containsExactly(
					tuple("header", "missing column lab, testedAt: expected the columns barcode (管号, 条码), result (结果), "
							+ "ct (Ct值, optional), lab (检测机构) and testedAt (检测时间)", "barcode,结果"));

		ParsedResults binary = this.reader.read(new byte[] { 'A', (byte) 0xFF, (byte) 0xFF, 0x0A });
		assertThat(binary.rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("file", "the file is neither UTF-8 nor GBK text (nor an .xlsx workbook)"));

		ParsedResults twice = this.reader.read("条码,barcode,result,lab,testedAt\n".getBytes(StandardCharsets.UTF_8));
		assertThat(twice.rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("header", "column barcode appears twice (columns 1 and 2)"));

		assertThat(this.reader.read(new byte[0]).rejections()).extracting(LabRejection::field, LabRejection::reason)
			.containsExactly(tuple("file", "the file is empty"));
	}

	@Test
	void readsAWorkbookWithNumberAndDateCells() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		Workbook workbook = new Workbook(out, "test", "1.0");
		Worksheet sheet = workbook.newWorksheet("results");
		String[] header = { "条码", "结果", "Ct值", "检测机构", "检测时间" };
		for (int c = 0; c < header.length; c++) {
			sheet.value(0, c, header[c]);
		}
		// a barcode typed as a number, a Ct as a number, the time as a date cell
		sheet.value(1, 0, 20261207001L);
		sheet.value(1, 1, "阳性");
		sheet.value(1, 2, 23.5);
		sheet.value(1, 3, "温州迪安医学检验所");
		sheet.value(1, 4, LocalDateTime.of(2026, 12, 7, 10, 30));
		sheet.style(1, 4).format("yyyy-mm-dd hh:mm").set();
		sheet.value(2, 0, "WZ-2");
		sheet.value(2, 1, "POSITIVE?");
		sheet.value(2, 3, "温州迪安医学检验所");
		sheet.value(2, 4, "2026-12-07 10:31");
		workbook.finish();

		ParsedResults parsed = this.reader.read(out.toByteArray());

		assertThat(parsed.results()).containsExactly(new LabResult("20261207001", TubeOutcome.POSITIVE,
				new BigDecimal("23.5"), "温州迪安医学检验所", Instant.parse("2026-12-07T02:30:00Z")));
		assertThat(parsed.rejections())
			.extracting(LabRejection::barcode, LabRejection::field, LabRejection::reason, LabRejection::raw)
			.containsExactly(tuple("WZ-2", "row 3: result",
					"unrecognised result 'POSITIVE?': expected NEGATIVE, POSITIVE or INVALID (阴性, 阳性, 无效)",
					"WZ-2,POSITIVE?,,温州迪安医学检验所,2026-12-07 10:31"));
	}

	private static byte[] withBom(byte[] text) {
		byte[] body = new byte[text.length + 3];
		body[0] = (byte) 0xEF;
		body[1] = (byte) 0xBB;
		body[2] = (byte) 0xBF;
		System.arraycopy(text, 0, body, 3, text.length);
		return body;
	}

}
