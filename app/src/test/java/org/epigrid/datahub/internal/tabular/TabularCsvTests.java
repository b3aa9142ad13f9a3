package org.epigrid.datahub.internal.tabular;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.concat;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.readAll;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.write;

/**
 * CSV as departments deliver it: Excel's UTF-8 with BOM, GB18030 from Chinese Windows,
 * tabs, quoted fields with commas and line breaks, blank lines, ragged rows.
 */
class TabularCsvTests {

	private static final Charset GB18030 = Charset.forName("GB18030");

	@TempDir
	Path directory;

	@Test
	void readsUtf8WithByteOrderMarkAndRemovesTheMarkFromTheFirstColumn() throws IOException {
		byte[] bom = { (byte) 0xEF, (byte) 0xBB, (byte) 0xBF };
		Path file = write(this.directory, "upload.csv",
				concat(bom, "姓名,身份证号\r\n张三,11010519491231002X\r\n".getBytes(StandardCharsets.UTF_8)));
		try (TabularReader reader = TabularFiles.open(file, "名单.csv")) {
			assertThat(reader.format()).isEqualTo(TabularFormat.CSV);
			assertThat(reader.encoding()).isEqualTo("UTF-8");
			assertThat(reader.header()).containsExactly("姓名", "身份证号");
			assertThat(readAll(reader)).containsExactly(new TabularRow(2, List.of("张三", "11010519491231002X")));
		}
	}

	@Test
	void readsUtf8WithoutByteOrderMark() throws IOException {
		Path file = write(this.directory, "upload.csv", "姓名,电话\n王五,13800138000\n", StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			assertThat(reader.encoding()).isEqualTo("UTF-8");
			assertThat(readAll(reader)).containsExactly(new TabularRow(2, List.of("王五", "13800138000")));
		}
	}

