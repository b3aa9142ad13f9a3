package org.epigrid.datahub.internal.tabular;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Format detection: content first, the file name only breaking ties.
 */
class TabularFormatTests {

	private static final byte[] ZIP = { 'P', 'K', 3, 4, 20, 0 };

	@Test
	void zipSignatureMeansXlsxWhateverTheName() {
		assertThat(TabularFormat.detect("list.xlsx", ZIP)).isEqualTo(TabularFormat.XLSX);
		assertThat(TabularFormat.detect("list.csv", ZIP)).isEqualTo(TabularFormat.XLSX);
		assertThat(TabularFormat.detect(null, ZIP)).isEqualTo(TabularFormat.XLSX);
	}

	@Test
	void anOpeningBraceMeansJsonLinesWhateverTheName() {
		assertThat(TabularFormat.detect("export.txt", bytes("\n  {\"a\":1}\n"))).isEqualTo(TabularFormat.JSONL);
		assertThat(TabularFormat.detect("export.csv", bytes("\uFEFF{\"a\":1}"))).isEqualTo(TabularFormat.JSONL);
	}

	@Test
	void textIsCsvEvenUnderAJsonOrXlsxName() {
		assertThat(TabularFormat.detect("list.csv", bytes("姓名,电话\n"))).isEqualTo(TabularFormat.CSV);
		assertThat(TabularFormat.detect("list.json", bytes("姓名,电话\n"))).isEqualTo(TabularFormat.CSV);
		assertThat(TabularFormat.detect("list.xlsx", bytes("姓名,电话\n"))).isEqualTo(TabularFormat.CSV);
	}

	@Test
	void theNameDecidesOnlyWhenTheContentCannot() {
		assertThat(TabularFormat.detect("broken.XLSX", new byte[] { 1, 0, 2 })).isEqualTo(TabularFormat.XLSX);
		assertThat(TabularFormat.detect("broken.bin", new byte[] { 1, 0, 2 })).isEqualTo(TabularFormat.CSV);
		assertThat(TabularFormat.detect("blank.ndjson", bytes("\n\n"))).isEqualTo(TabularFormat.JSONL);
		assertThat(TabularFormat.detect("blank.csv", bytes("\n\n"))).isEqualTo(TabularFormat.CSV);
		assertThat(TabularFormat.detect("dir.jsonl/blank", new byte[0])).isEqualTo(TabularFormat.CSV);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
