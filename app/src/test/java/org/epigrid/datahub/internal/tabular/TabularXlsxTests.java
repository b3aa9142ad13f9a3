package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.readAll;

/**
 * Workbooks as Excel and other tools save them: typed cells rendered as the text a person
 * sees, gaps and empty rows skipped, a 200,000-row sheet read by streaming.
 */
class TabularXlsxTests {

	private static final List<String> HEADER = List.of("姓名", "身份证号", "出生日期", "采样时间", "年龄", "体温", "已接种", "长号码", "科学计数");

	@TempDir
	Path directory;

	@Test
	void rendersTypedCellsAsTextAndSkipsEmptyRows() throws IOException {
		Path file = this.directory.resolve("upload.xlsx");
		try (OutputStream out = Files.newOutputStream(file)) {
			Workbook workbook = new Workbook(out, "test", "1.0");
			Worksheet sheet = workbook.newWorksheet("名单");
			for (int c = 0; c < HEADER.size(); c++) {
				sheet.value(0, c, HEADER.get(c));
			}
			sheet.value(1, 0, " 张三 ");
			sheet.value(1, 1, "11010519491231002X");
			sheet.value(1, 2, LocalDate.of(2026, 1, 15));
			sheet.style(1, 2).format("yyyy-mm-dd").set();
			sheet.value(1, 3, LocalDateTime.of(2026, 1, 15, 8, 30));
			sheet.style(1, 3).format("yyyy-mm-dd hh:mm").set();
			sheet.value(1, 4, 42);
			sheet.value(1, 5, 36.6);
			sheet.value(1, 6, true);
			// an ID number typed into Excel as a number
			sheet.value(1, 7, 110105194912310021L);
			sheet.value(1, 8, 1.1010519491231002E17);
			// row index 2 is missing altogether, row index 3 has only empty text
			sheet.value(3, 0, "");
			sheet.value(3, 1, "  ");
			sheet.value(4, 0, "李四");
			sheet.value(4, 2, LocalDateTime.of(1990, 3, 7, 0, 0));
			sheet.style(4, 2).format("yyyy/m/d").set();
			sheet.value(4, 4, 0);
			workbook.finish();
		}
		try (TabularReader reader = TabularFiles.open(file, "upload.xlsx")) {
			assertThat(reader.format()).isEqualTo(TabularFormat.XLSX);
			assertThat(reader.encoding()).isEqualTo("XLSX");
			assertThat(reader.header()).isEqualTo(HEADER);
			assertThat(readAll(reader)).containsExactly(
					new TabularRow(2,
							List.of("张三", "11010519491231002X", "2026-01-15", "2026-01-15T08:30", "42", "36.6", "true",
									"110105194912310021", "110105194912310020")),
					new TabularRow(5, List.of("李四", "", "1990-03-07", "", "0", "", "", "", "")));
			assertThat(reader.blankRowsSkipped()).isEqualTo(2);
		}
	}

	@Test
	void rendersFormulasByTheirCachedValueErrorsAsEmptyAndBuiltInDateFormats() throws IOException {
		String sheet = """
				<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
				<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>合计</t></is></c>\
				<c r="C1" t="inlineStr"><is><t>拼接</t></is></c><c r="D1" t="inlineStr"><is><t>已接种</t></is></c>\
				<c r="E1" t="inlineStr"><is><t>错误</t></is></c><c r="F1" t="inlineStr"><is><t>入境日期</t></is></c>\
				<c r="G1" t="inlineStr"><is><t>登记日期</t></is></c><c r="H1" t="inlineStr"><is><t>时刻</t></is></c>\
				<c r="I1" t="inlineStr"><is><t>采样时间</t></is></c><c r="J1" t="inlineStr"><is><t>数值</t></is></c></row>
				<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2"><f>SUM(1,2)</f><v>3</v></c>\
				<c r="C2" t="str"><f>"A"&amp;"B"</f><v>AB</v></c><c r="D2" t="b"><f>TRUE()</f><v>1</v></c>\
				<c r="E2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F2" s="1"><v>46037</v></c>\
				<c r="G2" s="2"><v>46037</v></c><c r="H2" s="3"><v>0.354166666666667</v></c>\
				<c r="I2" s="4"><v>46037.3541666667</v></c><c r="J2"><v>1.10105194912310E+17</v></c></row>
				<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><f>B2*2</f></c><c r="D3" t="b"><v>0</v></c>\
				<c r="E3" t="e"><v>#N/A</v></c><c r="F3" s="1"><v>46037.5</v></c><c r="J3"><v>12.300000000000001</v></c></row>
				</sheetData></worksheet>""";
		String styles = """
				<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
				<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; h:mm"/></numFmts>\
				<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="31"/><xf numFmtId="20"/>\
				<xf numFmtId="164"/></cellXfs></styleSheet>""";
		String sharedStrings = """
				<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
				<si><t>姓名</t></si><si><t xml:space="preserve"> 张三 </t></si><si><r><t>李</t></r><r><t>四</t></r></si></sst>""";
		Path file = handMadeWorkbook(sheet, styles, sharedStrings);
		try (TabularReader reader = TabularFiles.open(file, "handmade.xlsx")) {
			assertThat(reader.header()).containsExactly("姓名", "合计", "拼接", "已接种", "错误", "入境日期", "登记日期", "时刻", "采样时间",
					"数值");
			assertThat(readAll(reader)).containsExactly(
					new TabularRow(2,
							List.of("张三", "3", "AB", "true", "", "2026-01-15", "2026-01-15", "08:30",
									"2026-01-15T08:30", "110105194912310000")),
					new TabularRow(3, List.of("李四", "", "", "false", "", "2026-01-15T12:00", "", "", "", "12.3")));
		}
	}

