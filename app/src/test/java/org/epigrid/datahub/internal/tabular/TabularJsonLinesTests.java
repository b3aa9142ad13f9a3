package org.epigrid.datahub.internal.tabular;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.readAll;
import static org.epigrid.datahub.internal.tabular.TabularTestFiles.write;

/**
 * JSON Lines from telecom and travel systems: keys that vary between lines, nested
 * values, and lines that are not JSON objects.
 */
class TabularJsonLinesTests {

	@TempDir
	Path directory;

	@Test
	void buildsTheHeaderFromTheKeysOfAllObjectsAndFlagsMalformedLines() throws IOException {
		String content = """
				{"姓名": "张三", "身份证号": "11010519491231002X", "年龄": 30}
				{"姓名": " 李四 ", "电话": "13800138000"}

				{"姓名": "王五", "年龄": 4
				[1, 2]
				{"姓名": "赵六", "地址": {"省": "北京"}, "标签": ["a", "b"], "体温": 36.50, "已接种": true, "备注": null, "大数": 1e20}
				""";
		Path file = write(this.directory, "roaming.jsonl", content, StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "roaming.jsonl")) {
			assertThat(reader.format()).isEqualTo(TabularFormat.JSONL);
			assertThat(reader.encoding()).isEqualTo("UTF-8");
			assertThat(reader.header()).containsExactly("姓名", "身份证号", "年龄", "电话", "地址", "标签", "体温", "已接种", "备注", "大数");
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).extracting(TabularRow::number).containsExactly(1L, 2L, 4L, 5L, 6L);
			assertThat(rows.get(0).cells()).containsExactly("张三", "11010519491231002X", "30", "", "", "", "", "", "",
					"");
			assertThat(rows.get(0).problem()).isNull();
			assertThat(rows.get(1).cells()).containsExactly("李四", "", "", "13800138000", "", "", "", "", "", "");
			assertThat(rows.get(2).problem()).startsWith("line is not a JSON object: ");
			assertThat(rows.get(2).cells()).hasSize(10).allMatch(String::isEmpty);
			assertThat(rows.get(3).problem()).isEqualTo("line is not a JSON object: found array [1, 2]");
			assertThat(rows.get(4).cells()).containsExactly("赵六", "", "", "", "{\"省\":\"北京\"}", "[\"a\",\"b\"]", "36.5",
					"true", "", "100000000000000000000");
			assertThat(rows.get(4).problem()).isNull();
			assertThat(reader.blankRowsSkipped()).isEqualTo(1);
		}
	}

	@Test
	void keepsKeysFirstSeenAfterTheHeaderLookAheadBeyondTheHeader() throws IOException {
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < JsonLinesTabularReader.HEADER_OBJECTS; i++) {
			content.append("{\"a\": ").append(i).append("}\n");
		}
		content.append("{\"a\": 1000, \"b\": \"late\"}\n");
		content.append("{\"c\": \"later\", \"a\": 1001}\n");
		content.append("{\"a\": 1002, \"c\": \"again\"}\n");
		Path file = write(this.directory, "late.jsonl", content.toString(), StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "late.jsonl")) {
			assertThat(reader.header()).containsExactly("a");
			List<TabularRow> rows = readAll(reader);
			assertThat(rows).hasSize(1003);
			assertThat(rows.subList(1000, 1003)).containsExactly(new TabularRow(1001, List.of("1000", "late")),
					new TabularRow(1002, List.of("1001", "", "later")),
					new TabularRow(1003, List.of("1002", "", "again")));
		}
	}

	@Test
	void flagsDuplicateKeysInALine() throws IOException {
		Path file = write(this.directory, "dup.jsonl", "{\"a\": 1}\n{\"a\": 2, \"a\": 3}\n", StandardCharsets.UTF_8);
		try (TabularReader reader = TabularFiles.open(file, "dup.jsonl")) {
			List<TabularRow> rows = readAll(reader);
			assertThat(rows.get(1).problem()).startsWith("line is not a JSON object: ").contains("\"a\"");
		}
	}

	@Test
	void refusesAJsonArrayFile() throws IOException {
		Path file = write(this.directory, "list.json", "[{\"a\": 1}, {\"a\": 2}]\n", StandardCharsets.UTF_8);
		assertThatThrownBy(() -> TabularFiles.open(file, "list.json")).isInstanceOf(UnreadableFileException.class)
			.hasMessage("is a JSON array, not JSON Lines: expected one JSON object per line");
	}

	@Test
	void refusesAFileWithoutAnyJsonObject() throws IOException {
		Path file = write(this.directory, "junk.jsonl", "{oops\n{\"unclosed\": \n", StandardCharsets.UTF_8);
		assertThatThrownBy(() -> TabularFiles.open(file, "junk.jsonl")).isInstanceOf(UnreadableFileException.class)
			.hasMessage("has no header row: none of its first 2 non-blank lines is a JSON object");
	}

}
