package org.epigrid.datahub.internal;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;

class RecordJsonTests {

	@Test
	void writesJsonThatReadsBackToTheSameFieldsOnceTheCsvQuotesAreUndone() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("originCity", "湖北省\"武汉\"市");
		fields.put("destination", "back\\slash, comma\nnew line\ttab\u0001control 😷");
		fields.put("doseNumber", 2);
		fields.put("temperature", new BigDecimal("37.3"));
		fields.put("extra", Map.of("备注", "首行"));
		String csvField = new String(RecordJson.appendCsvQuoted(new Utf8Buffer(8), fields).take(),
				java.nio.charset.StandardCharsets.UTF_8);

		// inside a quoted CSV field every quote comes in pairs
		assertThat(csvField.replace("\"\"", "")).doesNotContain("\"");
		Map<String, Object> read = RecordJson.JSON.readValue(csvField.replace("\"\"", "\""),
				new TypeReference<LinkedHashMap<String, Object>>() {
				});
		assertThat(read).containsEntry("originCity", "湖北省\"武汉\"市")
			.containsEntry("destination", "back\\slash, comma\nnew line\ttab\u0001control 😷")
			.containsEntry("doseNumber", 2)
			.containsEntry("extra", Map.of("备注", "首行"));
		assertThat(read.get("temperature").toString()).isEqualTo("37.3");
		assertThat(read.keySet()).containsExactly("originCity", "destination", "doseNumber", "temperature", "extra");
	}

}
