package org.epigrid.datahub.internal.tabular;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.concat;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.write;

/**
 * Files that cannot be read as a table are refused when opened, with a message that tells
 * the uploader what is wrong.
 */
class TabularRefusalTests {

	@TempDir
	Path directory;

	@Test
	void refusesAnEmptyFile() throws IOException {
		Path file = write(this.directory, "empty.csv", new byte[0]);
		assertRefused(file, "empty.csv", "is empty (0 bytes)");
	}

	@Test
	void refusesBinaryContent() throws IOException {
		byte[] bytes = concat("姓名,电话\n".getBytes(StandardCharsets.UTF_8), new byte[] { 0x01, 0x00, 0x7F, 0x00 });
		Path file = write(this.directory, "data.csv", bytes);
		assertRefused(file, "data.csv", "is not text: it contains NUL bytes (binary?)");
	}

	@Test
	void refusesTextThatIsNeitherUtf8NorGb18030() throws IOException {
		byte[] bytes = concat("a,b\n".getBytes(StandardCharsets.US_ASCII), new byte[] { (byte) 0xFF, (byte) 0xFF },
				",x\n".getBytes(StandardCharsets.US_ASCII));
		Path file = write(this.directory, "data.csv", bytes);
		assertRefused(file, "data.csv", "is neither UTF-8 nor GB18030 text: byte 0xFF at offset 4 (line 2) is not"
				+ " valid UTF-8 and byte 0xFF at offset 4 (line 2) is not valid GB18030");
	}

	@Test
	void refusesAFileWithOnlyBlankLines() throws IOException {
		Path file = write(this.directory, "blank.csv", "\n \r\n,,\n", StandardCharsets.UTF_8);
		assertRefused(file, "blank.csv", "has no header row: every line is blank");
	}

	@Test
	void refusesAHeaderWithoutDataRows() throws IOException {
		Path file = write(this.directory, "header.csv", "姓名,身份证号\n\n,\n", StandardCharsets.UTF_8);
		assertRefused(file, "header.csv", "has a header but no data rows (2 blank rows)");
		Path bare = write(this.directory, "bare.csv", "姓名,身份证号", StandardCharsets.UTF_8);
		assertRefused(bare, "bare.csv", "has a header but no data rows");
	}

	@Test
	void refusesDuplicateColumnNamesSayingWhich() throws IOException {
		Path file = write(this.directory, "dup.csv", "姓名,身份证号,电话, 姓名 \n张三,1,2,3\n", Charset.forName("GB18030"));
		assertRefused(file, "dup.csv", "has the column '姓名' twice in its header (columns 1 and 4)");
	}

	@Test
	void refusesAJsonLinesHeaderWithoutNames() throws IOException {
		Path file = write(this.directory, "blank-keys.jsonl", "{\"\": 1}\n{\" \": 2}\n", StandardCharsets.UTF_8);
		assertRefused(file, "blank-keys.jsonl", "has a header row without column names: every header cell is blank");
	}

	@Test
	void refusesRandomBytesNamedXlsx() throws IOException {
		byte[] bytes = new byte[16 * 1024];
		new Random(42).nextBytes(bytes);
		bytes[100] = 0;
		Path file = write(this.directory, "upload.bin", bytes);
		assertRefused(file, "名单.xlsx",
				"is not a readable Excel workbook (.xlsx): it does not start like one (no ZIP signature)");
	}

	@Test
	void refusesAZipThatIsNoWorkbook() throws IOException {
		ByteArrayOutputStream zipped = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
			zip.putNextEntry(new ZipEntry("名单.csv"));
			zip.write("姓名\n张三\n".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		Path file = write(this.directory, "upload.zip", zipped.toByteArray());
		assertThatThrownBy(() -> TabularFiles.open(file, "名单.zip")).isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("is not a readable Excel workbook (.xlsx): ")
			.hasMessageContaining("[Content_Types].xml");
	}

	@Test
	void refusesATruncatedWorkbook() throws IOException {
		Path whole = this.directory.resolve("whole.xlsx");
		try (OutputStream out = Files.newOutputStream(whole)) {
			Workbook workbook = new Workbook(out, "test", "1.0");
			Worksheet sheet = workbook.newWorksheet("名单");
			sheet.value(0, 0, "姓名");
			sheet.value(1, 0, "张三");
			workbook.finish();
		}
		byte[] bytes = Files.readAllBytes(whole);
		Path file = write(this.directory, "cut.xlsx", Arrays.copyOf(bytes, bytes.length / 2));
		assertThatThrownBy(() -> TabularFiles.open(file, "cut.xlsx")).isInstanceOf(UnreadableFileException.class)
			.hasMessageStartingWith("is not a readable Excel workbook (.xlsx): ");
	}

	@Test
	void refusesAWorkbookWithAHeaderOnlyOrNothing() throws IOException {
		Path headerOnly = this.directory.resolve("header.xlsx");
		try (OutputStream out = Files.newOutputStream(headerOnly)) {
			Workbook workbook = new Workbook(out, "test", "1.0");
			Worksheet sheet = workbook.newWorksheet("名单");
			sheet.value(2, 1, "姓名");
			sheet.value(2, 2, "身份证号");
			workbook.finish();
		}
		assertRefused(headerOnly, "header.xlsx", "has a header but no data rows (2 blank rows)");
		Path empty = this.directory.resolve("empty.xlsx");
		try (OutputStream out = Files.newOutputStream(empty)) {
			Workbook workbook = new Workbook(out, "test", "1.0");
			workbook.newWorksheet("名单");
			workbook.finish();
		}
		assertRefused(empty, "empty.xlsx", "has no header row: the first sheet is empty");
	}

	@Test
	void refusesLegacyExcelWorkbooks() throws IOException {
		byte[] ole2 = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0,
				0 };
		Path file = write(this.directory, "old.xls", ole2);
		assertRefused(file, "old.xls", "is an Excel 97-2003 workbook (.xls) or a password-protected workbook,"
				+ " which cannot be read: save it as .xlsx (without password) or as CSV");
	}

	@Test
	void refusesHtmlExportedUnderASpreadsheetName() throws IOException {
		Path file = write(this.directory, "export.xls", "\n<html><table><tr><td>姓名</td></tr></table></html>\n",
				StandardCharsets.UTF_8);
		assertRefused(file, "export.xls",
				"is an HTML or XML document, not a table: open it in Excel and save it as .xlsx or CSV");
	}

	private static void assertRefused(Path file, String name, String message) {
		assertThatThrownBy(() -> TabularFiles.open(file, name)).isInstanceOf(UnreadableFileException.class)
			.hasMessage(message);
	}

}
