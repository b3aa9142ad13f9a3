package org.epigrid.shared;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdNumberTests {

	// the published GB 11643 example number
	private static final String EXAMPLE = "11010519491231002X";

	@Test
	void acceptsValidNumberAndDerivesBirthDateAndSex() {
		IdNumber id = new IdNumber(" 11010519491231002x ");
		assertThat(id.value()).isEqualTo(EXAMPLE);
		assertThat(id.birthDate()).isEqualTo(LocalDate.of(1949, 12, 31));
		assertThat(id.sex()).isEqualTo(Sex.FEMALE);
		assertThat(id.regionCode()).isEqualTo("110105");
	}

	@Test
	void aNumberTypedIntoAFieldIsParsedOrTheFieldIsNamedWithTheReason() {
		assertThat(IdNumber.of("idNumber", " 11010519491231002x ").value()).isEqualTo(EXAMPLE);
		assertThatThrownBy(() -> IdNumber.of("idNumber", "110105194912310021"))
			.isInstanceOfSatisfying(FieldErrorsException.class, ex -> {
				assertThat(ex.errors()).hasSize(1);
				assertThat(ex.errors().get(0).field()).isEqualTo("idNumber");
				assertThat(ex.errors().get(0).message()).contains("check digit is wrong");
			});
		assertThatThrownBy(() -> IdNumber.of("holder", null)).isInstanceOfSatisfying(FieldErrorsException.class,
				ex -> assertThat(ex.errors().get(0).field()).isEqualTo("holder"));
	}

	@Test
	void computesCheckCharacter() {
		assertThat(IdNumber.checkCharacter(EXAMPLE.substring(0, 17))).isEqualTo('X');
		assertThat(IdNumber.checkCharacter("44052418800101001")).isEqualTo('4');
	}

	@Test
	void refusesWrongCheckDigit() {
		assertThatThrownBy(() -> new IdNumber("110105194912310021")).isInstanceOf(InvalidValueException.class)
			.hasMessage("check digit is wrong");
	}

	@Test
	void refusesImpossibleBirthDate() {
		String first17 = "32050719990230001";
		assertThatThrownBy(() -> new IdNumber(first17 + IdNumber.checkCharacter(first17)))
			.hasMessageContaining("is not a date");
	}

	@Test
	void refusesWrongLengthAndLetters() {
		assertThatThrownBy(() -> new IdNumber("1101051949123100")).hasMessageContaining("18 characters");
		assertThatThrownBy(() -> new IdNumber("11010519491231A02X")).hasMessageContaining("character 15");
		assertThat(IdNumber.isValid(null)).isFalse();
		assertThat(IdNumber.isValid(EXAMPLE)).isTrue();
	}

	@Test
	void printsMasked() {
		assertThat(new IdNumber(EXAMPLE)).hasToString("110105********002X");
	}

}
