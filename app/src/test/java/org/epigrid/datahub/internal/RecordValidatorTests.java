package org.epigrid.datahub.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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

	/** Mid-morning of 2026-03-15 in Shanghai: the day the imports below run. */
	private static final Clock CLOCK = Clock.fixed(
			ZonedDateTime.of(2026, 3, 15, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant(),
			ZoneId.of("Asia/Shanghai"));

	private final RecordValidator validator = validator(DataCategory.INBOUND_TRAVELLER, HEADER);

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

	@Test
	void refusesADoseNumberBelowOneNamingTheColumn() {
		RecordValidator vaccinations = validator(DataCategory.VACCINATION, List.of("姓名", "身份证号", "剂次", "接种日期"));
		String id = id("32050719800101001");
		assertThat(vaccinations.validate(List.of("张三", id, "-1", "2026-03-01")).reasons())
			.extracting(RecordValidator.Reason::toString)
			.containsExactly("剂次: must be 1 or more (the first is 1): -1");
		assertThat(vaccinations.validate(List.of("张三", id, "0", "2026-03-01")).accepted()).isFalse();
		RecordValidator.Outcome first = vaccinations.validate(List.of("张三", id, "1", "2026-03-01"));
		assertThat(first.accepted()).isTrue();
		assertThat(first.record().fields()).containsEntry("doseNumber", 1);
	}

	@Test
	void refusesAVaccinationAfterTheDayOfTheImport() {
		RecordValidator vaccinations = validator(DataCategory.VACCINATION, List.of("姓名", "身份证号", "剂次", "接种日期"));
		String id = id("32050719800101001");
		assertThat(vaccinations.validate(List.of("张三", id, "2", "2026-03-16")).reasons())
			.extracting(RecordValidator.Reason::toString)
			.containsExactly("接种日期: is in the future: 2026-03-16 is after today (2026-03-15)");
		assertThat(vaccinations.validate(List.of("张三", id, "2", "2026年3月15日")).accepted()).isTrue();
	}

	@Test
	void refusesOtherThingsThatHappenedAfterTodayButNotPlannedArrivals() {
		RecordValidator purchases = validator(DataCategory.PHARMACY_PURCHASE, List.of("姓名", "联系电话", "购买时间"));
		assertThat(purchases.validate(List.of("张三", "13800138000", "2026-03-16 08:00")).reasons())
			.extracting(RecordValidator.Reason::field)
			.containsExactly("purchaseTime");
		// a clock a little ahead: later on the same day passes
		assertThat(purchases.validate(List.of("张三", "13800138000", "2026-03-15 10:20")).accepted()).isTrue();
		// a ticket for next week is an arrival to come
		String id = id("32050719800101001");
		assertThat(this.validator.validate(List.of("张三", id, "", "武汉", "2026-03-22 08:30", "")).accepted()).isTrue();
	}

	@Test
	void refusesABirthDateThatIsNotTheOneTheIdNumberHolds() {
		RecordValidator rows = validator(DataCategory.RESIDENT_POPULATION, List.of("姓名", "公民身份号码", "出生日期", "现住址"));
		String id = id("32050719800101001");
		assertThat(rows.validate(List.of("张三", id, "1980-01-02", "某街1号")).reasons())
			.extracting(RecordValidator.Reason::toString)
			.containsExactly("出生日期: is 1980-01-02, but the ID number in 公民身份号码 holds 1980-01-01");
		assertThat(rows.validate(List.of("张三", id, "1980/1/1", "某街1号")).accepted()).isTrue();
		assertThat(rows.validate(List.of("张三", id, "", "某街1号")).accepted()).isTrue();
		// an ID number of somebody born after today, and a birth date after today
		assertThat(rows.validate(List.of("张三", id("32050720260316001"), "", "某街1号")).reasons())
			.extracting(RecordValidator.Reason::toString)
			.containsExactly("公民身份号码: holds the birth date 2026-03-16, which is after today (2026-03-15)");
		assertThat(rows.validate(List.of("张三", "", "2027-01-01", "某街1号")).reasons())
			.extracting(RecordValidator.Reason::field)
			.contains("birthDate");
	}

	private static RecordValidator validator(DataCategory category, List<String> header) {
		return new RecordValidator(category, ColumnMapping.resolve(category.fields(), Map.of(), header), CLOCK);
	}

	private static String id(String first17) {
		return first17 + IdNumber.checkCharacter(first17);
	}

}
