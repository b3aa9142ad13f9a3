package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.readAll;

/**
 * The rejected-rows workbook: the original columns as text plus the source row and the
 * reason, and importable again once corrected.
 */
class RejectedRowsWorkbookTests {

	private static final List<String> HEADER = List.of("姓名", "身份证号", "出生日期");

	@TempDir
	Path directory;

	@Test
	void roundTripsThroughTabularFilesWithTwoAddedColumns() throws IOException {
		List<RejectedRow> rejected = List.of(
				new RejectedRow(5, List.of("张三", "110105194912310021", "1949-12-31"), "身份证号校验位错误"),
				new RejectedRow(9, List.of("李四", "0012345", ""), "身份证号应为18位；出生日期为空"),
				new RejectedRow(12, List.of("王五", "11010519491231002X", "1949/12/31"), "出生日期格式不对"));
		Path file = write("rejected.xlsx", HEADER, rejected);

		try (TabularReader reader = TabularFiles.open(file, "rejected.xlsx")) {
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "出生日期", RejectedRowsWorkbook.SOURCE_ROW_COLUMN,
					RejectedRowsWorkbook.REASON_COLUMN);
			assertThat(RejectedRowsWorkbook.SOURCE_ROW_COLUMN).isEqualTo("原行号 source row");
			assertThat(RejectedRowsWorkbook.REASON_COLUMN).isEqualTo("错误原因 reason");
			assertThat(readAll(reader)).containsExactly(
					new TabularRow(2, List.of("张三", "110105194912310021", "1949-12-31", "5", "身份证号校验位错误")),
					new TabularRow(3, List.of("李四", "0012345", "", "9", "身份证号应为18位；出生日期为空")),
					new TabularRow(4, List.of("王五", "11010519491231002X", "1949/12/31", "12", "出生日期格式不对")));
		}
	}

	@Test
	void rejectingRowsOfARejectedRowsWorkbookAgainDoesNotRepeatTheAddedColumns() throws IOException {
		Path first = write("first.xlsx", HEADER,
				List.of(new RejectedRow(7, List.of("张三", "123", "1949-12-31"), "身份证号应为18位")));
		List<String> header;
		List<RejectedRow> again = new ArrayList<>();
		try (TabularReader reader = TabularFiles.open(first, "first.xlsx")) {
			header = reader.header();
			for (TabularRow row : readAll(reader)) {
				again.add(new RejectedRow(row.number(), row.cells(), "仍然不对"));
			}
		}
		Path second = write("second.xlsx", header, again);
		try (TabularReader reader = TabularFiles.open(second, "second.xlsx")) {
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "出生日期", RejectedRowsWorkbook.SOURCE_ROW_COLUMN,
					RejectedRowsWorkbook.REASON_COLUMN);
			assertThat(readAll(reader))
				.containsExactly(new TabularRow(2, List.of("张三", "123", "1949-12-31", "2", "仍然不对")));
		}
	}

	@Test
	void putsCellsBeyondTheHeaderAfterTheAddedColumns() throws IOException {
		Path file = write("extra.xlsx", HEADER, List.of(new RejectedRow(3, List.of("张三", "1", "2", "多余"), "多出 1 列"),
				new RejectedRow(4, List.of("李四"), "缺少列")));
		try (TabularReader reader = TabularFiles.open(file, "extra.xlsx")) {
			assertThat(readAll(reader)).containsExactly(new TabularRow(2, List.of("张三", "1", "2", "3", "多出 1 列", "多余")),
					new TabularRow(3, List.of("李四", "", "", "4", "缺少列")));
		}
	}

	@Test
	void writesManyRowsInBatches() throws IOException {
		int count = 5 * RejectedRowsWorkbook.FLUSH_EVERY + 7;
		Iterable<RejectedRow> rows = () -> LongStream.rangeClosed(1, count)
			.mapToObj((n) -> new RejectedRow(n + 1, List.of("人员" + n, Long.toString(110105194912310000L + n), ""),
					"原因" + n))
			.iterator();
		Path file = write("many.xlsx", HEADER, rows);
		try (TabularReader reader = TabularFiles.open(file, "many.xlsx")) {
			List<TabularRow> read = readAll(reader);
			assertThat(read).hasSize(count);
			assertThat(read.get(count - 1)).isEqualTo(new TabularRow(count + 1, List.of("人员" + count,
					Long.toString(110105194912310000L + count), "", Long.toString(count + 1), "原因" + count)));
		}
	}

	private Path write(String name, List<String> header, Iterable<RejectedRow> rows) throws IOException {
		Path file = this.directory.resolve(name);
		try (OutputStream out = Files.newOutputStream(file)) {
			RejectedRowsWorkbook.write(out, header, rows);
		}
		return file;
	}

}
