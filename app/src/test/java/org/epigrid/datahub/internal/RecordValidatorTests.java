package org.epigrid.datahub.internal;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.epigrid.datahub.DataCategory;
import org.epigrid.shared.IdNumber;
import org.epigrid.shared.InvalidValueException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordValidatorTests {

	private static final List<String> HEADER = List.of("姓名", "身份证号", "联系电话", "出发地", "到达时间", "备注");

	private final RecordValidator validator = new RecordValidator(DataCategory.INBOUND_TRAVELLER,
			ColumnMapping.resolve(DataCategory.INBOUND_TRAVELLER.fields(), Map.of(), HEADER),
			ZoneId.of("Asia/Shanghai"));

	@Test
	void readsDatesAsDepartmentsWriteThem() {
		LocalDateTime expected = LocalDateTime.of(2026, 1, 15, 8, 30);
		assertThat(RecordValidator.dateTime("2026-01-15 08:30")).isEqualTo(expected);
		assertThat(RecordValidator.dateTime("2026/1/15 8:30")).isEqualTo(expected);
		assertThat(RecordValidator.dateTime("2026年1月15日 8时30分")).isEqualTo(expected);
		assertThat(RecordValidator.dateTime("2026年1月15日8时30分15秒")).isEqualTo(expected.withSecond(15));
		assertThat(RecordValidator.dateTime("2026-01-15T08:30:15")).isEqualTo(expected.withSecond(15));
		assertThat(RecordValidator.dateTime("20260115")).isEqualTo(expected.toLocalDate().atStartOfDay());
		assertThatThrownBy(() -> RecordValidator.dateTime("2026-02-30")).isInstanceOf(InvalidValueException.class);
		assertThat(RecordValidator.dateTime("2026-01-15T08:30")).isEqualTo(expected);
		assertThatThrownBy(() -> RecordValidator.dateTime("2026-02-30 08:30"))
			.isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> RecordValidator.dateTime("2026-01-15 24:30"))
			.isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> RecordValidator.dateTime("2026-01-1x 08:30"))
			.isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> RecordValidator.dateTime("明天")).hasMessageContaining("is not a date");
	}

	@Test
	void keepsUnmappedColumnsAndNamesEveryBadField() {
		String first17 = "32050719800101001";
		String id = first17 + IdNumber.checkCharacter(first17);
		RecordValidator.Outcome ok = this.validator
			.validate(List.of("张三", id, "", "武汉", "2026-01-15 08:30", "备注文字", "多余"));
		assertThat(ok.accepted()).isTrue();
		assertThat(ok.record().fields()).containsEntry("arrivalTime", "2026-01-15T08:30");
		assertThat(ok.record().fields().get("extra")).isEqualTo(Map.of("备注", "备注文字", "column 7", "多余"));
		// identifiers are the record's own components, not stored twice among its fields
		assertThat(ok.record().idNumber()).isEqualTo(id);
		assertThat(ok.record().fields()).doesNotContainKeys("name", "idNumber", "phone");
		RecordValidator.Outcome bad = this.validator.validate(List.of("", "123", "555", "武汉", "昨天", ""));
		assertThat(bad.reasons()).extracting(RecordValidator.Reason::field)
			.containsExactlyInAnyOrder("name", "idNumber", "phone", "arrivalTime");
	}

	@Test
	void refusesNulCharactersPostgresCannotStore() {
		String first17 = "32050719800101001";
		String id = first17 + IdNumber.checkCharacter(first17);
		RecordValidator.Outcome bad = this.validator
			.validate(List.of("张三", id, "", "武\0汉", "2026-01-15 08:30", "备注\0文字"));
		assertThat(bad.accepted()).isFalse();
		assertThat(bad.reasons()).extracting(RecordValidator.Reason::toString)
			.containsExactly("出发地: contains a NUL character (\\0), which cannot be stored",
					"备注: contains a NUL character (\\0), which cannot be stored");
	}

}