	@Test
	void readsGb18030WithChineseHeadersAndValues() throws IOException {
		String content = "姓名,身份证号,联系电话,现住址\r\n张三,11010519491231002X,13800138000,北京市朝阳区\r\n"
				+ "李四,440524188001010014,13900139000,广东省汕头市\r\n";
		byte[] bytes = content.getBytes(GB18030);
		assertThat(isValidUtf8(bytes)).as("precondition: the bytes are not UTF-8").isFalse();
		Path file = write(this.directory, "upload.csv", bytes);
		try (TabularReader reader = TabularFiles.open(file, "公安名单.csv")) {
			assertThat(reader.encoding()).isEqualTo("GB18030");
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "联系电话", "现住址");
			assertThat(readAll(reader)).containsExactly(
					new TabularRow(2, List.of("张三", "11010519491231002X", "13800138000", "北京市朝阳区")),
					new TabularRow(3, List.of("李四", "440524188001010014", "13900139000", "广东省汕头市")));
		}
	}

	@Test
	void readsExcelUnicodeTextThatIsUtf16WithByteOrderMarkAndTabs() throws IOException {
		byte[] bom = { (byte) 0xFF, (byte) 0xFE };
		Path file = write(this.directory, "unicode.txt",
				concat(bom, "姓名\t身份证号\r\n张三\t11010519491231002X\r\n".getBytes(StandardCharsets.UTF_16LE)));
		try (TabularReader reader = TabularFiles.open(file, "unicode.txt")) {
			assertThat(reader.encoding()).isEqualTo("UTF-16LE");
			assertThat(reader.header()).containsExactly("姓名", "身份证号");
			assertThat(readAll(reader)).containsExactly(new TabularRow(2, List.of("张三", "11010519491231002X")));
		}
	}

	@Test
	void flagsOnlyTheRowOfABrokenCharacterInUtf16() throws IOException {
		byte[] bom = { (byte) 0xFF, (byte) 0xFE };
		// an unpaired surrogate (0xD800) before "x"
		byte[] unpaired = { 0x00, (byte) 0xD8 };
		Path file = write(this.directory, "unicode.txt",
				concat(bom, "姓名\t身份证号\r\n张三\t1\r\n".getBytes(StandardCharsets.UTF_16LE), unpaired,
						"x\t2\r\n李四\t3\r\n".getBytes(StandardCharsets.UTF_16LE)));
		try (TabularReader reader = TabularFiles.open(file, "unicode.txt")) {
			assertThat(reader.encoding()).isEqualTo("UTF-16LE");
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).hasSize(3);
			assertThat(rows.get(0)).isEqualTo(new TabularRow(2, List.of("张三", "1")));
			assertThat(rows.get(1).problem())
				.isEqualTo("row contains bytes that are not valid UTF-16LE (shown as \uFFFD)");
			assertThat(rows.get(1).cells()).endsWith("2");
			// the text after it is read in its pairs of bytes, as before
			assertThat(rows.get(2)).isEqualTo(new TabularRow(4, List.of("李四", "3")));
		}
	}

	@Test
	void detectsTabAsDelimiter() throws IOException {
		Path file = write(this.directory, "export.txt", "姓名\t身份证号\t备注\n张三\t11010519491231002X\t有逗号, 无妨\n",
				StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "export.txt")) {
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "备注");
			assertThat(readAll(reader)).extracting(TabularRow::cells)
				.containsExactly(List.of("张三", "11010519491231002X", "有逗号, 无妨"));
		}
	}

	@Test
	void detectsTheDelimiterOfTheHeaderBelowATitleLine() throws IOException {
		Path file = write(this.directory, "export.txt",
				"入境人员名单（2022年3月, 第一批）\n姓名\t身份证号\t备注\n张三\t11010519491231002X\t无\n", StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "export.txt", (cells) -> cells.contains("姓名"))) {
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "备注");
			assertThat(readAll(reader)).containsExactly(new TabularRow(3, List.of("张三", "11010519491231002X", "无")));
		}
	}

	@Test
	void detectsSemicolonAsDelimiter() throws IOException {
		Path file = write(this.directory, "export.csv", "name;city\nAnna;Zürich\n", StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "export.csv")) {
			assertThat(reader.header()).containsExactly("name", "city");
			assertThat(readAll(reader)).extracting(TabularRow::cells).containsExactly(List.of("Anna", "Zürich"));
		}
	}

	@Test
	void readsQuotedFieldsWithDelimitersQuotesAndLineBreaksNumberingRowsByTheirFirstLine() throws IOException {
		String content = "姓名,地址,备注\n" + "王五,\"北京市, 朝阳区\",\"第一行\n第二行\"\n" + "赵六,\"他说\"\"你好\"\"\",x\n";
		Path file = write(this.directory, "upload.csv", content, StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			assertThat(readAll(reader)).containsExactly(new TabularRow(2, List.of("王五", "北京市, 朝阳区", "第一行\n第二行")),
					new TabularRow(4, List.of("赵六", "他说\"你好\"", "x")));
		}
	}

	@Test
	void skipsAndCountsBlankLinesAndRowsOfEmptyCells() throws IOException {
		String content = "\na,b\n\n1,2\n ,  \n,,\n3,4\n\n";
		Path file = write(this.directory, "upload.csv", content, StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			assertThat(reader.header()).containsExactly("a", "b");
			assertThat(readAll(reader)).containsExactly(new TabularRow(4, List.of("1", "2")),
					new TabularRow(7, List.of("3", "4")));
			// lines 1, 3, 5, 6 and 8
			assertThat(reader.blankRowsSkipped()).isEqualTo(5);
		}
	}

	@Test
	void keepsCellsBeyondTheHeaderAndPadsShortRows() throws IOException {
		String content = "a,b,c\n1,2,3,4\n5\n6,7,8,,\n 9 , 10 ,11\n";
		Path file = write(this.directory, "upload.csv", content, StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			assertThat(readAll(reader)).containsExactly(new TabularRow(2, List.of("1", "2", "3", "4")),
					new TabularRow(3, List.of("5", "", "")), new TabularRow(4, List.of("6", "7", "8")),
					new TabularRow(5, List.of("9", "10", "11")));
		}
	}

	@Test
	void flagsOnlyTheRowWithBrokenBytesInAnOtherwiseUtf8File() throws IOException {
		StringBuilder before = new StringBuilder("姓名,地址\n");
		for (int i = 0; i < 20; i++) {
			before.append("张三").append(i).append(",北京市朝阳区\n");
		}
		byte[] broken = concat(before.toString().getBytes(StandardCharsets.UTF_8),
				"李四,".getBytes(StandardCharsets.UTF_8), new byte[] { (byte) 0xE5, (byte) 0x8C },
				"\n王五,上海市\n".getBytes(StandardCharsets.UTF_8));
		Path file = write(this.directory, "upload.csv", broken);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			assertThat(reader.encoding()).isEqualTo("UTF-8");
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).hasSize(22);
			assertThat(rows.get(20).number()).isEqualTo(22);
			assertThat(rows.get(20).problem())
				.isEqualTo("row contains bytes that are not valid UTF-8 (shown as \uFFFD)");
			assertThat(rows.get(20).cell(0)).isEqualTo("李四");
			assertThat(rows).filteredOn((row) -> row.problem() != null).hasSize(1);
			assertThat(rows.get(21)).isEqualTo(new TabularRow(23, List.of("王五", "上海市")));
		}
	}

	@Test
	void rejectsOnlyTheLineOfAQuoteThatNeverClosesAndReadsOnFromTheNextLine() throws IOException {
		Path file = write(this.directory, "upload.csv", "a,b\n1,\"2\n3,4\n", StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).containsExactly(
					new TabularRow(2, List.of("1", "\"2"), "quote opened in column 2 never closes"),
					new TabularRow(3, List.of("3", "4")));
		}
	}

	@Test
	void aBrokenQuoteThatRunsIntoALaterQuotedFieldCostsOneRow() throws IOException {
		String content = "姓名,地址,备注\r\n" + "张三,\"北京市朝阳区,漏了引号\r\n" + "李四,\"上海市, 浦东\",x\r\n" + "王五,广州,\"第一行\r\n第二行\"\r\n"
				+ "赵六,\"深圳\"市,y\r\n";
		Path file = write(this.directory, "upload.csv", content, StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).hasSize(4);
			assertThat(rows.get(0).number()).isEqualTo(2);
			assertThat(rows.get(0).cells()).containsExactly("张三", "\"北京市朝阳区", "漏了引号");
			assertThat(rows.get(0).problem()).startsWith("quote opened in column 2 does not close properly");
			// the rows after it are read for what they are, quoted fields included
			assertThat(rows.subList(1, 4)).containsExactly(new TabularRow(3, List.of("李四", "上海市, 浦东", "x")),
					new TabularRow(4, List.of("王五", "广州", "第一行\r\n第二行")), new TabularRow(6, List.of("赵六", "深圳市", "y")));
		}
	}

	@Test
	void aQuoteThatRunsOnForMoreThanAHundredLinesCostsOneRow() throws IOException {
		StringBuilder content = new StringBuilder("姓名,身份证号\n张三,\"110105194912310021\n");
		for (int i = 0; i < 150; i++) {
			content.append("人员").append(i).append(',').append(110105194912310000L + i).append('\n');
		}
		content.append("末行,\"引号\"\n");
		Path file = write(this.directory, "upload.csv", content.toString(), StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).hasSize(152);
			assertThat(rows.get(0).problem())
				.isEqualTo("quote opened in column 2 does not close within 100 lines or 1,000,000 characters");
			assertThat(rows.subList(1, 152)).allMatch((row) -> row.problem() == null);
			assertThat(rows.get(1)).isEqualTo(new TabularRow(3, List.of("人员0", "110105194912310000")));
			assertThat(rows.get(151)).isEqualTo(new TabularRow(153, List.of("末行", "引号")));
		}
	}

	@Test
	void flagsOnlyTheRowOfATruncatedGb18030CharacterAndKeepsItsOtherCells() throws IOException {
		StringBuilder before = new StringBuilder("姓名,身份证号,现住址\r\n");
		for (int i = 0; i < 10; i++) {
			before.append("张三").append(i).append(",11010519491231002X,北京市朝阳区\r\n");
		}
		byte[] cut = Arrays.copyOf("三".getBytes(GB18030), 1);
		// 李三 cut after the first byte of 三, before a comma; 朝阳区三号楼 cut likewise,
		// before digits (which a decoder reading on from the cut byte would swallow)
		byte[] bytes = concat(before.toString().getBytes(GB18030), "李".getBytes(GB18030), cut,
				",110105194912310021,朝阳区".getBytes(GB18030), cut,
				"18号楼\r\n王五,440524188001010014,上海市\r\n".getBytes(GB18030));
		Path file = write(this.directory, "upload.csv", bytes);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv")) {
			assertThat(reader.encoding()).isEqualTo("GB18030");
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).hasSize(12);
			assertThat(rows.get(10).number()).isEqualTo(12);
			assertThat(rows.get(10).problem())
				.isEqualTo("row contains bytes that are not valid GB18030 (shown as \uFFFD)");
			// only the broken bytes are lost
			assertThat(rows.get(10).cells()).containsExactly("李\uFFFD", "110105194912310021", "朝阳区\uFFFD18号楼");
			assertThat(rows).filteredOn((row) -> row.problem() != null).hasSize(1);
			assertThat(rows.get(11)).isEqualTo(new TabularRow(13, List.of("王五", "440524188001010014", "上海市")));
		}
	}

	@Test
	void findsTheHeaderBelowATitleRowAndABlankRow() throws IOException {
		String content = "2022年3月入境人员名单,,,\n,,,\n姓名,身份证号,联系电话,到达时间\n张三,11010519491231002X,,2022-03-01\n";
		Path file = write(this.directory, "upload.csv", content, GB18030);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv", (cells) -> cells.contains("姓名"))) {
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "联系电话", "到达时间");
			assertThat(readAll(reader))
				.containsExactly(new TabularRow(4, List.of("张三", "11010519491231002X", "", "2022-03-01")));
			assertThat(reader.blankRowsSkipped()).isEqualTo(1);
		}
		// nothing recognised among the first rows: the first row is the header, the
		// rows read while looking are data
		try (TabularReader reader = TabularFiles.open(file, "upload.csv", (cells) -> false)) {
			assertThat(reader.header()).containsExactly("2022年3月入境人员名单");
			assertThat(readAll(reader)).extracting(TabularRow::number).containsExactly(3L, 4L);
		}
	}

	@Test
	void looksForTheHeaderInTheFirstTenNonBlankRowsOnly() throws IOException {
		StringBuilder content = new StringBuilder();
		for (int i = 1; i <= TabularFiles.HEADER_ROWS_SEARCHED; i++) {
			content.append("说明第").append(i).append("行\n\n");
		}
		content.append("姓名,身份证号\n张三,11010519491231002X\n");
		Path file = write(this.directory, "upload.csv", content.toString(), StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "upload.csv", (cells) -> cells.contains("姓名"))) {
			assertThat(reader.header()).containsExactly("说明第1行");
		}
	}

	@Test
	void readsAMillionLinesStreaming() throws IOException {
		Path file = this.directory.resolve("big.csv");
		int rows = 1_000_000;
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write("序号,姓名,身份证号\n");
			for (int i = 1; i <= rows; i++) {
				out.write(i + ",人员" + i + "," + (110105194912310000L + i) + "\n");
			}
		}
		long count = 0;
		TabularRow last = null;
		try (TabularReader reader = TabularFiles.open(file, "big.csv")) {
			for (TabularRow row = reader.next(); row != null; row = reader.next()) {
				count++;
				last = row;
			}
		}
		assertThat(count).isEqualTo(rows);
		assertThat(last).isEqualTo(new TabularRow(rows + 1, List.of("1000000", "人员1000000", "110105194913310000")));
	}

	private static boolean isValidUtf8(byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

}
