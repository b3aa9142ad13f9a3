package org.epigrid.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNumberTests {

	@Test
	void normalisesMobileNumbers() {
		assertThat(new PhoneNumber("+86 138-1234-5678").value()).isEqualTo("13812345678");
		assertThat(new PhoneNumber("8613812345678").value()).isEqualTo("13812345678");
	}

	@Test
	void keepsFixedLines() {
		assertThat(new PhoneNumber("0512-65223456").value()).isEqualTo("0512-65223456");
	}

	@Test
	void refusesOtherText() {
		assertThatThrownBy(() -> new PhoneNumber("12812345678")).isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> new PhoneNumber("1381234567")).isInstanceOf(InvalidValueException.class);
		assertThatThrownBy(() -> new PhoneNumber("1381234567x")).isInstanceOf(InvalidValueException.class);
		assertThat(new PhoneNumber(" 13812345678 ").value()).isEqualTo("13812345678");
	}

	@Test
	void aTypedMobileNumberNamesTheFieldAndWhyOtherwise() {
		assertThat(PhoneNumber.mobile("phone", " 138-1234-5678 ", "a code is sent to it")).isEqualTo("13812345678");
		assertThatThrownBy(() -> PhoneNumber.mobile("phone", "12345", "a code is sent to it"))
			.isInstanceOf(FieldErrorsException.class)
			.hasMessageContaining("11-digit mobile");
		assertThatThrownBy(() -> PhoneNumber.mobile("phone", "0512-65123456", "a code is sent to it"))
			.isInstanceOf(FieldErrorsException.class)
			.hasMessageContaining("a code is sent to it");
		assertThatThrownBy(() -> PhoneNumber.mobile("phone", null, "x")).isInstanceOf(FieldErrorsException.class);
	}

}