	@Test
	void findsTheHeaderBelowAMergedTitleRowAndABlankRow() throws IOException {
		Path file = this.directory.resolve("government.xlsx");
		try (OutputStream out = Files.newOutputStream(file)) {
			Workbook workbook = new Workbook(out, "test", "1.0");
			Worksheet sheet = workbook.newWorksheet("Sheet1");
			sheet.value(0, 0, "2022年3月入境人员名单");
			sheet.range(0, 0, 0, 3).merge();
			sheet.range(0, 0, 0, 3).style().bold().horizontalAlignment("center").set();
			// row index 1 is blank
			sheet.value(2, 0, "姓名");
			sheet.value(2, 1, "身份证号");
			sheet.value(2, 2, "联系电话");
			sheet.value(2, 3, "入境时间");
			sheet.value(3, 0, "张三");
			sheet.value(3, 1, "11010519491231002X");
			sheet.value(3, 3, LocalDateTime.of(2022, 3, 1, 9, 30));
			sheet.style(3, 3).format("yyyy-mm-dd hh:mm").set();
			workbook.finish();
		}
		try (TabularReader reader = TabularFiles.open(file, "government.xlsx", (cells) -> cells.contains("身份证号"))) {
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "联系电话", "入境时间");
			assertThat(readAll(reader))
				.containsExactly(new TabularRow(4, List.of("张三", "11010519491231002X", "", "2022-03-01T09:30")));
			assertThat(reader.blankRowsSkipped()).isEqualTo(1);
		}
	}

	@Test
	void readsTwoHundredThousandRowsByStreaming() throws IOException {
		int rows = 200_000;
		Path file = this.directory.resolve("big.xlsx");
		try (OutputStream out = Files.newOutputStream(file)) {
			Workbook workbook = new Workbook(out, "test", "1.0");
			Worksheet sheet = workbook.newWorksheet("名单");
			sheet.value(0, 0, "序号");
			sheet.value(0, 1, "姓名");
			sheet.value(0, 2, "身份证号");
			sheet.value(0, 3, "入境日期");
			for (int r = 1; r <= rows; r++) {
				sheet.value(r, 0, r);
				sheet.value(r, 1, "人员" + r);
				sheet.value(r, 2, Long.toString(110105194912310000L + r));
				sheet.value(r, 3, LocalDate.of(2026, 1, 1).plusDays(r % 365));
				sheet.style(r, 3).format("yyyy-mm-dd").set();
				if (r % 10_000 == 0) {
					sheet.flush();
				}
			}
			workbook.finish();
		}
		long count = 0;
		TabularRow first = null;
		TabularRow last = null;
		try (TabularReader reader = TabularFiles.open(file, "big.xlsx")) {
			assertThat(reader.header()).containsExactly("序号", "姓名", "身份证号", "入境日期");
			for (TabularRow row = reader.next(); row != null; row = reader.next()) {
				if (first == null) {
					first = row;
				}
				count++;
				// every row in order, none lost
				assertThat(row.number()).isEqualTo(count + 1);
				last = row;
			}
		}
		assertThat(count).isEqualTo(rows);
		assertThat(first).isEqualTo(new TabularRow(2, List.of("1", "人员1", "110105194912310001", "2026-01-02")));
		assertThat(last)
			.isEqualTo(new TabularRow(rows + 1, List.of("200000", "人员200000", "110105194912510000", "2026-12-12")));
	}

	private Path handMadeWorkbook(String sheet, String styles, String sharedStrings) throws IOException {
		Path file = this.directory.resolve("handmade.xlsx");
		try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
			entry(zip, "[Content_Types].xml",
					"""
							<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
							<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
							<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
							<Default Extension="xml" ContentType="application/xml"/>\
							<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
							<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
							<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
							<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
							</Types>""");
			entry(zip, "_rels/.rels",
					"""
							<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
							<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
							</Relationships>""");
			entry(zip, "xl/workbook.xml", """
					<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
					xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
					<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>""");
			entry(zip, "xl/_rels/workbook.xml.rels",
					"""
							<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
							<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
							</Relationships>""");
			entry(zip, "xl/styles.xml", styles);
			entry(zip, "xl/sharedStrings.xml", sharedStrings);
			entry(zip, "xl/worksheets/sheet1.xml", sheet);
		}
		return file;
	}

	private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}

}
